//! What one inspection found, printable for people or as JSON.

use serde_json::{Map, Value, json};
use tracewire::{ErrorKind, ParseError};

/// The result of running one input through a codec.
pub struct Outcome {
    /// Whether the input was accepted.
    pub valid: bool,
    /// Decoded fields (valid) in display order: `(json key, value)`.
    pub fields: Vec<(&'static str, Value)>,
    /// Why the input was refused, when it was.
    pub error: Option<Failure>,
}

/// A refused input.
pub enum Failure {
    /// No field at all.
    Absent,
    /// Present but not looked at by rule (`--carrier`: tracestate without a
    /// valid traceparent, TS-14).
    Ignored,
    /// Several values where the kind takes one (the binary kinds): reported
    /// as the text traceparent reports several fields (TP-19), with
    /// `DuplicateField` at offset 0 of field 1, whose bytes these are.
    /// (`ParseError` has no public constructor, so the example cannot build
    /// the codec's error itself.)
    Several { field_bytes: Vec<u8> },
    /// The codec's error, with the bytes of the field it points into.
    Parse {
        error: ParseError,
        field_bytes: Vec<u8>,
    },
}

impl Outcome {
    /// An accepted input with these decoded fields.
    pub fn valid(fields: Vec<(&'static str, Value)>) -> Self {
        Self {
            valid: true,
            fields,
            error: None,
        }
    }

    /// A refused input: the codec's error, shown against the field it
    /// points into.
    pub fn parse_error(error: ParseError, fields: &[Vec<u8>]) -> Self {
        let field_bytes = fields
            .get(error.field() as usize)
            .cloned()
            .unwrap_or_default();
        Self::invalid(Failure::Parse { error, field_bytes })
    }

    /// A refused input.
    pub fn invalid(error: Failure) -> Self {
        Self {
            valid: false,
            fields: Vec::new(),
            error: Some(error),
        }
    }

    /// The JSON object of the `--json` contract. `with_field` adds the field
    /// index of an error (for array inputs).
    pub fn json(&self, with_field: bool) -> Value {
        let mut m = Map::new();
        m.insert("valid".into(), Value::Bool(self.valid));
        for (k, v) in &self.fields {
            m.insert((*k).into(), v.clone());
        }
        match &self.error {
            None => {}
            Some(Failure::Absent) => {
                m.insert("error".into(), json!("Absent"));
            }
            Some(Failure::Ignored) => {
                m.insert("error".into(), json!("Ignored"));
            }
            Some(Failure::Several { .. }) => {
                m.insert("error".into(), json!(ErrorKind::DuplicateField.name()));
                m.insert("offset".into(), json!(0));
                if with_field {
                    m.insert("field".into(), json!(1));
                }
            }
            Some(Failure::Parse { error, .. }) => {
                m.insert("error".into(), json!(error.kind().name()));
                m.insert("offset".into(), json!(error.offset()));
                if with_field {
                    m.insert("field".into(), json!(error.field()));
                }
            }
        }
        Value::Object(m)
    }

    /// The human report: the decoded fields, or the error with a caret under
    /// the offending byte.
    pub fn human(&self, kind: &str) -> String {
        match &self.error {
            None => {
                let mut s = format!("valid {kind}");
                for (k, v) in &self.fields {
                    let shown = match v {
                        Value::String(t) => t.clone(),
                        other => other.to_string(),
                    };
                    s.push_str(&format!("\n  {k:<10} {shown}"));
                }
                s
            }
            Some(Failure::Absent) => format!("{kind}: absent"),
            Some(Failure::Ignored) => format!("{kind}: ignored (no valid traceparent)"),
            Some(Failure::Several { field_bytes }) => {
                let (line, _) = render(field_bytes, 0);
                format!(
                    "invalid {kind}: more than one value, a binary property holds one (TP-19)\n  {line}\n  ^"
                )
            }
            Some(Failure::Parse { error, field_bytes }) => {
                let (line, col) = render(field_bytes, error.offset());
                format!("invalid {kind}: {error}\n  {line}\n  {}^", " ".repeat(col))
            }
        }
    }
}

/// The bytes as printable text (non-printable bytes as `\xNN`) and the column
/// at which byte `offset` starts.
fn render(bytes: &[u8], offset: usize) -> (String, usize) {
    let mut line = String::new();
    let mut col = None;
    for (i, &b) in bytes.iter().enumerate() {
        if i == offset {
            col = Some(line.len());
        }
        if b == b' ' || b.is_ascii_graphic() {
            line.push(char::from(b));
        } else {
            line.push_str(&format!("\\x{b:02x}"));
        }
    }
    let col = col.unwrap_or(line.len());
    (line, col)
}
