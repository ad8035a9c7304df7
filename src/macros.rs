//! `trace_id!`, `span_id!` and `traceparent!`: literals checked at compile time.

/// A [`TraceId`](crate::TraceId) from a literal of 32 lowercase hex digits,
/// checked at compile time.
///
/// # Examples
///
/// ```
/// const ID: tracewire::TraceId = tracewire::trace_id!("4bf92f3577b34da6a3ce929d0e0e4736");
/// assert_eq!(ID.to_u128(), 0x4bf92f3577b34da6a3ce929d0e0e4736);
/// ```
///
/// A bad literal does not compile:
///
/// ```compile_fail
/// let id = tracewire::trace_id!("4BF92F3577B34DA6A3CE929D0E0E4736");
/// ```
///
/// ```compile_fail
/// let id = tracewire::trace_id!("00000000000000000000000000000000");
/// ```
#[macro_export]
macro_rules! trace_id {
    ($lit:literal) => {{
        const ID: $crate::TraceId = match $crate::TraceId::parse($lit.as_bytes()) {
            ::core::result::Result::Ok(id) => id,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.kind().message()),
        };
        ID
    }};
}

/// A [`SpanId`](crate::SpanId) from a literal of 16 lowercase hex digits,
/// checked at compile time.
///
/// # Examples
///
/// ```
/// let id = tracewire::span_id!("00f067aa0ba902b7");
/// assert_eq!(id.to_u64(), 0x00f067aa0ba902b7);
/// ```
///
/// ```compile_fail
/// let id = tracewire::span_id!("00f067aa0ba902b");
/// ```
#[macro_export]
macro_rules! span_id {
    ($lit:literal) => {{
        const ID: $crate::SpanId = match $crate::SpanId::parse($lit.as_bytes()) {
            ::core::result::Result::Ok(id) => id,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.kind().message()),
        };
        ID
    }};
}

/// A [`TraceParent`](crate::TraceParent) from a header literal, checked at
/// compile time with the same rules as [`TraceParent::parse`](crate::TraceParent::parse).
///
/// # Examples
///
/// ```
/// use tracewire::{traceparent, TraceParent};
///
/// const TP: TraceParent = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
/// assert!(TP.is_sampled());
/// ```
///
/// ```compile_fail
/// let tp = tracewire::traceparent!("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
/// ```
#[macro_export]
macro_rules! traceparent {
    ($lit:literal) => {{
        const TP: $crate::TraceParent = match $crate::TraceParent::parse($lit.as_bytes()) {
            ::core::result::Result::Ok(tp) => tp,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.kind().message()),
        };
        TP
    }};
}
