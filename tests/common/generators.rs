//! Grammar-based proptest generators for every header the crate reads:
//! valid values (spelled with the OWS, empty members and long fields the
//! grammars allow), "near-valid" values (one byte changed, inserted or
//! deleted), and hostile strings for the header-injection tests.
//!
//! Each valid generator also returns what a correct parser must see, so
//! tests can compare instead of only checking "no panic".

use proptest::prelude::*;
use tracewire::{SpanId, TraceFlags, TraceId, TraceParent};

// ---------------------------------------------------------------- shared

/// OWS: a possibly empty run of SP / HTAB.
pub fn ows() -> impl Strategy<Value = String> {
    "[ \t]{0,3}"
}

/// Lowercase hex digits, `n` of them.
pub fn hex_digits(n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(b"0123456789abcdef".to_vec()), n)
        .prop_map(|v| String::from_utf8(v).unwrap_or_default())
}

// ---------------------------------------------------------------- traceparent

/// A non-zero trace id.
pub fn trace_id() -> impl Strategy<Value = TraceId> {
    any::<[u8; 16]>().prop_filter_map("all zero", TraceId::from_bytes)
}

/// A non-zero span id.
pub fn span_id() -> impl Strategy<Value = SpanId> {
    any::<[u8; 8]>().prop_filter_map("all zero", SpanId::from_bytes)
}

/// A valid traceparent value (the crate's own type).
pub fn traceparent() -> impl Strategy<Value = TraceParent> {
    (trace_id(), span_id(), any::<u8>())
        .prop_map(|(t, p, f)| TraceParent::new(t, p, TraceFlags::from_bits(f)))
}

/// A version byte a parser must accept (00..=fe).
pub fn version() -> impl Strategy<Value = u8> {
    0u8..=0xfe
}

/// Valid traceparent text of any version with any flags, spelled with OWS
/// around it: `(text, trace id, parent id, flags byte, version)`. Higher
/// versions may carry a `-suffix` (TP-13).
pub fn traceparent_text() -> impl Strategy<Value = (String, TraceId, SpanId, u8, u8)> {
    (
        version(),
        trace_id(),
        span_id(),
        any::<u8>(),
        "(-[0-9a-z._-]{0,12})?",
        ows(),
        ows(),
    )
        .prop_map(|(v, t, p, f, suffix, pre, post)| {
            let suffix = if v == 0 { String::new() } else { suffix };
            (
                format!(
                    "{pre}{v:02x}-{}-{}-{f:02x}{suffix}{post}",
                    &*t.encode(),
                    &*p.encode()
                ),
                t,
                p,
                f,
                v,
            )
        })
}

/// The 29-byte binary traceparent of a valid value (BIN-01).
pub fn binary_traceparent() -> impl Strategy<Value = (Vec<u8>, TraceParent)> {
    traceparent().prop_map(|tp| (tracewire::binary::traceparent::encode(&tp).to_vec(), tp))
}

// ---------------------------------------------------------------- tracestate

/// A current-grammar key (TS-03, TS-04): `[a-z0-9][a-z0-9_*/@-]*`, 1..=256
/// bytes, `@` anywhere after the first byte; now and then exactly 256.
pub fn tracestate_key() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-z0-9][a-z0-9_*/@-]{0,12}",
        1 => "[a-z0-9][a-z0-9_*/@-]{200,255}",
        1 => "[a-z0-9][a-z0-9_*/@-]{255}",
    ]
}

/// A value (TS-05, TS-06): 1..=256 bytes of 0x20-0x7E without `,` `=`, not
/// ending in SP (leading SP allowed); now and then exactly 256.
pub fn tracestate_value() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[ -+\\--<>-~]{0,20}[!-+\\--<>-~]",
        1 => "[ -+\\--<>-~]{200,255}[!-+\\--<>-~]",
        1 => "[ -+\\--<>-~]{255}[!-+\\--<>-~]",
    ]
}

/// Blanks and empty members that may surround a member (TS-01, TS-02).
pub fn tracestate_gap() -> impl Strategy<Value = String> {
    "[ \t]{0,2}(,[ \t]{0,2}){0,2}"
}

/// Up to `max` members.
pub fn tracestate_members(max: usize) -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec((tracestate_key(), tracestate_value()), 0..=max)
}

/// Members in canonical form (TS-18).
pub fn tracestate_canonical(members: &[(String, String)]) -> String {
    members
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `members` spelled with `gaps` (33 of them) around and between them.
pub fn tracestate_spell(members: &[(String, String)], gaps: &[String]) -> String {
    let mut text = String::new();
    for (i, (k, v)) in members.iter().enumerate() {
        text.push_str(&gaps[i]);
        if i > 0 || !gaps[i].is_empty() {
            text.push(',');
        }
        text.push_str(&format!("{k}={v}"));
        text.push_str(&gaps[i + 1]);
    }
    text
}

/// A valid tracestate value of up to 32 members with OWS and empty members:
/// `(text, members)`.
pub fn tracestate_text() -> impl Strategy<Value = (String, Vec<(String, String)>)> {
    (
        tracestate_members(32),
        proptest::collection::vec(tracestate_gap(), 33),
    )
        .prop_map(|(m, g)| (tracestate_spell(&m, &g), m))
}

/// The binary tracestate (BIN-12) of valid members: `(bytes, members)`.
pub fn binary_tracestate() -> impl Strategy<Value = (Vec<u8>, Vec<(String, String)>)> {
    proptest::collection::vec(
        (
            "[a-z0-9][a-z0-9_*/@-]{0,20}",
            "[ -+\\--<>-~]{0,20}[!-+\\--<>-~]",
        ),
        0..=32,
    )
    .prop_map(|m| {
        let mut out = Vec::new();
        for (k, v) in &m {
            out.push(0);
            out.push(k.len() as u8);
            out.extend_from_slice(k.as_bytes());
            out.push(v.len() as u8);
            out.extend_from_slice(v.as_bytes());
        }
        (out, m)
    })
}

// ---------------------------------------------------------------- baggage

/// A token (BG-02).
pub fn baggage_key() -> impl Strategy<Value = String> {
    "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}"
}

/// A raw value: baggage-octets, with valid and stray percent-escapes
/// (BG-03, BG-09, BG-11).
pub fn baggage_raw_value() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            6 => "[!#-+\\--:<-\\[\\]-~]{1,4}",
            2 => "%[0-9A-Fa-f]{2}",
            1 => Just("%".to_owned()),
            1 => Just("%z".to_owned()),
        ],
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

/// One property: `(key, raw value or none)` (BG-05, BG-06).
pub fn baggage_property() -> impl Strategy<Value = (String, Option<String>)> {
    (baggage_key(), proptest::option::of(baggage_raw_value()))
}

/// One member: key, raw value and properties.
pub type BaggageMember = (String, String, Vec<(String, Option<String>)>);

/// A valid baggage value of up to 12 members, OWS around every `,` `;` `=`
/// and empty members: `(text, members as written)`.
pub fn baggage_text() -> impl Strategy<Value = (String, Vec<BaggageMember>)> {
    let member = (
        baggage_key(),
        baggage_raw_value(),
        proptest::collection::vec(baggage_property(), 0..3),
    );
    (
        proptest::collection::vec(member, 0..12),
        proptest::collection::vec(ows(), 8 * 12 + 2),
        proptest::collection::vec(any::<bool>(), 12),
    )
        .prop_map(|(members, w, empty)| {
            let mut w = w.into_iter().cycle();
            let mut text = String::new();
            for (i, (k, v, props)) in members.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                    if empty[i] {
                        text.push_str(&w.next().unwrap_or_default());
                        text.push(',');
                    }
                }
                let mut o = || w.next().unwrap_or_default();
                text.push_str(&format!("{}{k}{}={}{v}{}", o(), o(), o(), o()));
                for (pk, pv) in props {
                    text.push_str(&format!(";{}{pk}", o()));
                    if let Some(pv) = pv {
                        text.push_str(&format!("{}={}{pv}", o(), o()));
                    }
                    text.push_str(&o());
                }
            }
            (text, members)
        })
}

/// The canonical form of baggage members (BG-23).
pub fn baggage_canonical(members: &[BaggageMember]) -> String {
    members
        .iter()
        .map(|(k, v, props)| {
            let mut s = format!("{k}={v}");
            for (pk, pv) in props {
                s.push(';');
                s.push_str(pk);
                if let Some(pv) = pv {
                    s.push('=');
                    s.push_str(pv);
                }
            }
            s
        })
        .collect::<Vec<_>>()
        .join(",")
}

// ---------------------------------------------------------------- server-timing

/// A token for a metric or parameter name.
pub fn st_token() -> impl Strategy<Value = String> {
    "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,8}"
        .prop_filter("not the trace metric", |t| !t.eq_ignore_ascii_case("trace"))
}

/// A quoted-string holding `,` `;` `=` and escapes (ST-06).
pub fn st_quoted() -> impl Strategy<Value = String> {
    "([ !#-\\[\\]-~,;=]|\\\\[ -~]){0,10}".prop_map(|s| format!("\"{s}\""))
}

/// A metric other than `trace`, with parameters whose values are tokens or
/// quoted-strings, OWS around `;` and `=`.
pub fn st_other_metric() -> impl Strategy<Value = String> {
    (
        st_token(),
        proptest::collection::vec(
            (
                st_token(),
                prop_oneof![st_token(), st_quoted()],
                ows(),
                ows(),
            ),
            0..3,
        ),
    )
        .prop_map(|(name, params)| {
            let mut s = name;
            for (k, v, a, b) in params {
                s.push_str(&format!("{a};{b}{k}{b}={a}{v}"));
            }
            s
        })
}

/// A server-timing value: other metrics around an optional `trace` metric
/// whose desc is valid (quoted or not, any name case): `(text, context)`.
pub fn server_timing_text() -> impl Strategy<Value = (String, Option<TraceParent>)> {
    (
        proptest::collection::vec(st_other_metric(), 0..4),
        proptest::option::of((
            traceparent(),
            any::<bool>(),
            proptest::sample::select(vec!["trace", "Trace", "TRACE"]),
            proptest::collection::vec(st_other_metric(), 0..3),
        )),
        ows(),
    )
        .prop_map(|(before, trace, w)| {
            let mut parts = before;
            let ctx = trace.map(|(tp, quoted, name, after)| {
                let tp = tp.canonical();
                let desc = tp.encode();
                let desc = if quoted {
                    format!("\"{}\"", &*desc)
                } else {
                    desc.to_string()
                };
                parts.push(format!("{name}{w};{w}dur=1.5;{w}desc{w}={w}{desc}"));
                parts.extend(after);
                tp
            });
            (parts.join(&format!("{w},{w}")), ctx)
        })
}

// ---------------------------------------------------------------- near-valid

/// One edit of a byte string.
#[derive(Clone, Debug)]
pub enum Edit {
    /// Replace the byte at (index mod len) with the value.
    Change(usize, u8),
    /// Insert the value before (index mod (len + 1)).
    Insert(usize, u8),
    /// Delete the byte at (index mod len).
    Delete(usize),
}

/// Any single-byte edit.
pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Change(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
    ]
}

/// Applies one edit (an edit of an empty string inserts).
pub fn apply(mut v: Vec<u8>, e: &Edit) -> Vec<u8> {
    match *e {
        Edit::Change(i, b) if !v.is_empty() => {
            let n = v.len();
            v[i % n] = b;
        }
        Edit::Delete(i) if !v.is_empty() => {
            let n = v.len();
            v.remove(i % n);
        }
        Edit::Change(i, b) | Edit::Insert(i, b) => {
            let n = v.len() + 1;
            v.insert(i % n, b);
        }
        Edit::Delete(_) => {}
    }
    v
}

/// A near-valid input: a valid text of `valid` with one byte changed,
/// inserted or deleted.
pub fn near_valid<S>(valid: S) -> impl Strategy<Value = Vec<u8>>
where
    S: Strategy<Value = String>,
{
    (valid, edit()).prop_map(|(s, e)| apply(s.into_bytes(), &e))
}

// ---------------------------------------------------------------- hostile

/// The bytes the header-injection tests aim at the encoders.
pub const HOSTILE: &[char] = &[
    '\r', '\n', '\0', ',', ';', '=', '"', '\\', '\u{7f}', '\u{80}', '\u{ff}', ' ', '\t', '%', 'é',
    '\u{2028}', '\u{fffd}', 'a', 'Z', '0',
];

/// Hostile strings: any Unicode, any bytes read lossily, and strings built
/// from the targeted characters (CR, LF, NUL, `,` `;` `=` `"` `\`, DEL, 0x80+).
pub fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(any::<u8>(), 0..24)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        proptest::collection::vec(proptest::sample::select(HOSTILE.to_vec()), 0..12)
            .prop_map(|c| c.into_iter().collect()),
        // Mostly valid with one hostile character inside.
        (
            "[a-z0-9]{1,6}",
            proptest::sample::select(HOSTILE.to_vec()),
            "[a-z0-9]{0,6}"
        )
            .prop_map(|(a, c, b)| format!("{a}{c}{b}")),
    ]
}

/// Whether `s` may be an HTTP field value as emitted by a well-behaved
/// encoder: only VCHAR / SP / HTAB (no CR, LF, NUL, other controls, DEL or
/// bytes >= 0x80) and no leading or trailing OWS.
pub fn is_clean_field_value(s: &[u8]) -> bool {
    s.iter().all(|&b| b == b'\t' || (0x20..0x7f).contains(&b))
        && !matches!(s.first(), Some(b' ' | b'\t'))
        && !matches!(s.last(), Some(b' ' | b'\t'))
}
