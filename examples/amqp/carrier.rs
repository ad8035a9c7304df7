//! The AMQP 1.0 trace-context binding (CAR-19..CAR-24) and gRPC's
//! `grpc-trace-bin` (CAR-12) on a small in-memory message model, using the
//! binary traceparent of `tracewire::binary`.

use rand_core::Rng;
use tracewire::binary::traceparent as bin;
use tracewire::{ParseError, TraceParent, TraceStateRef};

/// The AMQP types a trace property can have here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmqpValue {
    /// An AMQP `binary`.
    Binary(Vec<u8>),
    /// An AMQP `string`.
    String(String),
}

/// The two sections of an AMQP message that carry trace context.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message {
    /// Application-properties: string keys, immutable once the message exists.
    pub application_properties: Vec<(String, AmqpValue)>,
    /// Message-annotations: symbol keys, where intermediaries write.
    pub message_annotations: Vec<(String, AmqpValue)>,
    /// The payload.
    pub body: Vec<u8>,
}

/// Which section a context was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Message-annotations (an intermediary changed the context).
    Annotations,
    /// Application-properties (as published).
    Properties,
}

/// A context read from a message: the traceparent and the tracestate text
/// of the same section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    /// The section both came from (CAR-22).
    pub section: Section,
    /// The traceparent.
    pub traceparent: TraceParent,
    /// The tracestate text, if that section had one.
    pub tracestate: Option<String>,
}

fn get<'a>(section: &'a [(String, AmqpValue)], name: &str) -> Option<&'a AmqpValue> {
    // Names are exactly lowercase (CAR-19).
    section.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn set(section: &mut Vec<(String, AmqpValue)>, name: &str, value: AmqpValue) {
    // CAR-20: never more than one entry per name.
    section.retain(|(k, _)| k != name);
    section.push((name.to_owned(), value));
}

/// Writes a context into `section`: the binary traceparent as an AMQP
/// binary, the tracestate as an AMQP string in the text format (CAR-19).
fn write_context(section: &mut Vec<(String, AmqpValue)>, tp: &TraceParent, ts: &TraceStateRef<'_>) {
    set(
        section,
        "traceparent",
        AmqpValue::Binary(bin::encode(tp).to_vec()),
    );
    if ts.is_empty() {
        section.retain(|(k, _)| k != "tracestate");
    } else {
        set(section, "tracestate", AmqpValue::String(ts.to_string()));
    }
}

/// A publisher creates the message with its context in application-properties.
pub fn publish(body: &[u8], tp: &TraceParent, ts: &TraceStateRef<'_>) -> Message {
    let mut msg = Message {
        body: body.to_vec(),
        ..Message::default()
    };
    write_context(&mut msg.application_properties, tp, ts);
    msg
}

/// Reads the context: message-annotations when they hold a traceparent,
/// else application-properties; the tracestate comes from the same section
/// (CAR-22). A string-typed traceparent is read as text (CAR-23).
///
/// `Ok(None)`: no traceparent in either section.
///
/// # Errors
///
/// The traceparent of the chosen section is invalid (CAR-24).
pub fn extract(msg: &Message) -> Result<Option<Extracted>, ParseError> {
    let (section, entries) = match get(&msg.message_annotations, "traceparent") {
        Some(_) => (Section::Annotations, &msg.message_annotations),
        None => (Section::Properties, &msg.application_properties),
    };
    let traceparent = match get(entries, "traceparent") {
        None => return Ok(None),
        Some(AmqpValue::Binary(b)) => bin::parse(b)?,
        Some(AmqpValue::String(s)) => TraceParent::parse(s.as_bytes())?,
    };
    let tracestate = match get(entries, "tracestate") {
        Some(AmqpValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    Ok(Some(Extracted {
        section,
        traceparent,
        tracestate,
    }))
}

/// What a participant continues with: the incoming context when valid, else a
/// new trace with no tracestate (CAR-24, as for text).
pub fn continue_or_restart<R: Rng>(
    msg: &Message,
    rng: &mut R,
) -> (TraceParent, Option<String>, bool) {
    match extract(msg) {
        Ok(Some(ctx)) => {
            // A tracestate that is not valid text is dropped (TS-12).
            let ts = ctx
                .tracestate
                .filter(|t| TraceStateRef::parse(t.as_bytes()).is_ok());
            (ctx.traceparent.child_random(rng), ts, false)
        }
        Ok(None) | Err(_) => (TraceParent::new_root(rng, false), None, true),
    }
}

/// An intermediary that changes the context writes it into
/// message-annotations, starting from what the message held, and leaves
/// application-properties untouched (CAR-21).
pub fn forward<R: Rng>(msg: &mut Message, rng: &mut R) -> TraceParent {
    let (tp, ts, _) = continue_or_restart(msg, rng);
    let text = ts.unwrap_or_default();
    let view = TraceStateRef::parse(text.as_bytes()).unwrap_or_default();
    write_context(&mut msg.message_annotations, &tp, &view);
    tp
}

/// gRPC metadata: `traceparent` (text) wins over `grpc-trace-bin` (the
/// 29-byte binary layout, raw bytes in gRPC APIs) when both are present
/// (CAR-12, chosen).
///
/// # Errors
///
/// The chosen value is invalid.
pub fn extract_grpc(metadata: &[(&str, &[u8])]) -> Result<Option<TraceParent>, ParseError> {
    let find = |name: &str| metadata.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    if let Some(text) = find("traceparent") {
        return TraceParent::parse(text).map(Some);
    }
    match find("grpc-trace-bin") {
        Some(bytes) => bin::parse(bytes).map(Some),
        None => Ok(None),
    }
}
