//! Regressions found by the fuzz targets in `fuzz/`, each named after the
//! spec requirements it checks.

use tracewire::propagation::{Header, Pairs, extract};

const TP: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// TS-02, TS-16, TS-09: a `tracestate` field of only commas and blanks adds
/// no member, so any number of them next to a valid list is still that
/// list, not "too many members" (fuzz target `carrier`).
#[test]
fn ts_02_ts_16_comma_only_fields_add_no_members() {
    let mut headers: Vec<(&str, &[u8])> = vec![("traceparent", TP)];
    headers.extend(std::iter::repeat_n(("tracestate", &b" , "[..]), 40));
    headers.push(("TraceState", b"rojo=00f067aa0ba902b7"));
    let carrier = Pairs::http(&headers);
    let ctx = extract(&carrier);
    let Header::Valid(ts) = ctx.tracestate() else {
        panic!("{:?}", ctx.tracestate());
    };
    assert_eq!(ts.len(), 1);
    assert_eq!(ts.get("rojo"), Some("00f067aa0ba902b7"));

    // Only commas: valid with zero members, i.e. no tracestate.
    let mut headers: Vec<(&str, &[u8])> = vec![("traceparent", TP)];
    headers.extend(std::iter::repeat_n(("tracestate", &b","[..]), 33));
    assert_eq!(extract(&Pairs::http(&headers)).tracestate(), Header::Absent);
}

/// TS-16, TP-16: `pass_through` skips the same member-less fields, so they
/// cannot push a valid tracestate out of its 32 field slots.
#[cfg(feature = "std")]
#[test]
fn ts_16_pass_through_skips_comma_only_fields() {
    use tracewire::propagation::{Forwarded, pass_through};
    let mut headers: Vec<(&str, &[u8])> = vec![("traceparent", TP)];
    headers.extend(std::iter::repeat_n(("tracestate", &b","[..]), 40));
    headers.push(("tracestate", b"rojo=1"));
    let mut out: Vec<(String, String)> = Vec::new();
    let got = pass_through(&Pairs::http(&headers), &mut out).unwrap();
    assert_eq!(got, (Forwarded::Copied, Forwarded::Copied));
    assert_eq!(out[1], ("tracestate".to_string(), "rojo=1".to_string()));
}
