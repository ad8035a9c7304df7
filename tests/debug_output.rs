//! `Debug` output of the public views: readable values, not byte lists or
//! internal bookkeeping (STYLE.md: `Debug` prints what a user reads, as
//! uuid prints hex).

use tracewire::BaggageRef;

#[test]
fn baggage_view_debug_lists_members_as_text() {
    let b = BaggageRef::parse(b"userId=alice, k = v%20w ; p1 ; p2 = x").unwrap();
    assert_eq!(
        format!("{b:?}"),
        "BaggageRef [\
         Member { key: \"userId\", value: \"alice\", properties: [] }, \
         Member { key: \"k\", value: \"v%20w\", properties: [\
         Property { key: \"p1\", value: None }, \
         Property { key: \"p2\", value: Some(\"x\") }] }]"
    );
    assert_eq!(
        format!("{:?}", BaggageRef::parse(b"").unwrap()),
        "BaggageRef []"
    );
}

#[test]
fn baggage_member_debug_shows_key_raw_value_and_properties() {
    let b = BaggageRef::parse(b"a=1;q").unwrap();
    let m = b.iter().next().unwrap();
    assert_eq!(
        format!("{m:?}"),
        "Member { key: \"a\", value: \"1\", properties: [Property { key: \"q\", value: None }] }"
    );
}

#[test]
fn extracted_debug_shows_only_the_fields_present() {
    use tracewire::propagation::{Pairs, extract};
    let headers = [
        (
            "traceparent",
            &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..],
        ),
        ("tracestate", b" , "),
        ("tracestate", b"a=1"),
        ("baggage", b"k=\xff"),
    ];
    let carrier = Pairs::http(&headers);
    let ctx = extract(&carrier);
    let text = format!("{ctx:?}");
    assert!(
        text.contains("tracestate: FieldList { fields: [(1, \"a=1\")], overflowed: 0 }"),
        "{text}"
    );
    assert!(
        text.contains("baggage: FieldList { fields: [(0, \"k=\\xff\")], overflowed: 0 }"),
        "{text}"
    );
    // No empty slots printed.
    assert!(text.len() < 400, "{} bytes: {text}", text.len());
}

#[test]
fn tracestate_view_debug_reads_like_the_baggage_view() {
    use tracewire::TraceStateRef;
    let ts = TraceStateRef::parse(b"rojo=1, congo=t61rcWkgMzE").unwrap();
    assert_eq!(
        format!("{ts:?}"),
        "TraceStateRef {\"rojo\": \"1\", \"congo\": \"t61rcWkgMzE\"}"
    );
    assert_eq!(
        format!("{:?}", TraceStateRef::parse(b"").unwrap()),
        "TraceStateRef {}"
    );
}
