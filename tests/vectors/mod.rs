//! Shared test vectors: `const` data only, so `tests/`, `no_std_tests/` and
//! the fuzz seed generator can all `include!` this file.
//!
//! Each entry names the spec requirement it comes from. Error kinds are given
//! by name (`ErrorKind::name()`), so this file depends on no crate type.

#![allow(dead_code)]

/// `00-{T}-{P}-01`
pub const TP_CANONICAL: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
/// {T}
pub const T: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
/// {P}
pub const P: &str = "00f067aa0ba902b7";

/// A traceparent the parser must accept.
pub struct TpValid {
    /// Spec IDs the vector checks.
    pub spec: &'static str,
    /// The header value exactly as received.
    pub input: &'static [u8],
    /// The version as parsed.
    pub version: u8,
    /// The trace-id, hex.
    pub trace_id: &'static str,
    /// The parent-id, hex.
    pub parent_id: &'static str,
    /// The flags byte as parsed.
    pub flags: u8,
    /// What the crate writes for the same context.
    pub encoded: &'static [u8],
}

/// A traceparent the parser must refuse.
pub struct TpInvalid {
    /// Spec IDs the vector checks.
    pub spec: &'static str,
    /// The header value exactly as received.
    pub input: &'static [u8],
    /// `ErrorKind::name()` of the expected error.
    pub kind: &'static str,
    /// Offset of the first bad byte.
    pub offset: usize,
}

const E01: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const E03: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03";

pub const TP_VALID: &[TpValid] = &[
    TpValid {
        spec: "TP-01",
        input: E01,
        version: 0,
        trace_id: T,
        parent_id: P,
        flags: 0x01,
        encoded: E01,
    },
    TpValid {
        spec: "TP-08",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff",
        version: 0,
        trace_id: T,
        parent_id: P,
        flags: 0xff,
        encoded: E03,
    },
    TpValid {
        spec: "TP-08",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
        version: 0,
        trace_id: T,
        parent_id: P,
        flags: 0x00,
        encoded: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
    },
    TpValid {
        spec: "TP-17",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02",
        version: 0,
        trace_id: T,
        parent_id: P,
        flags: 0x02,
        encoded: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02",
    },
    TpValid {
        spec: "TP-10",
        input: b" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        version: 0,
        trace_id: T,
        parent_id: P,
        flags: 0x01,
        encoded: E01,
    },
    TpValid {
        spec: "TP-10",
        input: b"\t00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        version: 0,
        trace_id: T,
        parent_id: P,
        flags: 0x01,
        encoded: E01,
    },
    TpValid {
        spec: "TP-10",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ",
        version: 0,
        trace_id: T,
        parent_id: P,
        flags: 0x01,
        encoded: E01,
    },
    TpValid {
        spec: "TP-10",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\t",
        version: 0,
        trace_id: T,
        parent_id: P,
        flags: 0x01,
        encoded: E01,
    },
    TpValid {
        spec: "TP-10",
        input: b"\t 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 \t",
        version: 0,
        trace_id: T,
        parent_id: P,
        flags: 0x01,
        encoded: E01,
    },
    TpValid {
        spec: "TP-13",
        input: b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        version: 0xcc,
        trace_id: T,
        parent_id: P,
        flags: 0x01,
        encoded: E01,
    },
    TpValid {
        spec: "TP-13",
        input:
            b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be-like",
        version: 0xcc,
        trace_id: T,
        parent_id: P,
        flags: 0x01,
        encoded: E01,
    },
    TpValid {
        spec: "TP-14",
        input: b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-x",
        version: 0xcc,
        trace_id: T,
        parent_id: P,
        flags: 0x03,
        encoded: E03,
    },
    TpValid {
        spec: "TP-13",
        input: b"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
        version: 0x01,
        trace_id: T,
        parent_id: P,
        flags: 0x01,
        encoded: E01,
    },
    TpValid {
        spec: "TP-08, TP-17",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-fe",
        version: 0x00,
        trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
        parent_id: "00f067aa0ba902b7",
        flags: 0xfe,
        encoded: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02",
    },
    TpValid {
        spec: "TP-13, TP-14",
        input: b"fe-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03-",
        version: 0xfe,
        trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
        parent_id: "00f067aa0ba902b7",
        flags: 0x03,
        encoded: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03",
    },
    TpValid {
        spec: "TP-13, TP-14",
        input: b"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-fe",
        version: 0x01,
        trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
        parent_id: "00f067aa0ba902b7",
        flags: 0x02,
        encoded: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02",
    },
    TpValid {
        spec: "TP-05, TP-06",
        input: b"00-00000000000000000000000000000001-0000000000000001-00",
        version: 0x00,
        trace_id: "00000000000000000000000000000001",
        parent_id: "0000000000000001",
        flags: 0x00,
        encoded: b"00-00000000000000000000000000000001-0000000000000001-00",
    },
];

pub const TP_INVALID: &[TpInvalid] = &[
    TpInvalid {
        spec: "TP-02",
        input: b"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        kind: "UppercaseHex",
        offset: 4,
    },
    TpInvalid {
        spec: "TP-02",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00F067aa0ba902b7-01",
        kind: "UppercaseHex",
        offset: 38,
    },
    TpInvalid {
        spec: "TP-02",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
        kind: "UppercaseHex",
        offset: 54,
    },
    TpInvalid {
        spec: "TP-02",
        input: b"00-4bf92f3577b34da6a3ce929d0e0g4736-00f067aa0ba902b7-01",
        kind: "NotHex",
        offset: 30,
    },
    TpInvalid {
        spec: "TP-03",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        kind: "FieldTooShort",
        offset: 34,
    },
    TpInvalid {
        spec: "TP-03",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e47367-00f067aa0ba902b7-01",
        kind: "FieldTooLong",
        offset: 35,
    },
    TpInvalid {
        spec: "TP-03",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
        kind: "FieldTooShort",
        offset: 51,
    },
    TpInvalid {
        spec: "TP-03",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b70-01",
        kind: "FieldTooLong",
        offset: 52,
    },
    TpInvalid {
        spec: "TP-03",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        kind: "FieldTooShort",
        offset: 54,
    },
    TpInvalid {
        spec: "TP-03",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-001",
        kind: "FieldTooLong",
        offset: 55,
    },
    // A third flags digit is a too-long field in either case, as after the ids.
    TpInvalid {
        spec: "TP-03",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01A",
        kind: "FieldTooLong",
        offset: 55,
    },
    TpInvalid {
        spec: "TP-03",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736A-00f067aa0ba902b7-01",
        kind: "FieldTooLong",
        offset: 35,
    },
    TpInvalid {
        spec: "TP-04",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.",
        kind: "TrailingData",
        offset: 55,
    },
    TpInvalid {
        spec: "TP-04",
        input:
            b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be-like",
        kind: "TrailingData",
        offset: 55,
    },
    TpInvalid {
        spec: "TP-05",
        input: b"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        kind: "AllZeroTraceId",
        offset: 3,
    },
    TpInvalid {
        spec: "TP-06",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        kind: "AllZeroParentId",
        offset: 36,
    },
    TpInvalid {
        spec: "TP-07",
        input: b"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        kind: "ForbiddenVersion",
        offset: 0,
    },
    TpInvalid {
        spec: "TP-07",
        input: b"ff-not-even-close",
        kind: "ForbiddenVersion",
        offset: 0,
    },
    TpInvalid {
        spec: "TP-09",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-123456789012345.-01",
        kind: "NotHex",
        offset: 51,
    },
    TpInvalid {
        spec: "TP-09",
        input: b"",
        kind: "TooShort",
        offset: 0,
    },
    TpInvalid {
        spec: "TP-09",
        input: b"0",
        kind: "InvalidVersion",
        offset: 1,
    },
    TpInvalid {
        spec: "TP-09",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        kind: "TooShort",
        offset: 52,
    },
    TpInvalid {
        spec: "TP-11",
        input: b"00 -4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        kind: "InvalidVersion",
        offset: 2,
    },
    TpInvalid {
        spec: "TP-11",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736 -00f067aa0ba902b7-01",
        kind: "InnerWhitespace",
        offset: 35,
    },
    TpInvalid {
        spec: "TP-11",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0 1",
        kind: "InnerWhitespace",
        offset: 54,
    },
    TpInvalid {
        spec: "TP-12",
        input: b".0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        kind: "InvalidVersion",
        offset: 0,
    },
    TpInvalid {
        spec: "TP-12",
        input: b"0.-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        kind: "InvalidVersion",
        offset: 1,
    },
    TpInvalid {
        spec: "TP-12",
        input: b"0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        kind: "InvalidVersion",
        offset: 1,
    },
    TpInvalid {
        spec: "TP-12",
        input: b"000-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        kind: "InvalidVersion",
        offset: 2,
    },
    TpInvalid {
        spec: "TP-12",
        input: b"0000-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        kind: "InvalidVersion",
        offset: 2,
    },
    TpInvalid {
        spec: "TP-13",
        input:
            b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.what-the-future-will-be-like",
        kind: "InvalidSuffix",
        offset: 55,
    },
    TpInvalid {
        spec: "TP-13",
        input: b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",
        kind: "FieldTooShort",
        offset: 54,
    },
    TpInvalid {
        spec: "TP-13",
        input: b"cc-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        kind: "UppercaseHex",
        offset: 4,
    },
    TpInvalid {
        spec: "TP-13",
        input: b"cc-00000000000000000000000000000000-00f067aa0ba902b7-01",
        kind: "AllZeroTraceId",
        offset: 3,
    },
    TpInvalid {
        spec: "TP-01",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
        kind: "ExpectedDash",
        offset: 35,
    },
    TpInvalid {
        spec: "TP-01",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
        kind: "ExpectedDash",
        offset: 52,
    },
    TpInvalid {
        spec: "TP-01",
        input: b"00-",
        kind: "FieldTooShort",
        offset: 3,
    },
    TpInvalid {
        spec: "TP-01, TP-10",
        input: b" ",
        kind: "TooShort",
        offset: 1,
    },
    TpInvalid {
        spec: "TP-02",
        input: b"0a-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
        kind: "NotHex",
        offset: 54,
    },
    TpInvalid {
        spec: "TP-02, TP-12",
        input: b"0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        kind: "UppercaseHex",
        offset: 1,
    },
    TpInvalid {
        spec: "TP-04",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
        kind: "TrailingData",
        offset: 55,
    },
    TpInvalid {
        spec: "TP-06, TP-13",
        input: b"cc-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01-x",
        kind: "AllZeroParentId",
        offset: 36,
    },
    TpInvalid {
        spec: "TP-07",
        input: b"ff",
        kind: "ForbiddenVersion",
        offset: 0,
    },
    TpInvalid {
        spec: "TP-07, TP-10",
        input: b"\tff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        kind: "ForbiddenVersion",
        offset: 1,
    },
    TpInvalid {
        spec: "TP-10",
        input: b"\n00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        kind: "InvalidVersion",
        offset: 0,
    },
    TpInvalid {
        spec: "TP-10",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r",
        kind: "TrailingData",
        offset: 55,
    },
    TpInvalid {
        spec: "TP-10, TP-02",
        input: b" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
        kind: "UppercaseHex",
        offset: 55,
    },
    TpInvalid {
        spec: "TP-11",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7\t01",
        kind: "InnerWhitespace",
        offset: 52,
    },
    TpInvalid {
        spec: "TP-11",
        input: b"00-4bf92f3577b34da6a3ce929d0e0e4736- 00f067aa0ba902b7-01",
        kind: "InnerWhitespace",
        offset: 36,
    },
    TpInvalid {
        spec: "TP-13",
        input: b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 x",
        kind: "InvalidSuffix",
        offset: 55,
    },
];

/// A tracestate the parser must accept: the fields of one carrier, in
/// arrival order.
pub struct TsValid {
    /// Spec IDs the vector checks.
    pub spec: &'static str,
    /// The header fields exactly as received.
    pub fields: &'static [&'static [u8]],
    /// The number of members.
    pub members: usize,
    /// The canonical encoding (members joined by a bare `,`).
    pub encoded: &'static [u8],
}

/// A tracestate the parser must refuse.
pub struct TsInvalid {
    /// Spec IDs the vector checks.
    pub spec: &'static str,
    /// The header fields exactly as received.
    pub fields: &'static [&'static [u8]],
    /// `ErrorKind::name()` of the expected error.
    pub kind: &'static str,
    /// Index of the field holding the bad byte.
    pub field: u32,
    /// Offset of the first bad byte inside that field.
    pub offset: usize,
}

pub const TS_VALID: &[TsValid] = &[
    TsValid { spec: "TS-01", fields: &[b"foo=1 \t , \t bar=2, \t baz=3"], members: 3, encoded: b"foo=1,bar=2,baz=3" },
    TsValid { spec: "TS-01", fields: &[b"foo=1\t \t,\t \tbar=2,\t \tbaz=3"], members: 3, encoded: b"foo=1,bar=2,baz=3" },
    TsValid { spec: "TS-02", fields: &[b""], members: 0, encoded: b"" },
    TsValid { spec: "TS-02", fields: &[b" , ,\t"], members: 0, encoded: b"" },
    TsValid { spec: "TS-03", fields: &[b"1special=1,fw529a3039@dt=2,foo@=3,foo@@bar=4,foo@bar@baz=5"], members: 5, encoded: b"1special=1,fw529a3039@dt=2,foo@=3,foo@@bar=4,foo@bar@baz=5" },
    TsValid { spec: "TS-05", fields: &[b"foo= !\"#$%&'()*+-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"], members: 1, encoded: b"foo= !\"#$%&'()*+-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~" },
    TsValid { spec: "TS-06", fields: &[b"foo= 1 \t"], members: 1, encoded: b"foo= 1" },
    TsValid { spec: "TS-10", fields: &[b"foo=1,foo=2"], members: 2, encoded: b"foo=1,foo=2" },
    TsValid { spec: "TS-16", fields: &[b"foo=1,bar=2", b"rojo=1,congo=2", b"baz=3"], members: 5, encoded: b"foo=1,bar=2,rojo=1,congo=2,baz=3" },
    TsValid { spec: "TS-16", fields: &[b"foo=1", b""], members: 1, encoded: b"foo=1" },
    TsValid { spec: "TS-16", fields: &[b"", b"foo=1"], members: 1, encoded: b"foo=1" },
    TsValid { spec: "TS-18", fields: &[b"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"], members: 2, encoded: b"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE" },
    TsValid { spec: "TS-17", fields: &[b"a0=0,a1=1,a2=2,a3=3,a4=4,a5=5,a6=6,a7=7", b"b0=0,b1=1,b2=2,b3=3,b4=4,b5=5,b6=6,b7=7", b"c0=0,c1=1,c2=2,c3=3,c4=4,c5=5,c6=6,c7=7", b"d0=0,d1=1,d2=2,d3=3,d4=4,d5=5,d6=6,d7=7"], members: 32, encoded: b"a0=0,a1=1,a2=2,a3=3,a4=4,a5=5,a6=6,a7=7,b0=0,b1=1,b2=2,b3=3,b4=4,b5=5,b6=6,b7=7,c0=0,c1=1,c2=2,c3=3,c4=4,c5=5,c6=6,c7=7,d0=0,d1=1,d2=2,d3=3,d4=4,d5=5,d6=6,d7=7" },
];

pub const TS_INVALID: &[TsInvalid] = &[
    TsInvalid {
        spec: "TS-03, TS-12",
        fields: &[b"@foo=1,bar=2"],
        kind: "InvalidKeyStart",
        field: 0,
        offset: 0,
    },
    TsInvalid {
        spec: "TS-03",
        fields: &[b"FOO=1"],
        kind: "InvalidKeyStart",
        field: 0,
        offset: 0,
    },
    TsInvalid {
        spec: "TS-03",
        fields: &[b"foo.bar=1"],
        kind: "InvalidKeyChar",
        field: 0,
        offset: 3,
    },
    TsInvalid {
        spec: "TS-03",
        fields: &[b"a=1,=2"],
        kind: "EmptyKey",
        field: 0,
        offset: 4,
    },
    TsInvalid {
        spec: "TS-05, TS-12",
        fields: &[b"foo=,bar=3"],
        kind: "EmptyValue",
        field: 0,
        offset: 4,
    },
    TsInvalid {
        spec: "TS-05",
        fields: &[b"foo=bar=baz"],
        kind: "InvalidValueChar",
        field: 0,
        offset: 7,
    },
    TsInvalid {
        spec: "TS-07",
        fields: &[b"foo =1"],
        kind: "ExpectedEquals",
        field: 0,
        offset: 3,
    },
    TsInvalid {
        spec: "TS-08",
        fields: &[b"foo=caf\xc3\xa9"],
        kind: "NonPrintableByte",
        field: 0,
        offset: 7,
    },
    TsInvalid {
        spec: "TS-08",
        fields: &[b"foo=a\tb"],
        kind: "NonPrintableByte",
        field: 0,
        offset: 5,
    },
    TsInvalid {
        spec: "TS-08",
        fields: &[b"foo=1\r\n"],
        kind: "NonPrintableByte",
        field: 0,
        offset: 5,
    },
    TsInvalid {
        spec: "TS-16",
        fields: &[b"foo=1", b"bar=2", b"x y=3"],
        kind: "ExpectedEquals",
        field: 2,
        offset: 1,
    },
    TsInvalid {
        spec: "TS-09, TS-17",
        fields: &[
            b"a0=0,a1=1,a2=2,a3=3,a4=4,a5=5,a6=6,a7=7",
            b"b0=0,b1=1,b2=2,b3=3,b4=4,b5=5,b6=6,b7=7",
            b"c0=0,c1=1,c2=2,c3=3,c4=4,c5=5,c6=6,c7=7",
            b"d0=0,d1=1,d2=2,d3=3,d4=4,d5=5,d6=6,d7=7",
            b" e=1",
        ],
        kind: "TooManyMembers",
        field: 4,
        offset: 1,
    },
];
