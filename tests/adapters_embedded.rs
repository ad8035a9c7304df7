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

/// The sinks are generic over heapless's length type: `u8` lengths and
/// the unsized `VecView` / `StringView` forms write the same text, and a
/// write that does not fit leaves them unchanged.
#[cfg(feature = "heapless")]
#[test]
fn heapless_u8_length_and_views() {
    use tracewire::{CapacityError, TraceStateRef};
    const TP_TEXT: &str = "00-4bf92f3577b34da6a3ce929d000e4736-34f067aa0ba902b7-01";
    const TS_TEXT: &str = "foo=34f067aa0ba902b7,bar=0.25";
    let ts = TraceStateRef::parse(TS_TEXT.as_bytes()).unwrap();

    let mut v: heapless::Vec<u8, 64, u8> = heapless::Vec::new();
    assert_eq!(TP.write_to(&mut v), Ok(55));
    assert_eq!(v.as_slice(), TP_TEXT.as_bytes());
    v.clear();
    assert_eq!(ts.write_to(&mut v), Ok(29));
    assert_eq!(v.as_slice(), TS_TEXT.as_bytes());

    let mut s: heapless::String<64, u8> = heapless::String::new();
    assert_eq!(TP.write_to(&mut s), Ok(55));
    assert_eq!(s.as_str(), TP_TEXT);
    s.clear();
    assert_eq!(ts.write_to(&mut s), Ok(29));
    assert_eq!(s.as_str(), TS_TEXT);

    // Capacity errors leave the sink as it was, prefix included.
    let mut short: heapless::Vec<u8, 54, u8> = heapless::Vec::new();
    short.extend_from_slice(b"x").unwrap();
    assert_eq!(TP.write_to(&mut short), Err(CapacityError));
    assert_eq!(short.as_slice(), b"x");
    let mut short: heapless::String<28, u8> = heapless::String::new();
    short.push_str("y").unwrap();
    assert_eq!(ts.write_to(&mut short), Err(CapacityError));
    assert_eq!(short.as_str(), "y");
    let mut short: heapless::Vec<u8, 28, u8> = heapless::Vec::new();
    assert_eq!(ts.write_to(&mut short), Err(CapacityError));
    assert!(short.is_empty());

    // The view forms, with capacity taken from the storage behind them.
    let mut backing: heapless::Vec<u8, 55, u16> = heapless::Vec::new();
    let view: &mut heapless::VecView<u8, u16> = backing.as_mut_view();
    assert_eq!(TP.write_to(view), Ok(55));
    assert_eq!(TP.write_to(view), Err(CapacityError));
    assert_eq!(backing.as_slice(), TP_TEXT.as_bytes());
    let mut backing: heapless::String<29, u8> = heapless::String::new();
    let view: &mut heapless::string::StringView<u8> = backing.as_mut_view();
    assert_eq!(ts.write_to(view), Ok(29));
    assert_eq!(ts.write_to(view), Err(CapacityError));
    assert_eq!(backing.as_str(), TS_TEXT);
}

/// The heapless pair-list injector takes `u8` length types too.
#[cfg(feature = "heapless")]
#[test]
fn heapless_injector_u8_lengths() {
    use tracewire::propagation::Injector;
    type Props = heapless::Vec<(heapless::String<16, u8>, heapless::Vec<u8, 64, u8>), 4, u8>;
    let mut props: Props = heapless::Vec::new();
    props.set("traceparent", "00-ab").unwrap();
    props.set("traceparent", "00-cd").unwrap();
    assert_eq!(props.len(), 1);
    let (name, value) = props.first().unwrap();
    assert_eq!(
        (name.as_str(), value.as_slice()),
        ("traceparent", &b"00-cd"[..])
    );
    assert!(props.set("x", &"v".repeat(65)).is_err());
    assert_eq!(props.len(), 1);
    props.remove_all("traceparent");
    assert!(props.is_empty());
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
