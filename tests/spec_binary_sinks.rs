//! Binary writers and sinks: a binary `write_to` writes all of its bytes or
//! nothing, takes byte sinks only (whatever the bytes happen to be), and
//! agrees with `encoded_len` and `encode_into` (BIN-10, BIN-11, BIN-18,
//! BIN-19).
#![cfg(feature = "std")]

use tracewire::binary::{traceparent as btp, tracestate as bts};
use tracewire::{CapacityError, FmtSink, Sink, SliceSink, TraceParent, TraceStateRef};

const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
/// Every id byte below 0x80: the 29 binary bytes happen to be UTF-8.
const TP_ASCII_IDS: &str = "00-0102030405060708090a0b0c0d0e0f10-0102030405060708-01";

// BIN-11: a 200-byte value has length byte 0xC8; a text sink refuses the
// binary form and is left empty (it kept `0, 1, k` before).
#[test]
fn bin_11_tracestate_write_to_text_sink_writes_nothing() {
    let text = format!("k={}", "v".repeat(200));
    let ts = TraceStateRef::parse(text.as_bytes()).unwrap();
    let mut s = String::new();
    assert_eq!(bts::write_to(&ts, &mut s), Err(CapacityError));
    assert_eq!(s, "");
    let mut s = String::new();
    assert_eq!(bts::write_to(&ts, &mut FmtSink(&mut s)), Err(CapacityError));
    assert_eq!(s, "");
    // Byte sinks take it.
    let mut v = Vec::new();
    assert_eq!(bts::write_to(&ts, &mut v), Ok(204));
    assert_eq!(&v[..5], &[0, 1, b'k', 200, b'v']);
}

// BIN-11: refused by a text sink even when every byte is ASCII, so the
// outcome does not depend on the lengths.
#[test]
fn bin_11_tracestate_text_sink_refused_whatever_the_bytes() {
    let ts = TraceStateRef::parse(b"k=v").unwrap();
    let mut s = String::from("x");
    assert_eq!(bts::write_to(&ts, &mut s), Err(CapacityError));
    assert_eq!(s, "x");
}

// BIN-01, BIN-10: the binary traceparent into a text sink fails whatever the
// id bytes, and writes nothing.
#[test]
fn bin_10_traceparent_write_to_text_sink_refused_whatever_the_ids() {
    for text in [TP, TP_ASCII_IDS] {
        let tp: TraceParent = text.parse().unwrap();
        let mut s = String::new();
        assert_eq!(btp::write_to(&tp, &mut s), Err(CapacityError), "{text}");
        assert_eq!(s, "");
        let mut s = String::new();
        assert_eq!(btp::write_to(&tp, &mut FmtSink(&mut s)), Err(CapacityError));
        assert_eq!(s, "");
        let mut v = Vec::new();
        assert_eq!(btp::write_to(&tp, &mut v), Ok(29));
        assert_eq!(v, btp::encode(&tp));
    }
}

// Which sinks take raw bytes.
#[test]
fn bin_10_byte_sinks_and_text_sinks() {
    let mut buf = [0u8; 4];
    assert!(SliceSink::new(&mut buf).is_byte_sink());
    assert!(Vec::<u8>::new().is_byte_sink());
    assert!(!String::new().is_byte_sink());
    assert!(!FmtSink(String::new()).is_byte_sink());
    // Through `&mut S`, as generic writers see it.
    fn by_ref<S: Sink>(s: S) -> bool {
        s.is_byte_sink()
    }
    assert!(by_ref(&mut Vec::<u8>::new()));
    assert!(!by_ref(&mut String::new()));
    #[cfg(feature = "heapless")]
    {
        assert!(heapless::Vec::<u8, 4>::new().is_byte_sink());
        assert!(!heapless::String::<4>::new().is_byte_sink());
    }
    #[cfg(feature = "arrayvec")]
    {
        assert!(arrayvec::ArrayVec::<u8, 4>::new().is_byte_sink());
        assert!(!arrayvec::ArrayString::<4>::new().is_byte_sink());
    }
}

// BIN-18: a 256-byte value (valid text) has no binary form: every writer
// refuses it and writes nothing, `encoded_len` says `None`.
#[test]
fn bin_18_256_byte_value_has_no_binary_form() {
    let text = format!("a=1,k={}", "v".repeat(256));
    let ts = TraceStateRef::parse(text.as_bytes()).unwrap();
    assert_eq!(bts::encoded_len(&ts), None);
    let mut v = vec![7u8];
    assert_eq!(bts::write_to(&ts, &mut v), Err(CapacityError));
    assert_eq!(v, [7]);
    let mut buf = [0xaa_u8; 1024];
    assert_eq!(bts::encode_into(&ts, &mut buf), Err(CapacityError));
    assert!(buf.iter().all(|&b| b == 0xaa));
}

// BIN-19: `write_to` writes the members only (`encoded_len` bytes);
// `encode_into` writes the same bytes and adds `0, 0` when the buffer has
// room for it.
#[test]
fn bin_19_write_to_encoded_len_encode_into_agree() {
    for text in [
        &b"k=v"[..],
        b"foo=34f067aa0ba902b7,bar=0.25",
        b"a=1,b=2,c=3",
    ] {
        let ts = TraceStateRef::parse(text).unwrap();
        let n = bts::encoded_len(&ts).unwrap();
        let mut v = Vec::new();
        assert_eq!(bts::write_to(&ts, &mut v), Ok(n));
        assert_eq!(v.len(), n);
        let mut exact = vec![0xaa_u8; n];
        assert_eq!(bts::encode_into(&ts, &mut exact), Ok(n));
        assert_eq!(exact, v);
        let mut one_more = vec![0xaa_u8; n + 1];
        assert_eq!(bts::encode_into(&ts, &mut one_more), Ok(n));
        assert_eq!(one_more[n], 0xaa);
        let mut larger = vec![0xaa_u8; n + 4];
        assert_eq!(bts::encode_into(&ts, &mut larger), Ok(n + 2));
        assert_eq!(&larger[..n], &v[..]);
        assert_eq!(&larger[n..], &[0, 0, 0xaa, 0xaa]);
        // Appending the marker to a sink is the caller's choice.
        assert_eq!(v.write_bytes(&bts::END_MARKER), Ok(()));
        assert_eq!(bts::parse(&v, Some(0)).unwrap().len(), ts.len());
    }
}
