//! Helpers shared by the fuzz targets (included with `mod common;`).
// Each target uses a different subset.
#![allow(dead_code)]

use tracewire::ParseError;

/// Asserts that an error's offset lies within the field it names.
pub fn assert_offset_in(e: &ParseError, fields: &[&[u8]]) {
    let f = usize::try_from(e.field()).expect("field index fits usize");
    let len = fields
        .get(f)
        .unwrap_or_else(|| panic!("error names field {f} of {}: {e:?}", fields.len()))
        .len();
    assert!(
        e.offset() <= len,
        "offset {} > len {len} of field {f}: {e:?}",
        e.offset()
    );
    assert!(!e.kind().spec_id().is_empty());
    assert!(!e.kind().message().is_empty());
}

/// Asserts that an error of a one-field parser lies within the input.
pub fn assert_offset_within(e: &ParseError, input: &[u8]) {
    assert_eq!(e.field(), 0, "a one-field parser names field 0: {e:?}");
    assert_offset_in(e, &[input]);
}

/// `fields` joined with `,` (how list headers of several fields are read).
pub fn join(fields: &[&[u8]]) -> Vec<u8> {
    fields.join(&b","[..])
}

/// Where field `i` starts in [`join`]'s output.
pub fn field_start(fields: &[&[u8]], i: usize) -> usize {
    fields.iter().take(i).map(|f| f.len() + 1).sum()
}

/// Whether a list field holds no member: empty, or only SP, HTAB and commas
/// (TS-02, BG-20). Propagation skips such fields.
pub fn is_blank(v: &[u8]) -> bool {
    v.iter().all(|b| matches!(b, b' ' | b'\t' | b','))
}

/// A header value we may emit: visible ASCII and SP only (no CR, LF, NUL,
/// other controls, DEL or non-ASCII), no leading or trailing SP.
pub fn assert_header_safe(v: &[u8]) {
    assert!(
        v.iter().all(|&b| (0x20..0x7f).contains(&b)),
        "byte outside visible ASCII/SP in {v:?}"
    );
    assert!(
        !v.starts_with(b" ") && !v.ends_with(b" "),
        "leading or trailing SP in {v:?}"
    );
}

/// A field value a forwarder may copy: VCHAR, SP and HTAB only (RFC 9110
/// field-content), so never CR, LF, NUL, another control, DEL or non-ASCII.
pub fn assert_field_bytes(v: &[u8]) {
    assert!(
        v.iter().all(|&b| b == b'\t' || (0x20..0x7f).contains(&b)),
        "byte a header field may not hold in {v:?}"
    );
}
