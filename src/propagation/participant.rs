//! [`Participant`]: continue or restart the trace of an incoming carrier for
//! each outgoing call.

use super::fields::is_blank;
use super::{
    BAGGAGE, Extractor, Header, Injector, MAX_BAGGAGE_FIELDS, TRACEPARENT, TRACESTATE, extract,
};
use crate::BaggageRef;
use crate::baggage::Limits;
use crate::tracestate::Dropped;
use crate::{
    Baggage, CapacityError, ParseError, SpanId, TraceFlags, TraceId, TraceParent, TraceState,
};
use rand_core::Rng;

/// What a service decided about the incoming trace context.
///
/// # Examples
///
/// ```
/// use tracewire::ErrorKind;
/// use tracewire::propagation::{Decision, Pairs, Participant};
/// # use rand::SeedableRng as _;
/// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
/// let incoming = [("traceparent", &b"00-00000000000000000000000000000000-00f067aa0ba902b7-01"[..])];
/// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
/// match me.decision() {
///     Decision::RestartedInvalid(e) => assert_eq!(e.kind(), ErrorKind::AllZeroTraceId),
///     other => panic!("expected a restart, got {other:?}"),
/// }
/// ```
///
/// # Spec
///
/// TP-20..TP-22, TP-27.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Decision {
    /// A valid traceparent came in: its trace is continued (TP-21).
    Continued(TraceParent),
    /// No traceparent came in: a new trace was started (TP-20, TP-22).
    RestartedMissing,
    /// The traceparent was invalid (for this reason): a new trace was
    /// started and the incoming tracestate dropped (TP-20, TS-14).
    RestartedInvalid(ParseError),
    /// The service chose to start a new trace ([`Participant::restart`], TP-27).
    RestartedByCaller,
}

/// A service's part in a trace: built once per incoming request or message,
/// asked for a fresh child context for every outgoing call.
///
/// - Valid incoming traceparent: **continue** — the trace-id, the sampled and
///   random-trace-id bits are kept, each call gets a new span id (TP-21,
///   TP-24, TP-25, TP-32).
/// - Missing or invalid: **restart** — one new random trace-id for the whole
///   request, the random-trace-id bit set, sampled as the caller decides
///   (default off), incoming tracestate dropped (TP-20, TP-22, TP-27, TP-29).
/// - tracestate: forwarded when continuing, all fields joined, dropped whole
///   if invalid (TS-12..TS-17); the service may add its own member first
///   through [`tracestate_mut`](Self::tracestate_mut) (TS-21).
/// - baggage: whatever came in, malformed members dropped, sent on every
///   call whatever happened to the trace context (BG-21, BG-22, BG-24).
///
/// The RNG is the caller's; nothing else goes into the ids (TP-34).
///
/// Capacities: `TS` bytes of tracestate (default 512, TS-27; a longer
/// incoming one is truncated by TS-28), `BB` bytes and `BM` members of
/// baggage (defaults 8192 and 64, BG-16). Incoming baggage is read with
/// [`Baggage::READ_LIMITS`]: never less than the 64 members and 8192 bytes
/// of BG-14, and all that a larger capacity holds; whole members are dropped
/// from the end beyond them (BG-15). Only the first
/// [`MAX_BAGGAGE_FIELDS`] non-blank `baggage` fields are read (as
/// [`extract`] does); the members of later fields are dropped too. What was dropped is told by
/// [`tracestate_dropped`](Self::tracestate_dropped) and
/// [`baggage_dropped`](Self::baggage_dropped). The default value is about
/// 9 KB.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "std")] {
/// use tracewire::propagation::{Decision, Pairs, Participant};
/// # use rand::SeedableRng as _;
/// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
/// let incoming = [("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..])];
/// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
/// assert!(matches!(me.decision(), Decision::Continued(_)));
///
/// let mut call_1: Vec<(String, String)> = Vec::new();
/// let mut call_2: Vec<(String, String)> = Vec::new();
/// let a = me.inject(&mut call_1, &mut rng)?;
/// let b = me.inject(&mut call_2, &mut rng)?;
/// assert_eq!(a.trace_id(), b.trace_id());
/// assert_ne!(a.parent_id(), b.parent_id());
/// # }
/// # Ok::<(), tracewire::CapacityError>(())
/// ```
///
/// # Spec
///
/// TP-20..TP-22, TP-24, TP-25, TP-27, TP-29..TP-32, TP-34, CAR-02, CAR-06.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Participant<const TS: usize = 512, const BB: usize = 8192, const BM: usize = 64> {
    decision: Decision,
    trace_id: TraceId,
    flags: TraceFlags,
    tracestate: TraceState<TS>,
    tracestate_error: Option<ParseError>,
    tracestate_dropped: Dropped,
    baggage: Baggage<BB, BM>,
    baggage_dropped: usize,
}

impl Participant {
    /// Reads `incoming` and decides, with the default capacities: continue
    /// its trace or start a new one (whose trace-id is drawn from `rng` now,
    /// once for the whole request).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Decision, Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// // No traceparent: a new trace, random-trace-id bit set, not sampled (TP-22).
    /// let incoming = [("baggage", &b"userId=alice"[..])];
    /// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// assert_eq!(me.decision(), Decision::RestartedMissing);
    /// let tp = me.next_traceparent(&mut rng);
    /// assert!(tp.is_random() && !tp.is_sampled());
    /// assert_eq!(me.baggage().as_str(), "userId=alice"); // baggage kept (BG-22)
    /// ```
    ///
    /// # Spec
    ///
    /// TP-20, TP-22, TP-29, BG-22, CAR-02.
    pub fn from_carrier<E, R>(incoming: &E, rng: &mut R) -> Self
    where
        E: Extractor + ?Sized,
        R: Rng + ?Sized,
    {
        Self::with_capacity(incoming, rng)
    }
}

/// Well-formed baggage members in the fields [`extract`] keeps no slot
/// for: the non-blank `baggage` fields past the first
/// [`MAX_BAGGAGE_FIELDS`]. They come after every kept member, so they are
/// dropped from the end (BG-15, BG-17).
fn members_past_the_fields<E: Extractor + ?Sized>(incoming: &E) -> usize {
    incoming
        .values_of(BAGGAGE)
        .filter(|v| !is_blank(v))
        .skip(MAX_BAGGAGE_FIELDS)
        .map(|field| {
            let all = BaggageRef::lenient(field).with_limits(Limits::GRAMMAR);
            all.len() + all.dropped()
        })
        .sum()
}

impl<const TS: usize, const BB: usize, const BM: usize> Participant<TS, BB, BM> {
    /// [`from_carrier`](Participant::from_carrier) with the capacities of
    /// this type, e.g. `Participant::<128, 256, 8>::with_capacity(..)` on a
    /// small device.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [("baggage", &b"a=1,b=2,c=3,d=4,e=5"[..])];
    /// // 64 bytes and 3 members of baggage: the last members are dropped whole (BG-15).
    /// let me = Participant::<128, 64, 3>::with_capacity(&Pairs::http(&incoming), &mut rng);
    /// assert_eq!(me.baggage().as_str(), "a=1,b=2,c=3");
    /// assert_eq!(me.baggage_dropped(), 2);
    /// ```
    ///
    /// # Spec
    ///
    /// TS-27, TS-28, BG-14..BG-16.
    pub fn with_capacity<E, R>(incoming: &E, rng: &mut R) -> Self
    where
        E: Extractor + ?Sized,
        R: Rng + ?Sized,
    {
        let ctx = extract(incoming);
        // BG-14, BG-16: the view keeps what the capacity can hold; BG-15:
        // the copy drops whole members from the end beyond it.
        let view = ctx.baggage().with_limits(Baggage::<BB, BM>::READ_LIMITS);
        let (baggage, cut) = Baggage::from_view_truncating(&view);
        // Those the view's limits dropped too (BG-18: past the 180th), and
        // those in fields `extract` keeps no slot for (walked only if any).
        let mut dropped = cut + view.dropped_after(baggage.len() + cut);
        if ctx.baggage_fields_overflowed() > 0 {
            dropped += members_past_the_fields(incoming);
        }
        let mut me = match ctx.traceparent() {
            Ok(Some(tp)) => Self {
                decision: Decision::Continued(tp),
                trace_id: tp.trace_id(),
                flags: tp.flags().known(),
                tracestate: TraceState::new(),
                tracestate_error: None,
                tracestate_dropped: Dropped::default(),
                baggage,
                baggage_dropped: dropped,
            },
            Ok(None) => Self::restarted(Decision::RestartedMissing, rng, (baggage, dropped)),
            Err(e) => Self::restarted(Decision::RestartedInvalid(e), rng, (baggage, dropped)),
        };
        match ctx.tracestate() {
            Header::Valid(view) => {
                (me.tracestate, me.tracestate_dropped) = TraceState::from_view_truncating(&view);
            }
            Header::Invalid(e) => me.tracestate_error = Some(e),
            Header::Absent | Header::Ignored => {}
        }
        me
    }

    /// A new trace; `baggage` is the baggage kept and how many incoming
    /// members it dropped.
    fn restarted<R: Rng + ?Sized>(
        decision: Decision,
        rng: &mut R,
        (baggage, baggage_dropped): (Baggage<BB, BM>, usize),
    ) -> Self {
        Self {
            decision,
            trace_id: TraceId::random(rng),
            // TP-29: all 16 bytes random; TP-22: not sampled unless decided.
            flags: TraceFlags::RANDOM,
            tracestate: TraceState::new(),
            tracestate_error: None,
            tracestate_dropped: Dropped::default(),
            baggage,
            baggage_dropped,
        }
    }

    /// Starts a new trace even though the incoming one was valid (a
    /// service's own decision, e.g. at a trust boundary): new random
    /// trace-id, random-trace-id bit set, not sampled unless decided, and an
    /// empty tracestate (TP-27). Baggage is kept, and so is
    /// [`baggage_dropped`](Self::baggage_dropped).
    ///
    /// The flags start over as well: a decision made with
    /// [`with_sampled`](Self::with_sampled) before the restart was about the
    /// old trace and is not carried over; call it after the restart.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Decision, Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [
    ///     ("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..]),
    ///     ("tracestate", b"rojo=1"),
    ///     ("baggage", b"k=v"),
    /// ];
    /// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// let old = me.trace_id();
    /// let me = me.restart(&mut rng);
    /// assert_eq!(me.decision(), Decision::RestartedByCaller);
    /// assert_ne!(me.trace_id(), old);
    /// assert!(me.tracestate().is_empty()); // TP-27
    /// assert_eq!(me.baggage().as_str(), "k=v");
    ///
    /// // Decide sampling for the new trace after restarting it.
    /// let tp = me.restart(&mut rng).with_sampled(true).next_traceparent(&mut rng);
    /// assert!(tp.is_sampled());
    /// ```
    ///
    /// # Spec
    ///
    /// TP-27, TP-29.
    #[must_use]
    pub fn restart<R: Rng + ?Sized>(self, rng: &mut R) -> Self {
        Self::restarted(
            Decision::RestartedByCaller,
            rng,
            (self.baggage, self.baggage_dropped),
        )
    }

    /// Like [`restart`](Self::restart), but keeps the tracestate (and
    /// [`tracestate_dropped`](Self::tracestate_dropped)): the explicit
    /// opt-in TP-27 allows.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [
    ///     ("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..]),
    ///     ("tracestate", b"rojo=1"),
    /// ];
    /// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// let me = me.restart_keeping_tracestate(&mut rng);
    /// assert_eq!(me.tracestate().as_str(), "rojo=1");
    /// ```
    ///
    /// # Spec
    ///
    /// TP-27.
    #[must_use]
    pub fn restart_keeping_tracestate<R: Rng + ?Sized>(self, rng: &mut R) -> Self {
        let (tracestate, dropped) = (self.tracestate.clone(), self.tracestate_dropped);
        let mut me = self.restart(rng);
        me.tracestate = tracestate;
        me.tracestate_dropped = dropped;
        me
    }

    /// The tracestate sent with every call: the incoming one when the trace
    /// was continued and valid, else empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [
    ///     ("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..]),
    ///     ("tracestate", b"rojo=1"),
    ///     ("tracestate", b"congo=2"),
    /// ];
    /// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// assert_eq!(me.tracestate().as_str(), "rojo=1,congo=2"); // fields joined (TS-16)
    /// ```
    ///
    /// # Spec
    ///
    /// TS-14, TS-16, TS-19.
    #[must_use]
    pub const fn tracestate(&self) -> &TraceState<TS> {
        &self.tracestate
    }

    /// The tracestate, to add or update this service's own member (it goes
    /// first, TS-21, TS-22).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [
    ///     ("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..]),
    ///     ("tracestate", b"rojo=1,congo=2"),
    /// ];
    /// let mut me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// me.tracestate_mut().insert("congo", "3")?;
    /// assert_eq!(me.tracestate().as_str(), "congo=3,rojo=1"); // updated member moves first
    /// # Ok::<(), tracewire::tracestate::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-21, TS-22.
    pub const fn tracestate_mut(&mut self) -> &mut TraceState<TS> {
        &mut self.tracestate
    }

    /// Why the incoming tracestate was dropped, if it was invalid (TS-12).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::ErrorKind;
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [
    ///     ("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..]),
    ///     ("tracestate", b"rojo=1,Congo=2"),
    /// ];
    /// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// assert!(me.tracestate().is_empty()); // dropped whole, not just the bad member
    /// let err = me.tracestate_error().map(|e| (e.kind(), e.offset()));
    /// assert_eq!(err, Some((ErrorKind::InvalidKeyStart, 7))); // `C` of `Congo`
    /// ```
    ///
    /// # Spec
    ///
    /// TS-12, TS-13.
    #[must_use]
    pub const fn tracestate_error(&self) -> Option<ParseError> {
        self.tracestate_error
    }

    /// What was dropped from a valid incoming tracestate to fit `TS` bytes
    /// (TS-28: members over 128 bytes first, then from the right end);
    /// empty when it fitted, when none came in, and after
    /// [`restart`](Self::restart).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [
    ///     ("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..]),
    ///     ("tracestate", b"a=1,b=2,c=3"),
    /// ];
    /// let me = Participant::<8>::with_capacity(&Pairs::http(&incoming), &mut rng);
    /// assert_eq!(me.tracestate().as_str(), "a=1,b=2");
    /// assert_eq!(me.tracestate_dropped().total(), 1);
    /// assert_eq!(me.tracestate_error(), None);
    /// # }
    /// ```
    ///
    /// # Spec
    ///
    /// TS-27, TS-28.
    #[must_use]
    pub const fn tracestate_dropped(&self) -> Dropped {
        self.tracestate_dropped
    }

    /// How many well-formed incoming baggage members were dropped: past the
    /// limits the baggage was read with ([`Baggage::READ_LIMITS`], and
    /// always past the 180th, BG-18) and past the capacity (`BB` bytes, `BM`
    /// members), whole members from the end (BG-15), and those of the
    /// `baggage` fields past the first [`MAX_BAGGAGE_FIELDS`] non-blank ones,
    /// which are not read. Malformed members, skipped by the lenient read
    /// (BG-21), are not counted.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let header: Vec<String> = (0..70).map(|i| format!("k{i}=v")).collect();
    /// let incoming = [("baggage", header.join(",").into_bytes())];
    /// let incoming: Vec<(&str, &[u8])> = incoming.iter().map(|(n, v)| (*n, &v[..])).collect();
    ///
    /// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// assert_eq!((me.baggage().len(), me.baggage_dropped()), (64, 6));
    /// let big = Participant::<512, 16384, 128>::with_capacity(&Pairs::http(&incoming), &mut rng);
    /// assert_eq!((big.baggage().len(), big.baggage_dropped()), (70, 0));
    /// # }
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14, BG-15, BG-16, BG-18, BG-21.
    #[must_use]
    pub const fn baggage_dropped(&self) -> usize {
        self.baggage_dropped
    }

    /// The baggage sent with every call.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [("baggage", &b"userId=alice,oops,region=eu"[..])];
    /// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// assert_eq!(me.baggage().as_str(), "userId=alice,region=eu"); // BG-21
    /// ```
    ///
    /// # Spec
    ///
    /// BG-21, BG-22, BG-24.
    #[must_use]
    pub const fn baggage(&self) -> &Baggage<BB, BM> {
        &self.baggage
    }

    /// The baggage, to add, change or remove members (BG-24, BG-25).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [("baggage", &b"a=1,b=2"[..])];
    /// let mut me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// me.baggage_mut().insert("a", "3")?; // replaced in place (BG-26)
    /// me.baggage_mut().insert("c", "4")?;
    /// assert_eq!(me.baggage().as_str(), "a=3,b=2,c=4");
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-24..BG-26.
    pub const fn baggage_mut(&mut self) -> &mut Baggage<BB, BM> {
        &mut self.baggage
    }

    /// Writes the caller's sampling decision into every outgoing context
    /// (TP-25); without it, a continued trace keeps the received bit and a
    /// new one is not sampled (TP-22).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let none: [(&str, &[u8]); 0] = [];
    /// let me = Participant::from_carrier(&Pairs::http(&none), &mut rng).with_sampled(true);
    /// let tp = me.next_traceparent(&mut rng);
    /// assert!(tp.is_sampled() && tp.is_random());
    /// ```
    ///
    /// # Spec
    ///
    /// TP-22, TP-25.
    #[must_use]
    pub const fn with_sampled(mut self, sampled: bool) -> Self {
        self.flags = self.flags.with_sampled(sampled);
        self
    }

    /// What was decided about the incoming context.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Decision, Pairs, Participant};
    /// use tracewire::traceparent;
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..])];
    /// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    /// assert_eq!(me.decision(), Decision::Continued(tp));
    /// ```
    ///
    /// # Spec
    ///
    /// TP-20, TP-21.
    #[must_use]
    pub const fn decision(&self) -> Decision {
        self.decision
    }

    /// The trace-id every outgoing call carries.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Pairs, Participant};
    /// use tracewire::trace_id;
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..])];
    /// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// assert_eq!(me.trace_id(), trace_id!("4bf92f3577b34da6a3ce929d0e0e4736"));
    /// ```
    ///
    /// # Spec
    ///
    /// TP-21.
    #[must_use]
    pub const fn trace_id(&self) -> TraceId {
        self.trace_id
    }

    /// A traceparent for one outgoing call: this trace, a new span id.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{Pairs, Participant};
    /// use tracewire::span_id;
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = [("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03"[..])];
    /// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
    /// let tp = me.next_traceparent(&mut rng);
    /// assert_eq!(tp.trace_id(), me.trace_id());
    /// assert_ne!(tp.parent_id(), span_id!("00f067aa0ba902b7")); // our own span id (TP-21)
    /// assert!(tp.is_sampled() && tp.is_random()); // received bits kept (TP-24)
    /// ```
    ///
    /// # Spec
    ///
    /// TP-21, TP-24, TP-32.
    #[must_use]
    pub fn next_traceparent<R: Rng + ?Sized>(&self, rng: &mut R) -> TraceParent {
        TraceParent::new(self.trace_id, SpanId::random(rng), self.flags)
    }

    /// Writes the context of one outgoing call into `outgoing` and returns
    /// its traceparent: exactly one traceparent with a new span id, the
    /// tracestate and the baggage each as one field when not empty and
    /// removed when empty; anything already there is replaced (CAR-01,
    /// CAR-03, CAR-04, TS-19, BG-24).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if the carrier has no room. The fields are written
    /// one after another (traceparent, tracestate, baggage) and nothing is
    /// rolled back: the fields set before the one that did not fit stay in
    /// the carrier, so after an error it may hold the new traceparent without
    /// the tracestate or baggage.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use tracewire::propagation::{Pairs, Participant};
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let none: [(&str, &[u8]); 0] = [];
    /// let me = Participant::from_carrier(&Pairs::http(&none), &mut rng);
    /// let mut out: Vec<(String, String)> = vec![
    ///     ("traceparent".into(), "stale".into()),
    ///     ("tracestate".into(), "stale=1".into()),
    /// ];
    /// let tp = me.inject(&mut out, &mut rng)?;
    /// // One traceparent, replaced; the empty tracestate removed (CAR-03, CAR-04).
    /// assert_eq!(out, [("traceparent".to_string(), tp.to_string())]);
    /// # }
    /// # Ok::<(), tracewire::CapacityError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// CAR-01, CAR-03, CAR-04, TS-19, BG-24.
    pub fn inject<I, R>(&self, outgoing: &mut I, rng: &mut R) -> Result<TraceParent, CapacityError>
    where
        I: Injector + ?Sized,
        R: Rng + ?Sized,
    {
        let tp = self.next_traceparent(rng);
        outgoing.set(TRACEPARENT, tp.encode().as_str())?;
        if self.tracestate.is_empty() {
            outgoing.remove_all(TRACESTATE);
        } else {
            outgoing.set(TRACESTATE, self.tracestate.as_str())?;
        }
        if self.baggage.is_empty() {
            outgoing.remove_all(BAGGAGE);
        } else {
            outgoing.set(BAGGAGE, self.baggage.as_str())?;
        }
        Ok(tp)
    }
}
