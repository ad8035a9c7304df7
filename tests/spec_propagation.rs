//! Propagation rules across traceparent, tracestate and baggage: what a
//! receiver extracts and what a participant sends on (TP-19..TP-27, TS-12..
//! TS-19, BG-19..BG-24, CAR-02..CAR-06).

mod common;

use tracewire::ErrorKind;
use tracewire::propagation::{Header, Pairs, extract};

const TP: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// TS-12: one bad member drops the whole tracestate; TS-13: the traceparent
// is not affected.
#[test]
fn ts_12_ts_13_invalid_tracestate_dropped_whole_traceparent_kept() {
    for bad in [&b"@foo=1,bar=2"[..], b"foo=,bar=3", b"foo=1,BAR=2"] {
        let h = [("traceparent", TP), ("tracestate", bad)];
        let c = Pairs::http(&h);
        let ctx = extract(&c);
        assert!(
            matches!(ctx.tracestate(), Header::Invalid(_)),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
        assert_eq!(
            ctx.traceparent().unwrap().unwrap().trace_id().to_string(),
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
    }
}

// TS-14: without a valid traceparent, tracestate is not parsed.
#[test]
fn ts_14_tracestate_ignored_without_valid_traceparent() {
    let alone = [("tracestate", &b"foo=1"[..])];
    assert_eq!(
        extract(&Pairs::http(&alone))
            .tracestate()
            .valid()
            .map(|t| t.len()),
        None
    );
    assert!(matches!(
        extract(&Pairs::http(&alone)).tracestate(),
        Header::Ignored
    ));
    let bad_tp = [("traceparent", &b"00-xyz"[..]), ("tracestate", b"foo=1")];
    assert!(matches!(
        extract(&Pairs::http(&bad_tp)).tracestate(),
        Header::Ignored
    ));
    let none: [(&str, &[u8]); 0] = [];
    assert!(matches!(
        extract(&Pairs::http(&none)).tracestate(),
        Header::Absent
    ));
}

// TS-15: a higher-version traceparent still gets its tracestate parsed.
#[test]
fn ts_15_higher_version_tracestate_parsed() {
    let h = [
        (
            "traceparent",
            &b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future"[..],
        ),
        ("tracestate", b"foo=1"),
    ];
    let c = Pairs::http(&h);
    assert_eq!(
        extract(&c).tracestate().valid().unwrap().get("foo"),
        Some("1")
    );
}

// TS-16: fields joined in arrival order; empty fields add nothing.
#[test]
fn ts_16_fields_joined_in_order() {
    let h = [
        ("traceparent", TP),
        ("tracestate", &b"foo=1,bar=2"[..]),
        ("TraceState", b"rojo=1,congo=2"),
        ("tracestate", b""),
        ("tracestate", b"baz=3"),
    ];
    let c = Pairs::http(&h);
    let ctx = extract(&c);
    let ts = ctx.tracestate().valid().unwrap();
    let keys: Vec<&str> = ts.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["foo", "bar", "rojo", "congo", "baz"]);
    for h in [
        [
            ("traceparent", TP),
            ("tracestate", &b"foo=1"[..]),
            ("tracestate", b""),
        ],
        [
            ("traceparent", TP),
            ("tracestate", b""),
            ("tracestate", b"foo=1"),
        ],
    ] {
        let c = Pairs::http(&h);
        let ctx = extract(&c);
        assert_eq!(
            ctx.tracestate().valid().unwrap().iter().collect::<Vec<_>>(),
            [("foo", "1")]
        );
    }
}

fn members(range: std::ops::Range<usize>) -> String {
    range
        .map(|i| format!("k{i}=v{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

// TS-17: limits apply to the joined value: 32 members over 4 fields valid,
// 33 invalid; more than 32 non-blank fields too.
#[test]
fn ts_17_limits_over_joined_fields() {
    let parts: Vec<String> = (0..4).map(|f| members(f * 8..f * 8 + 8)).collect();
    let mut h: Vec<(&str, &[u8])> = vec![("traceparent", TP)];
    h.extend(parts.iter().map(|p| ("tracestate", p.as_bytes())));
    let c = Pairs::http(&h);
    assert_eq!(extract(&c).tracestate().valid().unwrap().len(), 32);
    let extra = "k32=v32".to_string();
    h.push(("tracestate", extra.as_bytes()));
    let c = Pairs::http(&h);
    let Header::Invalid(e) = extract(&c).tracestate() else {
        panic!("33 members accepted")
    };
    assert_eq!(e.kind(), ErrorKind::TooManyMembers);
    let many: Vec<String> = (0..40).map(|i| format!("k{i}=v")).collect();
    let mut h: Vec<(&str, &[u8])> = vec![("traceparent", TP)];
    h.extend(many.iter().map(|p| ("tracestate", p.as_bytes())));
    let c = Pairs::http(&h);
    assert_eq!(extract(&c).tracestate().valid().map(|t| t.len()), None);
    // Blank fields never count.
    let mut h: Vec<(&str, &[u8])> = vec![("traceparent", TP), ("tracestate", b"a=1")];
    h.extend(std::iter::repeat_n(("tracestate", &b" \t"[..]), 1000));
    let c = Pairs::http(&h);
    assert_eq!(extract(&c).tracestate().valid().unwrap().len(), 1);
}

// BG-17, BG-19: baggage fields joined in arrival order, limits on the join.
#[test]
fn bg_19_bg_17_baggage_fields_joined() {
    let h = [
        ("baggage", &b"userId=alice"[..]),
        ("Baggage", b"serverNode=DF%2028,isProduction=false"),
    ];
    let c = Pairs::http(&h);
    let ctx = extract(&c);
    let keys: Vec<&str> = ctx.baggage().iter().map(|m| m.key()).collect();
    assert_eq!(keys, ["userId", "serverNode", "isProduction"]);
    let fields: Vec<String> = (0..70).map(|i| format!("k{i}=v")).collect();
    let h: Vec<(&str, &[u8])> = fields.iter().map(|f| ("baggage", f.as_bytes())).collect();
    let c = Pairs::http(&h);
    assert_eq!(extract(&c).baggage().iter().count(), 64);
}

// BG-20, BG-21: empty header = no baggage; malformed members dropped.
#[test]
fn bg_20_bg_21_lenient_baggage() {
    let h = [("baggage", &b"a=1,bad member,b=2"[..])];
    let c = Pairs::http(&h);
    let ctx = extract(&c);
    let keys: Vec<&str> = ctx.baggage().iter().map(|m| m.key()).collect();
    assert_eq!(keys, ["a", "b"]);
    assert!(matches!(ctx.baggage_strict(), Header::Invalid(_)));
    let blank = [("baggage", &b"  "[..])];
    let c = Pairs::http(&blank);
    assert_eq!(extract(&c).baggage().iter().count(), 0);
    assert!(matches!(extract(&c).baggage_strict(), Header::Absent));
}

// BG-22, CAR-35: baggage is independent of the trace context.
#[test]
fn bg_22_baggage_survives_invalid_traceparent() {
    let h = [("traceparent", &b"ff-bogus"[..]), ("baggage", b"a=1")];
    let c = Pairs::http(&h);
    let ctx = extract(&c);
    assert!(ctx.traceparent().is_err());
    assert_eq!(ctx.baggage().iter().count(), 1);
}

#[cfg(all(feature = "rand_core", feature = "std"))]
mod participant {
    use super::common::SplitMix;
    use super::{TP, members};
    use tracewire::propagation::{Decision, Injector, Pairs, Participant};
    use tracewire::{ErrorKind, TraceParent};

    fn get<'a>(out: &'a [(String, String)], name: &str) -> Vec<&'a str> {
        out.iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn call(incoming: &[(&str, &[u8])], seed: u64) -> (Participant, Vec<(String, String)>) {
        let mut rng = SplitMix(seed);
        let me = Participant::from_carrier(&Pairs::http(incoming), &mut rng);
        let mut out = Vec::new();
        me.inject(&mut out, &mut rng).unwrap();
        (me, out)
    }

    // TP-21, TP-24, TS-18, BG-24: continue keeps trace-id and flags, new
    // parent-id, tracestate and baggage sent on in canonical form.
    #[test]
    fn tp_21_continue_forwards_state_and_baggage() {
        let h = [
            (
                "traceparent",
                &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03"[..],
            ),
            ("tracestate", b"foo=1 \t , \t bar=2"),
            ("baggage", b"key2 = value2 ; p"),
        ];
        let (me, out) = call(&h, 1);
        assert!(matches!(me.decision(), Decision::Continued(_)));
        let tp = TraceParent::parse(get(&out, "traceparent")[0].as_bytes()).unwrap();
        assert_eq!(
            tp.trace_id().to_string(),
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
        assert_ne!(tp.parent_id().to_string(), "00f067aa0ba902b7");
        assert_eq!(tp.flags().bits(), 0x03);
        assert_eq!(get(&out, "tracestate"), ["foo=1,bar=2"]);
        assert_eq!(get(&out, "baggage"), ["key2=value2;p"]);
    }

    // TP-20, TS-14, BG-22: restart on invalid traceparent: new trace-id,
    // random bit, tracestate dropped, baggage kept.
    #[test]
    fn tp_20_restart_drops_tracestate_keeps_baggage() {
        let h = [
            (
                "traceparent",
                &b"00-00000000000000000000000000000000-00f067aa0ba902b7-01"[..],
            ),
            ("tracestate", b"foo=1"),
            ("baggage", b"a=1"),
        ];
        let (me, out) = call(&h, 2);
        assert!(
            matches!(me.decision(), Decision::RestartedInvalid(e) if e.kind() == ErrorKind::AllZeroTraceId)
        );
        let tp = TraceParent::parse(get(&out, "traceparent")[0].as_bytes()).unwrap();
        assert!(tp.is_random() && !tp.is_sampled());
        assert!(get(&out, "tracestate").is_empty());
        assert_eq!(get(&out, "baggage"), ["a=1"]);
    }

    // TP-22: no incoming traceparent still yields one, not sampled unless the
    // caller decides.
    #[test]
    fn tp_22_missing_traceparent_new_trace() {
        let (me, out) = call(&[], 3);
        assert_eq!(me.decision(), Decision::RestartedMissing);
        assert_eq!(get(&out, "traceparent").len(), 1);
        assert!(get(&out, "tracestate").is_empty() && get(&out, "baggage").is_empty());
        let mut rng = super::common::SplitMix(3);
        let none: [(&str, &[u8]); 0] = [];
        let me = Participant::from_carrier(&Pairs::http(&none), &mut rng).with_sampled(true);
        assert!(me.next_traceparent(&mut rng).is_sampled());
    }

    // TP-32, CAR-06: three calls, one trace-id, three parent-ids.
    #[test]
    fn tp_32_car_06_each_call_new_span() {
        for h in [vec![("traceparent", TP)], vec![]] {
            let mut rng = SplitMix(4);
            let me = Participant::from_carrier(&Pairs::http(&h), &mut rng);
            let tps: Vec<TraceParent> = (0..3)
                .map(|_| {
                    me.inject(&mut Vec::<(String, String)>::new(), &mut rng)
                        .unwrap()
                })
                .collect();
            assert!(tps.iter().all(|t| t.trace_id() == tps[0].trace_id()));
            assert!(
                tps[0].parent_id() != tps[1].parent_id()
                    && tps[1].parent_id() != tps[2].parent_id()
                    && tps[0].parent_id() != tps[2].parent_id()
            );
        }
    }

    // CAR-03, CAR-04, TS-19: inject replaces what is there; one field each;
    // empty tracestate and baggage are not sent.
    #[test]
    fn car_03_car_04_inject_replaces_and_skips_empty() {
        let mut rng = SplitMix(5);
        let me = Participant::from_carrier(&Pairs::http(&[("traceparent", TP)]), &mut rng);
        let mut out: Vec<(String, String)> = vec![
            ("traceparent".into(), "old".into()),
            ("tracestate".into(), "stale=1".into()),
            ("baggage".into(), "stale=1".into()),
            ("traceparent".into(), "older".into()),
        ];
        me.inject(&mut out, &mut rng).unwrap();
        assert_eq!(get(&out, "traceparent").len(), 1);
        assert!(get(&out, "tracestate").is_empty());
        assert!(get(&out, "baggage").is_empty());
    }

    // TS-21, TS-22: the service's own member goes first.
    #[test]
    fn ts_21_own_member_first() {
        let h = [
            ("traceparent", TP),
            ("tracestate", &b"congo=t61rcWkgMzE"[..]),
        ];
        let mut rng = SplitMix(6);
        let mut me = Participant::from_carrier(&Pairs::http(&h), &mut rng);
        me.tracestate_mut()
            .insert("rojo", "00f067aa0ba902b7")
            .unwrap();
        let mut out: Vec<(String, String)> = Vec::new();
        me.inject(&mut out, &mut rng).unwrap();
        assert_eq!(
            get(&out, "tracestate"),
            ["rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"]
        );
    }

    // TP-27: a caller's restart empties tracestate unless asked to keep it.
    #[test]
    fn tp_27_restart_empties_tracestate_unless_opted_in() {
        let h = [
            ("traceparent", TP),
            ("tracestate", &b"a=1"[..]),
            ("baggage", b"b=2"),
        ];
        let mut rng = SplitMix(7);
        let me = Participant::from_carrier(&Pairs::http(&h), &mut rng);
        let restarted = me.clone().restart(&mut rng);
        assert_eq!(restarted.decision(), Decision::RestartedByCaller);
        assert_ne!(
            restarted.trace_id().to_string(),
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
        assert!(restarted.tracestate().is_empty());
        assert_eq!(restarted.baggage().as_str(), "b=2");
        let kept = me.restart_keeping_tracestate(&mut rng);
        assert_eq!(kept.tracestate().as_str(), "a=1");
    }

    // TP-22, TP-27: a restart starts the flags over (random-trace-id bit
    // only); a sampling decision is made for the new trace after it.
    #[test]
    fn tp_22_tp_27_restart_starts_flags_over() {
        let h = [("traceparent", TP)];
        let mut rng = SplitMix(7);
        let me = Participant::from_carrier(&Pairs::http(&h), &mut rng).with_sampled(true);
        let tp = me.clone().restart(&mut rng).next_traceparent(&mut rng);
        assert!(!tp.is_sampled() && tp.is_random());
        let tp = me
            .restart(&mut rng)
            .with_sampled(true)
            .next_traceparent(&mut rng);
        assert!(tp.is_sampled() && tp.is_random());
    }

    // TS-17, TS-28 in a participant: a 32-member state is forwarded whole;
    // 33 members drop the tracestate (TS-12).
    #[test]
    fn ts_09_32_members_forwarded_33_dropped() {
        let ok = members(0..32);
        let (me, out) = call(&[("traceparent", TP), ("tracestate", ok.as_bytes())], 8);
        assert_eq!(me.tracestate().len(), 32);
        assert_eq!(get(&out, "tracestate"), [ok.as_str()]);
        let too_many = members(0..33);
        let (me, out) = call(
            &[("traceparent", TP), ("tracestate", too_many.as_bytes())],
            8,
        );
        assert_eq!(
            me.tracestate_error().map(|e| e.kind()),
            Some(ErrorKind::TooManyMembers)
        );
        assert!(get(&out, "tracestate").is_empty());
    }

    fn baggage_members(n: usize) -> String {
        (0..n)
            .map(|i| format!("k{i}=v"))
            .collect::<Vec<_>>()
            .join(",")
    }

    // BG-16: a participant whose capacity is raised keeps every incoming
    // member that fits it, not just the 64 of BG-14.
    #[test]
    fn bg_16_raised_capacity_keeps_all_70_members() {
        let header = baggage_members(70);
        let h = [("traceparent", TP), ("baggage", header.as_bytes())];
        let mut rng = SplitMix(3);
        let me = Participant::<512, 16_384, 128>::with_capacity(&Pairs::http(&h), &mut rng);
        assert_eq!(me.baggage().len(), 70);
        assert_eq!(me.baggage().as_str(), header);
        assert_eq!(me.baggage_dropped(), 0);
        // More than 8192 bytes too.
        let long = format!("a=1,b={}", "x".repeat(9000));
        let h = [("baggage", long.as_bytes())];
        let me = Participant::<512, 16_384, 128>::with_capacity(&Pairs::http(&h), &mut rng);
        assert_eq!((me.baggage().len(), me.baggage_dropped()), (2, 0));
    }

    // BG-15, BG-17: members in more baggage fields than are read (the
    // first MAX_BAGGAGE_FIELDS non-blank ones) are dropped from the end and
    // counted, whatever the capacity; blank fields take no slot.
    #[test]
    fn bg_15_bg_17_members_of_fields_past_the_field_limit_are_counted() {
        use tracewire::propagation::MAX_BAGGAGE_FIELDS;
        let members: Vec<String> = (0..70).map(|i| format!("k{i}=v,m{i}=w")).collect();
        let mut h: Vec<(&str, &[u8])> = vec![("traceparent", TP), ("baggage", b" , ")];
        h.extend(members.iter().map(|m| ("baggage", m.as_bytes())));
        h.push(("baggage", b"bad member"));
        let mut rng = SplitMix(5);
        let me = Participant::<512, 16_384, 180>::with_capacity(&Pairs::http(&h), &mut rng);
        assert_eq!(me.baggage().len(), 2 * MAX_BAGGAGE_FIELDS);
        assert_eq!(me.baggage_dropped(), 2 * (70 - MAX_BAGGAGE_FIELDS));
        let me = Participant::from_carrier(&Pairs::http(&h), &mut rng);
        assert_eq!((me.baggage().len(), me.baggage_dropped()), (64, 140 - 64));
    }

    // BG-14, BG-15: the default participant keeps 64 of 70 members and says
    // that 6 were dropped; malformed members are not counted (BG-21).
    #[test]
    fn bg_14_bg_15_default_keeps_64_reports_6_dropped() {
        let header = baggage_members(70);
        let (me, out) = call(&[("traceparent", TP), ("baggage", header.as_bytes())], 4);
        assert_eq!(me.baggage().len(), 64);
        assert_eq!(me.baggage().iter().last().unwrap().key(), "k63");
        assert_eq!(me.baggage_dropped(), 6);
        assert_eq!(get(&out, "baggage"), [baggage_members(64).as_str()]);
        let (me, _) = call(&[("baggage", b"a=1,bad member,b=2")], 4);
        assert_eq!((me.baggage().len(), me.baggage_dropped()), (2, 0));
        // BG-18: members past the 180th count as dropped too.
        let header = baggage_members(200);
        let (me, _) = call(&[("baggage", header.as_bytes())], 4);
        assert_eq!(me.baggage_dropped(), 200 - 64);
        // A restart keeps the baggage and what was dropped from it.
        let restarted = me.restart(&mut SplitMix(5));
        assert_eq!(restarted.baggage_dropped(), 136);
    }

    /// 32 members, 1109 bytes: 22 of 34 bytes and 10 of 33 bytes.
    fn tracestate_1109() -> String {
        let ts = (0..32)
            .map(|i| {
                let len = if i < 22 { 30 } else { 29 };
                format!("k{i:02}={}", "v".repeat(len))
            })
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(ts.len(), 1109);
        ts
    }

    // TS-27, TS-28: a valid 1109-byte state does not fit the default 512
    // bytes; 18 members are dropped from the right end and reported.
    #[test]
    fn ts_27_ts_28_truncated_tracestate_reports_what_was_dropped() {
        let ts = tracestate_1109();
        let (me, out) = call(&[("traceparent", TP), ("tracestate", ts.as_bytes())], 6);
        assert_eq!(me.tracestate().len(), 14);
        assert_eq!(me.tracestate_error(), None);
        let dropped = me.tracestate_dropped();
        assert_eq!((dropped.total(), dropped.for_byte_limit()), (18, 18));
        assert_eq!(dropped.for_member_limit(), 0);
        let kept = me.tracestate().as_str();
        assert_eq!(get(&out, "tracestate"), [kept]);
        assert!(ts.starts_with(kept) && ts[kept.len()..].starts_with(",k14="));
        // Kept by the explicit opt-in, cleared by a plain restart (TP-27).
        let kept = me.clone().restart_keeping_tracestate(&mut SplitMix(7));
        assert_eq!(kept.tracestate_dropped(), dropped);
        assert!(me.restart(&mut SplitMix(7)).tracestate_dropped().is_empty());
        // Nothing dropped when it fits.
        let (me, _) = call(&[("traceparent", TP), ("tracestate", b"a=1")], 6);
        assert!(me.tracestate_dropped().is_empty());
    }

    // TS-17, TS-27, BG-14, BG-17: the byte limits are met exactly over
    // several fields, blank ones between, the joining comma counted: 512
    // bytes of tracestate and 8192 of baggage go out intact; one byte more
    // drops the last member whole.
    #[test]
    fn ts_17_bg_17_byte_limits_exactly_met_across_fields() {
        let m100 = |c: char| format!("{c}={}", c.to_string().repeat(98));
        let ts1 = [m100('a'), m100('b'), m100('c')].join(",");
        let ts2 = format!("{},e={}", m100('d'), "e".repeat(512 - 302 - 1 - 100 - 3));
        let ts2_over = format!("{ts2}e");
        let bg1 = format!("a={}", "1".repeat(4000));
        let bg2 = format!("b={}", "2".repeat(8192 - 4002 - 1 - 2));
        let bg2_over = format!("{bg2}2");
        for (ts2, bg2, fits) in [(&ts2, &bg2, true), (&ts2_over, &bg2_over, false)] {
            let h = [
                ("traceparent", TP),
                ("tracestate", ts1.as_bytes()),
                ("tracestate", b" \t"),
                ("tracestate", ts2.as_bytes()),
                ("baggage", bg1.as_bytes()),
                ("baggage", b""),
                ("baggage", bg2.as_bytes()),
            ];
            let (me, out) = call(&h, 8);
            if fits {
                let ts = format!("{ts1},{ts2}");
                assert_eq!(ts.len(), 512);
                assert_eq!(get(&out, "tracestate"), [ts.as_str()]);
                let bg = format!("{bg1},{bg2}");
                assert_eq!(bg.len(), 8192);
                assert_eq!(get(&out, "baggage"), [bg.as_str()]);
                assert!(me.tracestate_dropped().is_empty());
                assert_eq!(me.baggage_dropped(), 0);
            } else {
                assert_eq!(get(&out, "tracestate"), [format!("{ts1},{}", m100('d'))]);
                assert_eq!(get(&out, "baggage"), [bg1.as_str()]);
                assert_eq!(me.tracestate_dropped().total(), 1);
                assert_eq!(me.baggage_dropped(), 1);
            }
        }
    }

    // BG-15, TS-28: a capacity below the spec's defaults still truncates
    // whole members from the end, and says how many.
    #[test]
    fn bg_15_ts_28_small_capacity_still_truncates() {
        let header = baggage_members(70);
        let ts = tracestate_1109();
        let h = [
            ("traceparent", TP),
            ("tracestate", ts.as_bytes()),
            ("baggage", header.as_bytes()),
        ];
        let mut rng = SplitMix(8);
        let me = Participant::<128, 256, 8>::with_capacity(&Pairs::http(&h), &mut rng);
        assert_eq!(me.baggage().as_str(), baggage_members(8));
        assert_eq!(me.baggage_dropped(), 62);
        // 128 bytes hold 3 members of 34 bytes and their commas.
        assert_eq!(me.tracestate().len(), 3);
        assert_eq!(me.tracestate_dropped().total(), 29);
        // Bytes bind before members: 256 bytes of `kNN=vvvv…`.
        let wide: String = (0..10)
            .map(|i| format!("k{i}={}", "v".repeat(40)))
            .collect::<Vec<_>>()
            .join(",");
        let h = [("baggage", wide.as_bytes())];
        let me = Participant::<128, 256, 8>::with_capacity(&Pairs::http(&h), &mut rng);
        assert_eq!((me.baggage().len(), me.baggage_dropped()), (5, 5));
    }

    // TP-34: same RNG state, same ids.
    #[test]
    fn tp_34_ids_from_rng_only() {
        let (_, a) = call(&[], 42);
        let (_, b) = call(&[], 42);
        assert_eq!(a, b);
    }

    #[test]
    fn injector_failure_is_reported() {
        struct Full;
        impl Injector for Full {
            fn set(&mut self, _: &str, _: &str) -> Result<(), tracewire::CapacityError> {
                Err(tracewire::CapacityError)
            }
            fn remove_all(&mut self, _: &str) {}
        }
        let mut rng = SplitMix(9);
        let me = Participant::from_carrier(&Pairs::http(&[("traceparent", TP)]), &mut rng);
        assert_eq!(
            me.inject(&mut Full, &mut rng),
            Err(tracewire::CapacityError)
        );
    }

    // CAR-03, CAR-04: the fields are set one by one and not rolled back, as
    // `Participant::inject` documents: a carrier with room for one field
    // keeps the new traceparent when the tracestate does not fit.
    #[test]
    fn car_03_inject_error_keeps_the_fields_set_before() {
        struct OneSlot(Vec<(String, String)>);
        impl Injector for OneSlot {
            fn set(&mut self, name: &str, value: &str) -> Result<(), tracewire::CapacityError> {
                self.0.retain(|(n, _)| n != name);
                if !self.0.is_empty() {
                    return Err(tracewire::CapacityError);
                }
                self.0.push((name.to_owned(), value.to_owned()));
                Ok(())
            }
            fn remove_all(&mut self, name: &str) {
                self.0.retain(|(n, _)| n != name);
            }
        }
        let mut rng = SplitMix(9);
        let h = [("traceparent", TP), ("tracestate", &b"a=1"[..])];
        let me = Participant::from_carrier(&Pairs::http(&h), &mut rng);
        let mut out = OneSlot(Vec::new());
        assert_eq!(me.inject(&mut out, &mut rng), Err(tracewire::CapacityError));
        assert_eq!(out.0.len(), 1);
        assert_eq!(out.0[0].0, "traceparent");
        assert!(
            out.0[0]
                .1
                .starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-")
        );
    }
}
