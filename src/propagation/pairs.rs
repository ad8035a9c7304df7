//! Carriers made of `(name, value)` pairs: HTTP header lists, MQTT v5 user
//! properties, Kafka record headers.

use super::carrier::Extractor;

/// How a pair carrier matches names and which occurrences it returns.
///
/// # Examples
///
/// ```
/// use tracewire::propagation::{Extractor, NameRule, Pairs};
///
/// let pairs = [("TraceState", &b"a=1"[..]), ("tracestate", b"b=2"), ("tracestate", b"c=3")];
/// let count = |rule| Pairs::new(&pairs, rule).values_of("tracestate").count();
/// assert_eq!(count(NameRule::AnyCase), 3); // HTTP, gRPC (CAR-07)
/// assert_eq!(count(NameRule::Exact), 2); // MQTT (CAR-14)
/// assert_eq!(count(NameRule::ExactLast), 1); // Kafka (CAR-26)
/// ```
///
/// # Spec
///
/// CAR-07, CAR-09, CAR-14, CAR-26.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum NameRule {
    /// HTTP and gRPC: ASCII case-insensitive, every occurrence (CAR-07, CAR-09).
    AnyCase,
    /// MQTT v5 user properties: exact, every occurrence (CAR-14).
    Exact,
    /// Kafka record headers: exact, only the last occurrence (CAR-26).
    ExactLast,
}

impl NameRule {
    fn matches(self, have: &str, want: &str) -> bool {
        match self {
            Self::AnyCase => have.eq_ignore_ascii_case(want),
            Self::Exact | Self::ExactLast => have == want,
        }
    }
}

/// A read-only carrier over a slice of `(name, value)` pairs.
///
/// # Examples
///
/// MQTT v5 user properties (names exact, CAR-14):
///
/// ```
/// use tracewire::propagation::{Extractor, Pairs};
///
/// let props = [("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..]),
///              ("TraceParent", b"ignored: MQTT names are case-sensitive")];
/// assert_eq!(Pairs::mqtt(&props).values_of("traceparent").count(), 1);
/// ```
///
/// Kafka record headers (last occurrence wins, CAR-26):
///
/// ```
/// use tracewire::propagation::{Extractor, Pairs};
///
/// let headers = [("baggage", &b"a=1"[..]), ("baggage", b"a=2")];
/// let carrier = Pairs::kafka(&headers);
/// assert_eq!(carrier.values_of("baggage").collect::<Vec<_>>(), [&b"a=2"[..]]);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Pairs<'a, N, V> {
    pairs: &'a [(N, V)],
    rule: NameRule,
}

impl<'a, N: AsRef<str>, V: AsRef<[u8]>> Pairs<'a, N, V> {
    /// A carrier with the given name rule.
    #[must_use]
    pub const fn new(pairs: &'a [(N, V)], rule: NameRule) -> Self {
        Self { pairs, rule }
    }

    /// HTTP header fields: names case-insensitive, all occurrences.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{extract_traceparent, Pairs};
    ///
    /// // Names in any case; `String`/`Vec<u8>` pairs work as well as literals.
    /// let headers = vec![(
    ///     "TraceParent".to_string(),
    ///     b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_vec(),
    /// )];
    /// assert!(extract_traceparent(&Pairs::http(&headers))?.is_some());
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// CAR-07, CAR-09.
    #[must_use]
    pub const fn http(pairs: &'a [(N, V)]) -> Self {
        Self::new(pairs, NameRule::AnyCase)
    }

    /// MQTT v5 user properties: names exact, all occurrences (CAR-13, CAR-14).
    #[must_use]
    pub const fn mqtt(pairs: &'a [(N, V)]) -> Self {
        Self::new(pairs, NameRule::Exact)
    }

    /// Kafka record headers: keys exact, last occurrence only (CAR-25, CAR-26).
    #[must_use]
    pub const fn kafka(pairs: &'a [(N, V)]) -> Self {
        Self::new(pairs, NameRule::ExactLast)
    }
}

#[cfg(feature = "defmt")]
impl<N: AsRef<str>, V: AsRef<[u8]>> defmt::Format for Pairs<'_, N, V> {
    /// The name rule and the pairs as text:
    /// `Pairs(AnyCase, traceparent: b"00-…", baggage: b"k=v")`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Pairs({}", self.rule);
        for (n, v) in self.pairs {
            defmt::write!(f, ", {=str}: {=[u8]:a}", n.as_ref(), v.as_ref());
        }
        defmt::write!(f, ")");
    }
}

/// The values of one name in a [`Pairs`] carrier.
#[derive(Clone, Debug)]
pub struct PairValues<'a, 'n, N, V> {
    pairs: core::slice::Iter<'a, (N, V)>,
    name: &'n str,
    rule: NameRule,
}

#[cfg(feature = "defmt")]
impl<N, V> defmt::Format for PairValues<'_, '_, N, V> {
    /// The name looked up and the rule: `PairValues("baggage", AnyCase)`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "PairValues({=str}, {})", self.name, self.rule);
    }
}

impl<'a, N: AsRef<str>, V: AsRef<[u8]>> Iterator for PairValues<'a, '_, N, V> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        if self.rule == NameRule::ExactLast {
            let rule = self.rule;
            let name = self.name;
            let last = self.pairs.by_ref().rev().find(|(n, _)| {
                crate::steps::tick();
                rule.matches(n.as_ref(), name)
            });
            self.pairs = [].iter();
            return last.map(|(_, v)| v.as_ref());
        }
        let rule = self.rule;
        let name = self.name;
        self.pairs
            .find(|(n, _)| {
                crate::steps::tick();
                rule.matches(n.as_ref(), name)
            })
            .map(|(_, v)| v.as_ref())
    }
}

impl<N: AsRef<str>, V: AsRef<[u8]>> core::iter::FusedIterator for PairValues<'_, '_, N, V> {}

impl<N: AsRef<str>, V: AsRef<[u8]>> Extractor for Pairs<'_, N, V> {
    type Values<'a>
        = PairValues<'a, 'a, N, V>
    where
        Self: 'a;
    fn values_of<'a>(&'a self, name: &'a str) -> Self::Values<'a> {
        PairValues {
            pairs: self.pairs.iter(),
            name,
            rule: self.rule,
        }
    }
}

/// Kafka record headers whose values may be null (CAR-26: null = missing).
///
/// # Examples
///
/// ```
/// use tracewire::propagation::{Extractor, KafkaHeaders};
///
/// let headers = [("tracestate", Some(&b"a=1"[..])), ("tracestate", None)];
/// assert_eq!(KafkaHeaders(&headers).values_of("tracestate").count(), 0);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct KafkaHeaders<'a>(pub &'a [(&'a str, Option<&'a [u8]>)]);

#[cfg(feature = "defmt")]
impl defmt::Format for KafkaHeaders<'_> {
    /// The headers as text, a null value as `null`:
    /// `KafkaHeaders(traceparent: b"00-…", retry: null)`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "KafkaHeaders(");
        for (i, (n, v)) in self.0.iter().enumerate() {
            if i > 0 {
                defmt::write!(f, ", ");
            }
            if let Some(v) = v {
                defmt::write!(f, "{=str}: {=[u8]:a}", n, v);
            } else {
                defmt::write!(f, "{=str}: null", n);
            }
        }
        defmt::write!(f, ")");
    }
}

impl Extractor for KafkaHeaders<'_> {
    type Values<'a>
        = core::option::IntoIter<&'a [u8]>
    where
        Self: 'a;
    fn values_of<'a>(&'a self, name: &'a str) -> Self::Values<'a> {
        // CAR-26: the last occurrence of the key decides; a null value there
        // means the field is missing.
        self.0
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| *v)
            .into_iter()
    }
}

#[cfg(feature = "std")]
mod std_impls {
    use super::NameRule;
    #[cfg(doc)]
    use super::Pairs;
    use crate::CapacityError;
    use crate::propagation::Injector;
    use std::string::String;
    use std::vec::Vec;

    /// Replace-by-name for a vector of pairs under `rule`, other pairs kept
    /// in order. [`NameRule::AnyCase`] and [`NameRule::Exact`]: the first
    /// pair with the name keeps its place and takes the name as given and
    /// the value, later ones are removed, and a new name is appended
    /// (CAR-03, CAR-15). [`NameRule::ExactLast`]: every pair with the name
    /// is removed and one is appended (CAR-27).
    fn set_pair<V>(pairs: &mut Vec<(String, V)>, rule: NameRule, name: &str, value: V) {
        let mut value = Some(value);
        pairs.retain_mut(|(n, v)| {
            if !rule.matches(n, name) {
                return true;
            }
            if rule == NameRule::ExactLast {
                return false;
            }
            match value.take() {
                Some(new) => {
                    *v = new;
                    if n != name {
                        *n = String::from(name);
                    }
                    true
                }
                None => false,
            }
        });
        if let Some(v) = value {
            pairs.push((String::from(name), v));
        }
    }

    /// A value [`PairsMut`] can write: made from the header text.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Injector, PairValue, PairsMut};
    ///
    /// // A value type of your own, e.g. the one your HTTP client stores.
    /// #[derive(Debug, PartialEq)]
    /// struct Value(Box<str>);
    /// impl PairValue for Value {
    ///     fn from_text(text: &str) -> Self {
    ///         Value(text.into())
    ///     }
    /// }
    /// let mut pairs: Vec<(String, Value)> = Vec::new();
    /// PairsMut::http(&mut pairs).set("baggage", "k=v")?;
    /// assert_eq!(pairs, [("baggage".to_string(), Value("k=v".into()))]);
    /// # Ok::<(), tracewire::CapacityError>(())
    /// ```
    pub trait PairValue {
        /// The value holding `text`.
        fn from_text(text: &str) -> Self;
    }

    impl PairValue for String {
        fn from_text(text: &str) -> Self {
            String::from(text)
        }
    }

    impl PairValue for Vec<u8> {
        fn from_text(text: &str) -> Self {
            text.as_bytes().to_vec()
        }
    }

    /// Kafka record headers, whose values may be null.
    impl PairValue for Option<Vec<u8>> {
        fn from_text(text: &str) -> Self {
            Some(text.as_bytes().to_vec())
        }
    }

    /// A writable carrier over a vector of `(name, value)` pairs that
    /// replaces fields by its protocol's [`NameRule`], as [`Pairs`] reads
    /// them (feature `std`).
    ///
    /// - [`http`](Self::http): names match in any case, so `TraceParent`
    ///   already in the list is replaced, not doubled (CAR-03, CAR-07);
    ///   the field keeps its place and takes the lowercase name.
    /// - [`mqtt`](Self::mqtt): names exact; the first property of the name
    ///   keeps its place, later ones are removed (CAR-15).
    /// - [`kafka`](Self::kafka): keys exact; every header with the key is
    ///   removed and one is appended (CAR-27). Values may be
    ///   `Option<Vec<u8>>`, so null-valued headers of other keys are kept.
    ///
    /// Other pairs keep their order in every case. A plain `Vec` of pairs
    /// is also an [`Injector`]: it compares names exactly, as
    /// [`mqtt`](Self::mqtt) does.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Injector, PairsMut};
    ///
    /// let mut headers = vec![("TraceParent".to_string(), "old".to_string())];
    /// PairsMut::http(&mut headers).set("traceparent", "new")?;
    /// assert_eq!(headers, [("traceparent".to_string(), "new".to_string())]);
    ///
    /// let mut record = vec![
    ///     ("traceparent".to_string(), Some(b"old".to_vec())),
    ///     ("retry".to_string(), None),
    /// ];
    /// PairsMut::kafka(&mut record).set("traceparent", "new")?;
    /// assert_eq!(record, [
    ///     ("retry".to_string(), None),
    ///     ("traceparent".to_string(), Some(b"new".to_vec())),
    /// ]);
    /// # Ok::<(), tracewire::CapacityError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// CAR-03, CAR-07, CAR-15, CAR-27.
    #[derive(Debug)]
    pub struct PairsMut<'a, V> {
        pairs: &'a mut Vec<(String, V)>,
        rule: NameRule,
    }

    #[cfg(feature = "defmt")]
    impl<V> defmt::Format for PairsMut<'_, V> {
        /// The name rule and the names in the list:
        /// `PairsMut(AnyCase, [traceparent, retry])`. Values are left out:
        /// [`PairValue`] types (`String`, `Vec<u8>`) are not `Format`.
        fn format(&self, f: defmt::Formatter<'_>) {
            defmt::write!(f, "PairsMut({}, [", self.rule);
            for (i, (n, _)) in self.pairs.iter().enumerate() {
                if i > 0 {
                    defmt::write!(f, ", ");
                }
                defmt::write!(f, "{=str}", n.as_str());
            }
            defmt::write!(f, "])");
        }
    }

    impl<'a, V: PairValue> PairsMut<'a, V> {
        /// A carrier writing `pairs` with the given name rule.
        #[must_use]
        pub fn new(pairs: &'a mut Vec<(String, V)>, rule: NameRule) -> Self {
            Self { pairs, rule }
        }

        /// HTTP header fields: names case-insensitive (CAR-03, CAR-07).
        #[must_use]
        pub fn http(pairs: &'a mut Vec<(String, V)>) -> Self {
            Self::new(pairs, NameRule::AnyCase)
        }

        /// MQTT v5 user properties: names exact, first one kept in place
        /// (CAR-15).
        ///
        /// # Examples
        ///
        /// ```
        /// use tracewire::propagation::{Injector, PairsMut};
        ///
        /// let mut props = vec![
        ///     ("baggage".to_string(), "a=1".to_string()),
        ///     ("Baggage".to_string(), "other".to_string()), // a different name in MQTT
        ///     ("baggage".to_string(), "b=2".to_string()),
        /// ];
        /// PairsMut::mqtt(&mut props).set("baggage", "c=3")?;
        /// let names: Vec<_> = props.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        /// assert_eq!(names, ["baggage: c=3", "Baggage: other"]);
        /// # Ok::<(), tracewire::CapacityError>(())
        /// ```
        ///
        /// # Spec
        ///
        /// CAR-14, CAR-15.
        #[must_use]
        pub fn mqtt(pairs: &'a mut Vec<(String, V)>) -> Self {
            Self::new(pairs, NameRule::Exact)
        }

        /// Kafka record headers: keys exact, removed and appended (CAR-27).
        #[must_use]
        pub fn kafka(pairs: &'a mut Vec<(String, V)>) -> Self {
            Self::new(pairs, NameRule::ExactLast)
        }
    }

    impl<V: PairValue> Injector for PairsMut<'_, V> {
        fn set(&mut self, name: &str, value: &str) -> Result<(), CapacityError> {
            set_pair(self.pairs, self.rule, name, V::from_text(value));
            Ok(())
        }
        fn remove_all(&mut self, name: &str) {
            let rule = self.rule;
            self.pairs.retain(|(n, _)| !rule.matches(n, name));
        }
    }

    /// Names compared exactly, the first pair of a name kept in place
    /// (CAR-15); [`PairsMut`] writes by HTTP or Kafka rules.
    impl Injector for Vec<(String, Vec<u8>)> {
        fn set(&mut self, name: &str, value: &str) -> Result<(), CapacityError> {
            set_pair(self, NameRule::Exact, name, value.as_bytes().to_vec());
            Ok(())
        }
        fn remove_all(&mut self, name: &str) {
            self.retain(|(n, _)| n != name);
        }
    }

    /// Names compared exactly, the first pair of a name kept in place
    /// (CAR-15); [`PairsMut`] writes by HTTP or Kafka rules.
    impl Injector for Vec<(String, String)> {
        fn set(&mut self, name: &str, value: &str) -> Result<(), CapacityError> {
            set_pair(self, NameRule::Exact, name, String::from(value));
            Ok(())
        }
        fn remove_all(&mut self, name: &str) {
            self.retain(|(n, _)| n != name);
        }
    }
}

#[cfg(feature = "std")]
pub use std_impls::{PairValue, PairsMut};

#[cfg(feature = "heapless")]
mod heapless_impls {
    use crate::CapacityError;
    use crate::propagation::Injector;

    /// An injector over a fixed-capacity `heapless::Vec` of pairs with inline
    /// names and values (`NAME` and `VALUE` bytes each), for any length
    /// types and for the `VecView` form of the list.
    impl<LN, LV, L, S, const NAME: usize, const VALUE: usize> Injector
        for heapless::vec::VecInner<
            (heapless::String<NAME, LN>, heapless::Vec<u8, VALUE, LV>),
            L,
            S,
        >
    where
        LN: heapless::LenType,
        LV: heapless::LenType,
        L: heapless::LenType,
        S: heapless::vec::VecStorage<(heapless::String<NAME, LN>, heapless::Vec<u8, VALUE, LV>)>
            + ?Sized,
    {
        fn set(&mut self, name: &str, value: &str) -> Result<(), CapacityError> {
            let mut v = heapless::Vec::new();
            v.extend_from_slice(value.as_bytes())
                .map_err(|_| CapacityError)?;
            if let Some(i) = self.iter().position(|(n, _)| n.as_str() == name) {
                if let Some((_, slot)) = self.get_mut(i) {
                    *slot = v;
                }
                let mut seen = false;
                self.retain(|(n, _)| {
                    if n.as_str() != name {
                        return true;
                    }
                    let keep = !seen;
                    seen = true;
                    keep
                });
            } else {
                let mut n = heapless::String::new();
                n.push_str(name).map_err(|_| CapacityError)?;
                self.push((n, v)).map_err(|_| CapacityError)?;
            }
            Ok(())
        }
        fn remove_all(&mut self, name: &str) {
            self.retain(|(n, _)| n.as_str() != name);
        }
    }
}
