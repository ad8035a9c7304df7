//! Integrations with other crates, one file per feature.

#[cfg(feature = "arrayvec")]
pub mod arrayvec;
#[cfg(feature = "embedded-io")]
pub mod embedded_io;
#[cfg(feature = "heapless")]
pub mod heapless;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "opentelemetry")]
pub mod otel;
#[cfg(feature = "serde")]
pub mod serde;
