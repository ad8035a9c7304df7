//! Property tests of the baggage codec: BG-09, BG-10, BG-11, BG-12, BG-13, BG-23,
//! BG-25, BG-27.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use tracewire::baggage::PercentDecoded;
use tracewire::{Baggage, BaggageRef};

mod common;

type Props = Vec<(String, Option<String>)>;

fn key() -> impl Strategy<Value = String> {
    "[!#$%&'*+.^_`|~0-9a-zA-Z-]{1,12}"
}

fn props() -> impl Strategy<Value = Props> {
    prop::collection::vec((key(), prop::option::of(any::<String>())), 0..4)
}

/// Decoded (key, value, props) of every member.
fn decoded(b: &BaggageRef<'_>) -> Vec<(String, String, Props)> {
    b.iter()
        .map(|m| {
            (
                m.key().to_owned(),
                m.value().to_string(),
                m.properties()
                    .map(|p| (p.key().to_owned(), p.value().map(|v| v.to_string())))
                    .collect(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // BG-12 / BG-09: any UTF-8 value survives insert → encode → parse → decode.
    #[test]
    fn any_utf8_value_round_trips(k in key(), v in any::<String>()) {
        let mut b = Baggage::<8192, 64>::new();
        b.insert(&k, &v).unwrap();
        let text = b.to_string();
        prop_assert!(text.bytes().all(|c| (0x21..=0x7E).contains(&c)), "{text:?}");
        let parsed = BaggageRef::parse(text.as_bytes()).unwrap();
        let m = parsed.get(&k).unwrap();
        prop_assert_eq!(m.value().to_string(), v.clone());
        let mut buf = vec![0u8; v.len()];
        prop_assert_eq!(m.value().decode_into(&mut buf).unwrap(), v.as_str());
        prop_assert_eq!(m.value().decoded_len(), v.len());
        prop_assert!(m.value().chars().eq(v.chars()));
    }

    // BG-13 / BG-23 / BG-25 / BG-27: order, properties, and parse(encode(b)) == b.
    #[test]
    fn members_order_and_properties_survive(members in prop::collection::vec((key(), any::<String>(), props()), 0..12)) {
        let mut b = Baggage::<8192, 64>::new();
        let mut expect: Vec<(String, String, Props)> = Vec::new();
        for (k, v, p) in &members {
            let refs: Vec<(&str, Option<&str>)> = p.iter().map(|(k, v)| (k.as_str(), v.as_deref())).collect();
            b.insert_with_properties(k, v, &refs).unwrap();
            // BG-26 model: replace the first in place, or append.
            if let Some(slot) = expect.iter_mut().find(|e| &e.0 == k) {
                *slot = (k.clone(), v.clone(), p.clone());
            } else {
                expect.push((k.clone(), v.clone(), p.clone()));
            }
        }
        let text = b.to_string();
        let view = BaggageRef::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(decoded(&view), expect);
        prop_assert_eq!(decoded(&b.view()), decoded(&view));
        let again = Baggage::<8192, 64>::try_from(view).unwrap();
        prop_assert_eq!(&again, &b);
        prop_assert_eq!(again.to_string(), text);
    }

    // BG-10: decoding any percent-encoded bytes gives from_utf8_lossy's text.
    #[test]
    fn decode_matches_from_utf8_lossy(bytes in prop::collection::vec(any::<u8>(), 0..64), style in prop::collection::vec(0u8..3, 64)) {
        let mut raw = Vec::new();
        for (i, &b) in bytes.iter().enumerate() {
            match style[i] {
                // raw where it is an octet other than '%'
                0 if b != b'%' && (0x21..=0x7E).contains(&b) && !b"\",;\\".contains(&b) => raw.push(b),
                1 => raw.extend(format!("%{b:02x}").bytes()),
                _ => raw.extend(format!("%{b:02X}").bytes()),
            }
        }
        let want = String::from_utf8_lossy(&bytes).into_owned();
        let raw = String::from_utf8(raw).unwrap();
        let d = PercentDecoded::new(&raw);
        prop_assert!(d.bytes().eq(bytes.iter().copied()));
        prop_assert_eq!(d.to_string(), want.clone());
        prop_assert_eq!(d.chars().collect::<String>(), want.clone());
        prop_assert_eq!(d.decoded_len(), want.len());
        let mut buf = vec![0u8; want.len()];
        prop_assert_eq!(d.decode_into(&mut buf).unwrap(), want.as_str());
        if !want.is_empty() {
            prop_assert!(d.decode_into(&mut buf[..want.len() - 1]).is_err());
        }
    }

    // Short values (one word) and the last bytes of longer ones, built from
    // escapes, cut escapes, lone `%`s and multi-byte text: `decode_into`
    // gives what the `char` path gives, into every buffer size from empty
    // to roomy (so both the one-word path and the byte loop near the end of
    // the buffer run), or "too small" exactly when it does not fit (BG-09..BG-11).
    #[test]
    fn short_values_decode_as_the_char_path(
        head in prop::sample::select(vec!["", "0123456789abcdef", "%41%42%43%44%45%46"]),
        parts in prop::collection::vec(
            prop::sample::select(vec![
                "%", "%4", "%41", "%e9", "%C3%A9", "%ff", "a", "Z9", "\u{e9}", "\u{20ac}", "%%", "%g1",
            ]),
            0..5,
        ),
    ) {
        let raw = format!("{head}{}", parts.concat());
        let d = PercentDecoded::new(&raw);
        let want: String = d.chars().collect();
        for size in 0..=want.len() + 9 {
            let mut buf = vec![0xA5u8; size];
            match d.decode_into(&mut buf) {
                Ok(got) => prop_assert_eq!(got, want.as_str()),
                Err(_) => prop_assert!(want.len() > size),
            }
        }
    }

    // A field that is all UTF-8 is read from its text, one that is not from
    // its bytes: the same members either way. A last member with a byte
    // that is not UTF-8 (malformed, so dropped) sends the whole field down
    // the byte path; the members before it are the ones the text path
    // read, with the same keys, raw values and properties (BG-01..BG-06,
    // BG-20, BG-21).
    #[test]
    fn text_and_byte_readers_keep_the_same_members(
        pieces in prop::collection::vec(
            prop::sample::select(vec!["a", "b", "=", ";", ",", " ", "\t", "%", "\"", "k", "v1", "\u{e9}"]),
            0..64,
        ),
    ) {
        let input = pieces.concat();
        let mut bytes = input.clone().into_bytes();
        bytes.extend_from_slice(b",k=\xff");
        let input = input.as_bytes();
        let of = common::raw_entries;
        prop_assert_eq!(of(&BaggageRef::lenient(input)), of(&BaggageRef::lenient(&bytes)));
    }

    // Any input: no panic; errors point inside it; what the lenient reader
    // keeps re-encodes to a header that parses to the same members.
    #[test]
    fn arbitrary_input_is_safe_and_canonical(input in prop::collection::vec(prop::sample::select(b"ab=;, \t%\"\x80kv1".to_vec()), 0..48)) {
        if let Err(e) = BaggageRef::parse(&input) {
            prop_assert!(e.offset() <= input.len());
        }
        let lenient = BaggageRef::lenient(&input);
        let text = lenient.to_string();
        prop_assert_eq!(text.len(), lenient.encoded_len());
        let again = BaggageRef::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(again, lenient);
        if BaggageRef::parse(&input).is_ok() {
            prop_assert_eq!(BaggageRef::parse(&input).unwrap(), lenient);
        }
    }
}
