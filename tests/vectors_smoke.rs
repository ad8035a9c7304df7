//! Runs the shared vectors of `tests/vectors/mod.rs` through the parser.
mod vectors;
use tracewire::TraceParent;

// TP-01..TP-14: every shared vector parses (or fails) exactly as recorded.
#[test]
fn tp_shared_vectors() {
    for v in vectors::TP_VALID {
        let tp = TraceParent::parse(v.input)
            .unwrap_or_else(|e| panic!("{} {:?}: {e}", v.spec, String::from_utf8_lossy(v.input)));
        assert_eq!(tp.version(), v.version, "{}", v.spec);
        assert_eq!(tp.trace_id().to_string(), v.trace_id, "{}", v.spec);
        assert_eq!(tp.parent_id().to_string(), v.parent_id, "{}", v.spec);
        assert_eq!(tp.flags().bits(), v.flags, "{}", v.spec);
        assert_eq!(tp.encode().as_bytes(), v.encoded, "{}", v.spec);
    }
    for v in vectors::TP_INVALID {
        let e = TraceParent::parse(v.input).expect_err(v.spec);
        assert_eq!(
            (e.kind().name(), e.offset()),
            (v.kind, v.offset),
            "{} {:?}",
            v.spec,
            String::from_utf8_lossy(v.input)
        );
    }
}

// TS-01..TS-18: every shared tracestate vector parses (or fails) as recorded.
#[test]
fn ts_shared_vectors() {
    use tracewire::TraceStateRef;
    for v in vectors::TS_VALID {
        let ts =
            TraceStateRef::parse_fields(v.fields).unwrap_or_else(|e| panic!("{}: {e}", v.spec));
        assert_eq!(ts.len(), v.members, "{}", v.spec);
        assert_eq!(ts.to_string().as_bytes(), v.encoded, "{}", v.spec);
    }
    for v in vectors::TS_INVALID {
        let e = TraceStateRef::parse_fields(v.fields).expect_err(v.spec);
        assert_eq!(
            (e.kind().name(), e.field(), e.offset()),
            (v.kind, v.field, v.offset),
            "{}",
            v.spec
        );
    }
}
