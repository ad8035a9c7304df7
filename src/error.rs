//! The crate's two error types: [`ParseError`] for anything that reads input,
//! [`CapacityError`] for anything that writes into bounded space.

use core::fmt;

/// Why a parser refused its input, and where.
///
/// Every parser of the crate returns this type. It names the broken rule
/// ([`ErrorKind`], whose [`spec_id`](ErrorKind::spec_id) is the requirement ID
/// of `shared/spec`), the 0-based byte offset of the first byte that breaks it,
/// and, for values joined from several header fields, the index of the field
/// that byte sits in.
///
/// # Guarantees
///
/// - `offset` counts in the exact slice the caller passed (or, for multi-field
///   parsers, in field number [`field`](Self::field)); never in a sub-slice.
/// - `offset <= input.len()`; "too short" is reported at `input.len()`.
///
/// # Examples
///
/// ```
/// use tracewire::{ErrorKind, TraceParent};
///
/// let err = TraceParent::parse(b"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::UppercaseHex);
/// assert_eq!(err.offset(), 4);
/// assert_eq!(err.to_string(), "uppercase hex digit at byte 4 (TP-02)");
/// ```
///
/// # Spec
///
/// TP-09: an error names the rule and the offset of the first bad byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ParseError {
    kind: ErrorKind,
    field: u32,
    offset: usize,
}

impl ParseError {
    /// Builds an error in field 0. Kept cold so the happy path stays small.
    #[cold]
    #[must_use]
    pub(crate) const fn new(kind: ErrorKind, offset: usize) -> Self {
        Self {
            kind,
            field: 0,
            offset,
        }
    }

    /// Builds an error located in header field number `field`.
    #[cold]
    #[must_use]
    pub(crate) const fn in_field(kind: ErrorKind, field: u32, offset: usize) -> Self {
        Self {
            kind,
            field,
            offset,
        }
    }

    /// Returns the same error moved `by` bytes to the right (used when a
    /// parser works on a trimmed sub-slice of the caller's input).
    #[must_use]
    pub(crate) const fn shifted(self, by: usize) -> Self {
        Self {
            offset: self.offset.saturating_add(by),
            ..self
        }
    }

    /// Returns the same error placed in header field number `field`.
    #[must_use]
    pub(crate) const fn with_field(self, field: u32) -> Self {
        Self { field, ..self }
    }

    /// The rule that failed.
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The 0-based offset of the first byte that breaks the rule.
    ///
    /// Counted in the input the caller passed; for a value made of several
    /// header fields, in field number [`field`](Self::field).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{ErrorKind, TraceParent};
    ///
    /// // Counted from the first byte passed, leading spaces included (TP-09, TP-10).
    /// let err = TraceParent::parse(b"  00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x")
    ///     .expect_err("`x` is not hex");
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::NotHex, 56));
    /// ```
    ///
    /// # Spec
    ///
    /// TP-09, TP-10.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The 0-based index of the header field holding the bad byte.
    ///
    /// Always 0 for parsers that take a single value.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceStateRef;
    ///
    /// let err = TraceStateRef::parse_fields(&[b"a=1", b"", b"b=2,C=3"]).expect_err("uppercase key");
    /// assert_eq!((err.field(), err.offset()), (2, 4)); // the third field, its fifth byte
    /// assert_eq!(TraceStateRef::parse(b"C=3").expect_err("same").field(), 0);
    /// ```
    ///
    /// # Spec
    ///
    /// TP-09, TS-16.
    #[must_use]
    pub const fn field(&self) -> u32 {
        self.field
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field == 0 {
            write!(
                f,
                "{} at byte {} ({})",
                self.kind.message(),
                self.offset,
                self.kind.spec_id()
            )
        } else {
            write!(
                f,
                "{} at byte {} of field {} ({})",
                self.kind.message(),
                self.offset,
                self.field,
                self.kind.spec_id()
            )
        }
    }
}

impl core::error::Error for ParseError {}

/// The rule a [`ParseError`] reports as broken.
///
/// Each kind names one rule of `shared/spec`; [`spec_id`](Self::spec_id)
/// gives its requirement ID (some kinds also serve a binary rule that says
/// the same, listed there) and [`message`](Self::message) a short lowercase
/// text.
///
/// # Examples
///
/// ```
/// use tracewire::ErrorKind;
///
/// assert_eq!(ErrorKind::AllZeroTraceId.spec_id(), "TP-05");
/// assert_eq!(ErrorKind::AllZeroTraceId.message(), "all-zero trace-id");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ErrorKind {
    // ----- traceparent (TP) -----
    /// The value ended before a required byte.
    TooShort,
    /// A byte that is neither a hex digit nor allowed here.
    NotHex,
    /// An upper-case hex digit `A-F`; only `0-9 a-f` are hex (TP-02).
    UppercaseHex,
    /// The version is not two lowercase hex digits followed by `-` (TP-12).
    InvalidVersion,
    /// Version `ff`, which is never valid (TP-07).
    ForbiddenVersion,
    /// An id or flags field with fewer digits than its fixed width (TP-03).
    FieldTooShort,
    /// An id or flags field with more digits than its fixed width (TP-03).
    FieldTooLong,
    /// A byte other than `-` where the layout puts a `-` (TP-01).
    ExpectedDash,
    /// SP or HTAB inside the value (TP-11).
    InnerWhitespace,
    /// Bytes after the flags of a version-00 value (TP-04).
    TrailingData,
    /// A higher-version value whose byte 55 is neither the end nor `-` (TP-13).
    InvalidSuffix,
    /// The trace-id is all zero (TP-05).
    AllZeroTraceId,
    /// The parent-id (span id) is all zero (TP-06).
    AllZeroParentId,
    /// More than one traceparent field in one carrier (TP-19).
    DuplicateField,
    // ----- tracestate (TS) -----
    /// A tracestate member with nothing before its `=` (TS-03).
    EmptyKey,
    /// A tracestate key whose first byte is not `a-z` or `0-9` (TS-03).
    InvalidKeyStart,
    /// A byte other than `a-z 0-9 _ - * / @` inside a tracestate key (TS-03).
    InvalidKeyChar,
    /// A key valid under the current draft but not under the Level 1 key
    /// grammar, when that grammar was asked for (TS-03, chosen option).
    NotLevel1Key,
    /// A tracestate key longer than 256 bytes (TS-04).
    KeyTooLong,
    /// A tracestate key not followed directly by `=` (TS-07).
    ExpectedEquals,
    /// A tracestate member whose value is empty or only spaces (TS-05).
    EmptyValue,
    /// A `,` or `=` inside a tracestate value (TS-05).
    InvalidValueChar,
    /// A tracestate value given to an insert that ends in a space (TS-05).
    ValueEndsWithSpace,
    /// A tracestate value longer than 256 bytes (TS-05).
    ValueTooLong,
    /// A byte outside 0x20-0x7E (HTAB only as blank around members) (TS-08).
    NonPrintableByte,
    /// More than 32 non-empty tracestate members (TS-09).
    TooManyMembers,
    // (end of tracestate)

    // ----- baggage (BG) -----
    /// A byte that is not a `tchar` directly after key bytes, or where a key
    /// must start (BG-02); also a non-token key given to `insert` (BG-13).
    InvalidKey,
    /// A list member whose key is not followed by `=` (BG-07).
    MissingEquals,
    /// A member or property with `=` but no key before it (BG-07).
    MissingKey,
    /// A `;` followed by nothing, another `;` or the end of the member (BG-07).
    EmptyProperty,
    /// A byte that is neither a `baggage-octet` nor the end of the value
    /// (BG-03): a raw byte outside `baggage-octet` (`k=caf\xC3\xA9`, at the
    /// `\xC3`), or, after blanks that follow the value, anything but `,`,
    /// `;` or the end (`k=a b`, at the `b`: a value holds no blank).
    InvalidValue,
    /// A property key followed, after whitespace, by something other than
    /// `=`, `;` or the end of the member (BG-05).
    InvalidProperty,
    // (end of baggage)

    // ----- server-timing (ST) -----
    /// A `trace` metric without a `desc` parameter (ST-12).
    MissingDesc,
    /// A quoted `desc` that is unterminated or followed by more than OWS (ST-08).
    InvalidQuotedString,
    // (end of server-timing)

    // ----- binary (BIN) -----
    /// An empty binary value (BIN-03).
    EmptyBinary,
    /// The binary value ends where a field id is due (BIN-03).
    MissingFieldId,
    /// A field id other than the one the layout puts here, in a version-0 value (BIN-04, BIN-13).
    InvalidFieldId,
    /// A field id other than the one the version-0 layout puts here, in a value of another version (BIN-04, BIN-13).
    IncompatibleVersion,
    /// Fewer than 16 bytes left for the binary trace-id (BIN-03).
    TraceIdTooShort,
    /// Fewer than 8 bytes left for the binary parent-id (BIN-03).
    ParentIdTooShort,
    /// The binary value ends before the flags byte (BIN-03).
    MissingFlags,
    /// A binary tracestate key-len larger than the bytes left (BIN-14).
    KeyTooShort,
    /// A binary tracestate member that ends after its field id or right
    /// after its key, with no length byte for what follows (BIN-14).
    IncompleteMember,
    /// A binary tracestate value-len larger than the bytes left (BIN-14).
    ValueTooShort,
    /// A binary tracestate member with value-len 0 (BIN-15).
    EmptyBinaryValue,
    /// A binary tracestate with more than 32 members (BIN-17).
    TooManyBinaryMembers,
    // (end of binary)

    // ----- carriers (CAR) -----
    /// A field name given to an injector that is not a lowercase token: at
    /// least one byte, each `a-z`, `0-9` or one of ``!#$%&'*+-.^_`|~``
    /// (CAR-01).
    InvalidFieldName,
    /// A byte no header field value may hold (only HTAB, SP and 0x21-0x7E
    /// may appear: no CR, LF, NUL, other controls, DEL or non-ASCII) in a
    /// value given to an injector (CAR-05).
    InvalidFieldValue,
    // (end of carriers)
}

impl ErrorKind {
    /// The ID of the requirement in `shared/spec` this kind reports.
    ///
    /// Some kinds serve two rules that say the same thing:
    /// - [`InvalidFieldId`](Self::InvalidFieldId) and
    ///   [`IncompatibleVersion`](Self::IncompatibleVersion) give `BIN-04`
    ///   (binary traceparent); binary tracestate raises them too, for a
    ///   member that does not start with field id 0 (BIN-13).
    /// - The binary codecs report the text rules they apply with the text
    ///   kinds: [`AllZeroTraceId`](Self::AllZeroTraceId) and
    ///   [`AllZeroParentId`](Self::AllZeroParentId) give `TP-05` / `TP-06`
    ///   (BIN-05), [`ForbiddenVersion`](Self::ForbiddenVersion) `TP-07`
    ///   (BIN-07), and the tracestate key and value kinds their `TS-` IDs
    ///   (BIN-16).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{ErrorKind, TraceParent};
    ///
    /// let err = TraceParent::parse(b"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    ///     .expect_err("version ff is invalid");
    /// assert_eq!(err.kind().spec_id(), "TP-07");
    /// assert_eq!(ErrorKind::UppercaseHex.spec_id(), "TP-02");
    /// ```
    #[must_use]
    pub const fn spec_id(self) -> &'static str {
        match self {
            Self::TooShort | Self::ExpectedDash => "TP-01",
            Self::NotHex | Self::UppercaseHex => "TP-02",
            Self::FieldTooShort | Self::FieldTooLong => "TP-03",
            Self::TrailingData => "TP-04",
            Self::AllZeroTraceId => "TP-05",
            Self::AllZeroParentId => "TP-06",
            Self::ForbiddenVersion => "TP-07",
            Self::InnerWhitespace => "TP-11",
            Self::InvalidVersion => "TP-12",
            Self::InvalidSuffix => "TP-13",
            Self::DuplicateField => "TP-19",
            // ----- tracestate (TS) -----
            Self::EmptyKey | Self::InvalidKeyStart | Self::InvalidKeyChar | Self::NotLevel1Key => {
                "TS-03"
            }
            Self::KeyTooLong => "TS-04",
            Self::EmptyValue
            | Self::InvalidValueChar
            | Self::ValueEndsWithSpace
            | Self::ValueTooLong => "TS-05",
            Self::ExpectedEquals => "TS-07",
            Self::NonPrintableByte => "TS-08",
            Self::TooManyMembers => "TS-09",
            // (end of tracestate)

            // ----- baggage (BG) -----
            Self::InvalidKey => "BG-02",
            Self::MissingEquals | Self::MissingKey | Self::EmptyProperty => "BG-07",
            Self::InvalidValue => "BG-03",
            Self::InvalidProperty => "BG-05",
            // (end of baggage)

            // ----- server-timing (ST) -----
            Self::MissingDesc => "ST-12",
            Self::InvalidQuotedString => "ST-08",
            // (end of server-timing)

            // ----- binary (BIN) -----
            Self::EmptyBinary
            | Self::MissingFieldId
            | Self::TraceIdTooShort
            | Self::ParentIdTooShort
            | Self::MissingFlags => "BIN-03",
            Self::InvalidFieldId | Self::IncompatibleVersion => "BIN-04",
            Self::KeyTooShort | Self::IncompleteMember | Self::ValueTooShort => "BIN-14",
            Self::EmptyBinaryValue => "BIN-15",
            Self::TooManyBinaryMembers => "BIN-17",
            // (end of binary)

            // ----- carriers (CAR) -----
            Self::InvalidFieldName => "CAR-01",
            Self::InvalidFieldValue => "CAR-05",
            // (end of carriers)
        }
    }

    /// A short lowercase description of the broken rule, without punctuation.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::ErrorKind;
    ///
    /// assert_eq!(ErrorKind::UppercaseHex.message(), "uppercase hex digit");
    /// assert_eq!(ErrorKind::UppercaseHex.to_string(), "uppercase hex digit"); // as `Display`
    /// ```
    #[must_use]
    pub const fn message(self) -> &'static str {
        match self {
            Self::TooShort => "value ends too early",
            Self::NotHex => "not a hex digit",
            Self::UppercaseHex => "uppercase hex digit",
            Self::InvalidVersion => "version is not two lowercase hex digits and a dash",
            Self::ForbiddenVersion => "version ff is invalid",
            Self::FieldTooShort => "field shorter than its fixed width",
            Self::FieldTooLong => "field longer than its fixed width",
            Self::ExpectedDash => "expected a dash",
            Self::InnerWhitespace => "whitespace inside the value",
            Self::TrailingData => "data after the flags of a version 00 value",
            Self::InvalidSuffix => {
                "higher version value must end or continue with a dash after the flags"
            }
            Self::AllZeroTraceId => "all-zero trace-id",
            Self::AllZeroParentId => "all-zero parent-id",
            Self::DuplicateField => "more than one traceparent field",
            // ----- tracestate (TS) -----
            Self::EmptyKey => "empty key",
            Self::InvalidKeyStart => "key does not start with a lowercase letter or digit",
            Self::InvalidKeyChar => "byte not allowed in a key",
            Self::NotLevel1Key => "key breaks the level 1 key grammar",
            Self::KeyTooLong => "key longer than 256 bytes",
            Self::ExpectedEquals => "key not followed directly by an equals sign",
            Self::EmptyValue => "empty value",
            Self::InvalidValueChar => "comma or equals sign in a value",
            Self::ValueEndsWithSpace => "value ends with a space",
            Self::ValueTooLong => "value longer than 256 bytes",
            Self::NonPrintableByte => "byte outside printable ascii",
            Self::TooManyMembers => "more than 32 list members",
            // (end of tracestate)

            // ----- baggage (BG) -----
            Self::InvalidKey => "byte not allowed in a baggage key",
            Self::MissingEquals => "expected = after the key",
            Self::MissingKey => "baggage member or property without a key",
            Self::EmptyProperty => "empty property",
            Self::InvalidValue => "byte not allowed in a value or after its trailing blanks",
            Self::InvalidProperty => "expected =, ; or , after a property key",
            // (end of baggage)

            // ----- server-timing (ST) -----
            Self::MissingDesc => "trace metric without desc",
            Self::InvalidQuotedString => "unterminated or malformed quoted-string",
            // (end of server-timing)

            // ----- binary (BIN) -----
            Self::EmptyBinary => "empty binary value",
            Self::MissingFieldId => "binary value ends where a field id is due",
            Self::InvalidFieldId => "invalid field id",
            Self::IncompatibleVersion => "incompatible version",
            Self::TraceIdTooShort => "binary trace-id too short",
            Self::ParentIdTooShort => "binary parent-id too short",
            Self::MissingFlags => "binary value ends before the flags",
            Self::KeyTooShort => "binary key too short",
            Self::IncompleteMember => "binary member ends before a length byte",
            Self::ValueTooShort => "binary value too short",
            Self::EmptyBinaryValue => "binary member with an empty value",
            Self::TooManyBinaryMembers => "more than 32 binary members",
            // (end of binary)

            // ----- carriers (CAR) -----
            Self::InvalidFieldName => "field name is not a lowercase token",
            Self::InvalidFieldValue => "byte a header field may not hold",
            // (end of carriers)
        }
    }

    /// The variant name, as `inspect --json` and conformance tools print it.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::ErrorKind;
    ///
    /// assert_eq!(ErrorKind::UppercaseHex.name(), "UppercaseHex");
    /// assert_eq!(ErrorKind::UppercaseHex.name(), format!("{:?}", ErrorKind::UppercaseHex));
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::TooShort => "TooShort",
            Self::NotHex => "NotHex",
            Self::UppercaseHex => "UppercaseHex",
            Self::InvalidVersion => "InvalidVersion",
            Self::ForbiddenVersion => "ForbiddenVersion",
            Self::FieldTooShort => "FieldTooShort",
            Self::FieldTooLong => "FieldTooLong",
            Self::ExpectedDash => "ExpectedDash",
            Self::InnerWhitespace => "InnerWhitespace",
            Self::TrailingData => "TrailingData",
            Self::InvalidSuffix => "InvalidSuffix",
            Self::AllZeroTraceId => "AllZeroTraceId",
            Self::AllZeroParentId => "AllZeroParentId",
            Self::DuplicateField => "DuplicateField",
            // ----- tracestate (TS) -----
            Self::EmptyKey => "EmptyKey",
            Self::InvalidKeyStart => "InvalidKeyStart",
            Self::InvalidKeyChar => "InvalidKeyChar",
            Self::NotLevel1Key => "NotLevel1Key",
            Self::KeyTooLong => "KeyTooLong",
            Self::ExpectedEquals => "ExpectedEquals",
            Self::EmptyValue => "EmptyValue",
            Self::InvalidValueChar => "InvalidValueChar",
            Self::ValueEndsWithSpace => "ValueEndsWithSpace",
            Self::ValueTooLong => "ValueTooLong",
            Self::NonPrintableByte => "NonPrintableByte",
            Self::TooManyMembers => "TooManyMembers",
            // (end of tracestate)

            // ----- baggage (BG) -----
            Self::InvalidKey => "InvalidKey",
            Self::MissingEquals => "MissingEquals",
            Self::MissingKey => "MissingKey",
            Self::EmptyProperty => "EmptyProperty",
            Self::InvalidValue => "InvalidValue",
            Self::InvalidProperty => "InvalidProperty",
            // (end of baggage)

            // ----- server-timing (ST) -----
            Self::MissingDesc => "MissingDesc",
            Self::InvalidQuotedString => "InvalidQuotedString",
            // (end of server-timing)

            // ----- binary (BIN) -----
            Self::EmptyBinary => "EmptyBinary",
            Self::MissingFieldId => "MissingFieldId",
            Self::InvalidFieldId => "InvalidFieldId",
            Self::IncompatibleVersion => "IncompatibleVersion",
            Self::TraceIdTooShort => "TraceIdTooShort",
            Self::ParentIdTooShort => "ParentIdTooShort",
            Self::MissingFlags => "MissingFlags",
            Self::KeyTooShort => "KeyTooShort",
            Self::IncompleteMember => "IncompleteMember",
            Self::ValueTooShort => "ValueTooShort",
            Self::EmptyBinaryValue => "EmptyBinaryValue",
            Self::TooManyBinaryMembers => "TooManyBinaryMembers",
            // (end of binary)

            // ----- carriers (CAR) -----
            Self::InvalidFieldName => "InvalidFieldName",
            Self::InvalidFieldValue => "InvalidFieldValue",
            // (end of carriers)
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// The output did not fit in the space the caller gave.
///
/// Returned by every `encode_into` and `write_to`. Writers check the room
/// first, so a failed write leaves the destination untouched.
///
/// The binary writers ([`binary`](crate::binary)) also return it, with
/// nothing written, for a value the binary form cannot hold at any size (a
/// tracestate key or value over 255 bytes, BIN-18) and for a text sink,
/// which cannot hold binary bytes (see [`Sink::is_byte_sink`](crate::Sink::is_byte_sink)).
///
/// # Examples
///
/// ```
/// use tracewire::{CapacityError, TraceParent};
///
/// let tp = TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?;
/// let mut small = [0u8; 54];
/// assert_eq!(tp.encode_into(&mut small), Err(CapacityError));
/// assert_eq!(small, [0u8; 54]);
/// # Ok::<(), tracewire::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct CapacityError;

impl fmt::Display for CapacityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not enough room for the encoded value")
    }
}

impl core::error::Error for CapacityError {}
