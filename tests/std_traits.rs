//! Standard traits a user expects on the public types, beyond what the
//! codecs' own tests use: comparisons with text, `AsRef`, integer
//! conversions, flag assignment operators, and the adapters' conversions.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use tracewire::baggage::PercentDecoded;
use tracewire::{
    Baggage, BaggageRef, ErrorKind, SpanId, TraceFlags, TraceId, TraceState, TraceStateRef,
    traceparent,
};

const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

fn hash_of<T: Hash + ?Sized>(v: &T) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

// TP-28: the encoding compares with text both ways, and only with the same text.
#[test]
fn tp_28_encoded_compares_with_str() {
    let e = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").encode();
    assert_eq!(e, TP);
    assert_eq!(e, *TP);
    assert_eq!(TP, e);
    assert_eq!(*TP, e);
    assert_ne!(e, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    assert_ne!(e, &TP[..54]); // shorter text is never equal
    assert_ne!(e, "");
}

// TS-18, BG-23: `AsRef` gives the canonical encoding of the owned lists.
#[test]
fn ts_18_bg_23_owned_lists_as_ref_the_encoding() -> Result<(), Box<dyn std::error::Error>> {
    let mut ts = TraceState::<64>::try_from(&TraceStateRef::parse(b" a=1 , b=2")?)?;
    ts.insert("c", "3")?;
    assert_eq!(AsRef::<str>::as_ref(&ts), "c=3,a=1,b=2");
    assert_eq!(AsRef::<[u8]>::as_ref(&ts), b"c=3,a=1,b=2");

    let mut b = Baggage::<64, 4>::new();
    b.insert("k", "a b")?;
    assert_eq!(AsRef::<str>::as_ref(&b), "k=a%20b");
    assert_eq!(AsRef::<[u8]>::as_ref(&b), b"k=a%20b");
    Ok(())
}

// BG-09: equal decoded values hash alike, as `Eq` says they are equal.
#[test]
fn bg_09_percent_decoded_hash_follows_eq() {
    let (a, b, c) = (
        PercentDecoded::new("a%20b"),
        PercentDecoded::new("a b"),
        PercentDecoded::new("a%20c"),
    );
    assert_eq!(a, b);
    assert_eq!(hash_of(&a), hash_of(&b));
    assert_ne!(a, c);
    assert_ne!(hash_of(&a), hash_of(&c));
    // The text is terminated, so where one value ends and the next starts
    // counts in a tuple.
    let split = |x: &'static str, y: &'static str| {
        hash_of(&(PercentDecoded::new(x), PercentDecoded::new(y)))
    };
    assert_ne!(split("a%62", "c"), split("a", "bc"));
}

// BG-23: a property displays as tracewire writes it, value still encoded.
#[test]
fn bg_23_property_display() -> Result<(), tracewire::ParseError> {
    let b = BaggageRef::parse(b"k=v ; ttl = 60%20s ;internal")?;
    let m = b.iter().next().unwrap();
    let props: Vec<String> = m.properties().map(|p| p.to_string()).collect();
    assert_eq!(props, ["ttl=60%20s", "internal"]);
    Ok(())
}

// TP-05, TP-06: integers convert like the byte arrays, zero refused.
#[test]
fn tp_05_tp_06_ids_try_from_integers() {
    let t = TraceId::try_from(0x4bf9_2f35_77b3_4da6_a3ce_929d_0e0e_4736_u128).unwrap();
    assert_eq!(t.to_string(), "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(u128::from(t), 0x4bf9_2f35_77b3_4da6_a3ce_929d_0e0e_4736);
    let e = TraceId::try_from(0u128).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::AllZeroTraceId, 0));

    let s = SpanId::try_from(0x00f0_67aa_0ba9_02b7_u64).unwrap();
    assert_eq!(s.to_string(), "00f067aa0ba902b7");
    let e = SpanId::try_from(0u64).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::AllZeroParentId, 0));
}

// TP-17: flags are bits; the assignment operators act like `|` and `&`.
#[test]
fn tp_17_flags_assign_ops() {
    let mut f = TraceFlags::NONE;
    f |= TraceFlags::RANDOM;
    assert!(f.is_random() && !f.is_sampled());
    f |= TraceFlags::SAMPLED;
    assert_eq!(f.bits(), 0x03);
    f &= TraceFlags::SAMPLED;
    assert_eq!(f, TraceFlags::SAMPLED);
}

#[cfg(feature = "http")]
mod http_conversions {
    use http::HeaderValue;
    use tracewire::{ServerTiming, traceparent};

    // ST-01: the metric as a header value; TP-28: a traceparent by value.
    #[test]
    fn st_01_server_timing_and_traceparent_into_header_values() {
        let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-ff");
        assert_eq!(
            HeaderValue::from(tp).as_bytes(),
            b"00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-03"
        );
        let st = ServerTiming::new(tp);
        let hv = HeaderValue::from(&st);
        assert_eq!(
            hv.as_bytes(),
            b"trace;desc=00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-03"
        );
        assert_eq!(HeaderValue::from(st), hv);
        assert_eq!(
            ServerTiming::parse(hv.as_bytes()),
            Ok(Some(st.context().canonical().into()))
        );
    }
}

#[cfg(feature = "serde")]
mod serde_views {
    use tracewire::{Baggage, BaggageRef, TraceState, TraceStateRef};

    // TS-18, BG-23: a view serialises as the owned value with its members.
    #[test]
    fn ts_18_bg_23_views_serialise_as_the_owned_values() {
        for text in [&b"a=1,b=2"[..], b" a=1 ,\t, b=2 ", b""] {
            let view = TraceStateRef::parse(text).unwrap();
            let owned = TraceState::<64>::try_from(&view).unwrap();
            assert_eq!(
                serde_json::to_string(&view).unwrap(),
                serde_json::to_string(&owned).unwrap()
            );
        }
        let view = BaggageRef::lenient(b"k = a%20b ; p ,bad member, k2=%41");
        let owned = Baggage::<64, 4>::try_from(&view).unwrap();
        assert_eq!(
            serde_json::to_string(&view).unwrap(),
            r#""k=a%20b;p,k2=%41""#
        );
        assert_eq!(
            serde_json::to_string(&view).unwrap(),
            serde_json::to_string(&owned).unwrap()
        );
    }
}
