//! Binary and Server-Timing output into the embedded sinks: heapless,
//! arrayvec and embedded-io (each part behind its feature).

use tracewire::binary::traceparent as bin;
use tracewire::{ServerTiming, TraceParent, traceparent};

const TP: TraceParent = traceparent!("00-4bf92f3577b34da6a3ce929d000e4736-34f067aa0ba902b7-01");
const BIN: [u8; 29] = [
    0, 0, 75, 249, 47, 53, 119, 179, 77, 166, 163, 206, 146, 157, 0, 14, 71, 54, 1, 52, 240, 103,
    170, 11, 169, 2, 183, 2, 1,
];
const METRIC: &str = "trace;desc=00-4bf92f3577b34da6a3ce929d000e4736-34f067aa0ba902b7-01";

#[cfg(feature = "heapless")]
#[test]
fn heapless_vec_and_string() {
    use tracewire::CapacityError;
    let mut v: heapless::Vec<u8, 29> = heapless::Vec::new();
    assert_eq!(bin::write_to(&TP, &mut v), Ok(29));
    assert_eq!(v.as_slice(), &BIN);
    let mut short: heapless::Vec<u8, 28> = heapless::Vec::new();
    assert_eq!(bin::write_to(&TP, &mut short), Err(CapacityError));
    assert!(short.is_empty());

    let mut s: heapless::String<66> = heapless::String::new();
    assert_eq!(ServerTiming::new(TP).write_to(&mut s), Ok(66));
    assert_eq!(s.as_str(), METRIC);
    let mut small: heapless::String<65> = heapless::String::new();
    assert_eq!(
        ServerTiming::new(TP).write_to(&mut small),
        Err(CapacityError)
    );
    // A text sink refuses raw binary bytes.
    let mut text: heapless::String<64> = heapless::String::new();
    assert_eq!(bin::write_to(&TP, &mut text), Err(CapacityError));
    assert!(text.is_empty());
    // The metric into a byte vector.
    let mut bytes: heapless::Vec<u8, 80> = heapless::Vec::new();
    ServerTiming::new(TP).write_to(&mut bytes).unwrap();
    assert_eq!(bytes.as_slice(), METRIC.as_bytes());
}

#[cfg(feature = "heapless")]
#[test]
fn heapless_vec_binary_tracestate() {
    use tracewire::binary::tracestate as bts;
    let ts = tracewire::TraceStateRef::parse(b"foo=34f067aa0ba902b7,bar=0.25").unwrap();
    let mut v: heapless::Vec<u8, 32> = heapless::Vec::new();
    assert_eq!(bts::write_to(&ts, &mut v), Ok(32));
    assert_eq!(
        bts::parse(&v, Some(0)).unwrap().to_string(),
        "foo=34f067aa0ba902b7,bar=0.25"
    );
    let mut short: heapless::Vec<u8, 31> = heapless::Vec::new();
    assert!(bts::write_to(&ts, &mut short).is_err());
    assert!(short.is_empty());
    let mut text: heapless::String<64> = heapless::String::new();
    bts::parse(&v, None)
        .unwrap()
        .write_text_to(&mut text)
        .unwrap();
    assert_eq!(text.as_str(), "foo=34f067aa0ba902b7,bar=0.25");
}

#[cfg(feature = "arrayvec")]
#[test]
fn arrayvec_vec_and_string() {
    use tracewire::CapacityError;
    let mut v = arrayvec::ArrayVec::<u8, 32>::new();
    assert_eq!(bin::write_to(&TP, &mut v), Ok(29));
    assert_eq!(v.as_slice(), &BIN);
    let mut short = arrayvec::ArrayVec::<u8, 28>::new();
    assert_eq!(bin::write_to(&TP, &mut short), Err(CapacityError));
    assert!(short.is_empty());
    let mut s = arrayvec::ArrayString::<66>::new();
    assert_eq!(ServerTiming::new(TP).write_to(&mut s), Ok(66));
    assert_eq!(s.as_str(), METRIC);
}

#[cfg(feature = "embedded-io")]
#[test]
fn embedded_io_writer() {
    use tracewire::adapters::embedded_io::IoSink;
    let mut buf = [0u8; 29 + 66];
    let mut sink = IoSink::new(&mut buf[..]);
    assert_eq!(bin::write_to(&TP, &mut sink), Ok(29));
    assert_eq!(ServerTiming::new(TP).write_to(&mut sink), Ok(66));
    let _ = sink.into_inner();
    assert_eq!(&buf[..29], &BIN);
    assert_eq!(&buf[29..], METRIC.as_bytes());
    // A full writer reports the failure.
    let mut tiny = [0u8; 10];
    let mut sink = IoSink::new(&mut tiny[..]);
    assert!(bin::write_to(&TP, &mut sink).is_err());
}

#[cfg(feature = "std")]
#[test]
fn std_vec_takes_bytes_string_refuses_them() {
    let mut v: Vec<u8> = Vec::new();
    assert_eq!(bin::write_to(&TP, &mut v), Ok(29));
    assert_eq!(v, BIN);
    let mut s = String::new();
    assert!(bin::write_to(&TP, &mut s).is_err());
    assert_eq!(ServerTiming::new(TP).write_to(&mut s), Ok(66));
    assert_eq!(s, METRIC);
}

#[test]
fn slice_sink_binary_then_text() {
    let mut buf = [0u8; 29 + 66];
    let mut sink = tracewire::SliceSink::new(&mut buf);
    bin::write_to(&TP, &mut sink).unwrap();
    ServerTiming::new(TP).write_to(&mut sink).unwrap();
    assert_eq!(&sink.as_bytes()[..29], &BIN);
    assert_eq!(&sink.as_bytes()[29..], METRIC.as_bytes());
}
