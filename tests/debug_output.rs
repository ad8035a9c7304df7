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
