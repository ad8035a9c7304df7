//! Property tests: generated valid lists round trip, and random insert /
//! remove sequences keep the invariants (TS-09, TS-18, TS-21..TS-25, TS-28).

use proptest::prelude::*;
use tracewire::{TraceState, TraceStateRef};

/// A draft key: `[a-z0-9][a-z0-9_-*/@]{0,n}`, sometimes long.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-z0-9][a-z0-9_*/@-]{0,12}",
        1 => "[a-z0-9][a-z0-9_*/@-]{200,255}",
    ]
}

/// A value: 1..=256 bytes of 0x20-0x7E without `,` `=`, not ending in SP.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[ -+\\--<>-~]{0,20}[!-+\\--<>-~]",
        1 => "[ -+\\--<>-~]{200,255}[!-+\\--<>-~]",
    ]
}

/// Blanks and empty members that may surround a member.
fn gap() -> impl Strategy<Value = String> {
    "[ \t]{0,2}(,[ \t]{0,2}){0,2}"
}

fn list() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((key(), value()), 0..=32)
}

fn canonical(members: &[(String, String)]) -> String {
    members
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn collect(it: tracewire::tracestate::Members<'_>) -> Vec<(String, String)> {
    it.map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // TS-01, TS-06, TS-18: any spelling parses to the members; encoding gives
    // the canonical form; parsing that gives the same members.
    #[test]
    fn spelled_lists_round_trip(members in list(), gaps in prop::collection::vec(gap(), 33)) {
        let mut text = String::new();
        for (i, (k, v)) in members.iter().enumerate() {
            text.push_str(&gaps[i]);
            if i > 0 || !gaps[i].is_empty() {
                text.push(',');
            }
            text.push_str(&format!("{k}={v}"));
            text.push_str(&gaps[i + 1]);
        }
        let view = TraceStateRef::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(collect(view.iter()), members.clone());
        prop_assert_eq!(view.len(), members.len());
        let canon = canonical(&members);
        prop_assert_eq!(view.to_string(), canon.clone());
        prop_assert_eq!(view.encoded_len(), canon.len());
        let again = TraceStateRef::parse(canon.as_bytes()).unwrap();
        prop_assert_eq!(again, view);
        // Owned: encode(parse(s)) is canonical, parse(encode(x)) == x.
        let (owned, dropped) = TraceState::<{ 32 * 514 }>::from_view_truncating(&view);
        prop_assert!(dropped.is_empty());
        prop_assert_eq!(owned.as_str(), canon.as_str());
        prop_assert_eq!(TraceStateRef::parse(owned.as_bytes()).unwrap(), owned.view());
        prop_assert_eq!(owned.view(), view);
        // TryFrom takes the whole input at once when it is already canonical
        // (`again`), member by member otherwise (`view`): same result.
        let fast = TraceState::<{ 32 * 514 }>::try_from(&again).unwrap();
        let slow = TraceState::<{ 32 * 514 }>::try_from(&view).unwrap();
        prop_assert_eq!(&fast, &owned);
        prop_assert_eq!(&slow, &owned);
        prop_assert_eq!(fast.iter().collect::<Vec<_>>(), slow.iter().collect::<Vec<_>>());
        let mut a = vec![0u8; canon.len()];
        let mut b = vec![0u8; canon.len()];
        prop_assert_eq!(again.encode_into(&mut a), Ok(canon.len()));
        prop_assert_eq!(view.encode_into(&mut b), Ok(canon.len()));
        prop_assert_eq!(&a, canon.as_bytes());
        prop_assert_eq!(&b, canon.as_bytes());
    }

    // TS-16: splitting a canonical list at any member boundary into fields
    // gives the same members.
    #[test]
    fn fields_split_between_members(members in list(), cut in 0usize..=32) {
        let cut = cut.min(members.len());
        let a = canonical(&members[..cut]);
        let b = canonical(&members[cut..]);
        let fields: &[&[u8]] = &[a.as_bytes(), b"", b.as_bytes()];
        let view = TraceStateRef::parse_fields(fields).unwrap();
        prop_assert_eq!(collect(view.iter()), members);
    }

    // Truncation never cuts a member and keeps the order of the survivors.
    #[test]
    fn truncation_keeps_whole_members_in_order(members in list()) {
        let text = canonical(&members);
        let view = TraceStateRef::parse(text.as_bytes()).unwrap();
        let (ts, dropped) = TraceState::<128>::from_view_truncating(&view);
        prop_assert!(ts.encoded_len() <= 128);
        prop_assert_eq!(ts.len() + dropped.total(), members.len());
        let kept = collect(ts.iter());
        let mut it = members.iter();
        for m in &kept {
            prop_assert!(it.any(|x| x == m), "kept members are a subsequence");
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    Insert(String, String),
    Remove(String),
}

fn op() -> impl Strategy<Value = Op> {
    // A small key pool so updates and removals hit existing keys.
    let pool = prop::sample::select((0..40).map(|i| format!("k{i}")).collect::<Vec<_>>());
    prop_oneof![
        4 => (pool.clone(), "[!-+\\--<>-~]{1,40}").prop_map(|(k, v)| Op::Insert(k, v)),
        1 => pool.prop_map(Op::Remove),
    ]
}

/// The mutation model of the spec, on a plain vector.
fn model_insert(model: &mut Vec<(String, String)>, cap: usize, k: &str, v: &str) {
    let new_len = k.len() + 1 + v.len();
    model.retain(|(mk, _)| mk != k); // TS-22, TS-23
    if model.len() >= 32 {
        model.pop(); // TS-24
    }
    let budget = cap - new_len;
    let cost = |m: &[(String, String)]| m.iter().map(|(k, v)| k.len() + v.len() + 2).sum::<usize>();
    // TS-28: over-128 members, right-most first; then from the right.
    while cost(model) > budget {
        match model.iter().rposition(|(k, v)| k.len() + 1 + v.len() > 128) {
            Some(i) => {
                model.remove(i);
            }
            None => {
                model.pop();
            }
        }
    }
    model.insert(0, (k.to_owned(), v.to_owned())); // TS-21
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn insert_remove_keep_the_invariants(ops in prop::collection::vec(op(), 1..120)) {
        let mut ts = TraceState::<256>::new();
        let mut model: Vec<(String, String)> = Vec::new();
        for op in &ops {
            match op {
                Op::Insert(k, v) => {
                    ts.insert(k, v).unwrap();
                    model_insert(&mut model, 256, k, v);
                }
                Op::Remove(k) => {
                    let before = model.len();
                    model.retain(|(mk, _)| mk != k);
                    prop_assert_eq!(ts.remove(k), before - model.len());
                }
            }
            let got = collect(ts.iter());
            prop_assert_eq!(&got, &model);
            prop_assert!(ts.len() <= 32);
            prop_assert!(ts.encoded_len() <= 256);
            let mut keys: Vec<_> = got.iter().map(|(k, _)| k.clone()).collect();
            keys.sort();
            keys.dedup();
            prop_assert_eq!(keys.len(), got.len(), "no duplicate keys");
            prop_assert_eq!(ts.as_str(), canonical(&model));
            prop_assert_eq!(TraceStateRef::parse(ts.as_bytes()).unwrap(), ts.view());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    // The same mutation model, starting from a parsed list (canonical input
    // takes the whole-copy path of TryFrom).
    #[test]
    fn mutations_after_a_parse_follow_the_model(
        start in prop::collection::vec(("k[0-9]{1,2}", "[!-+\\--<>-~]{1,8}"), 0..=32),
        ops in prop::collection::vec(op(), 1..60),
    ) {
        let text = canonical(&start);
        let view = TraceStateRef::parse(text.as_bytes()).unwrap();
        let mut ts = TraceState::<512>::try_from(&view).unwrap();
        let mut model = start.clone();
        prop_assert_eq!(collect(ts.iter()), model.clone());
        for op in &ops {
            match op {
                Op::Insert(k, v) => {
                    ts.insert(k, v).unwrap();
                    model_insert(&mut model, 512, k, v);
                }
                Op::Remove(k) => {
                    let before = model.len();
                    model.retain(|(mk, _)| mk != k);
                    prop_assert_eq!(ts.remove(k), before - model.len());
                }
            }
            prop_assert_eq!(collect(ts.iter()), model.clone());
            prop_assert_eq!(ts.as_str(), canonical(&model));
        }
    }
}
