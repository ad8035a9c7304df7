//! [`Participant`]: continue or restart the trace of an incoming carrier for
//! each outgoing call.

use super::{Extractor, Injector, TRACEPARENT, extract_traceparent};
use crate::{CapacityError, ParseError, SpanId, TraceFlags, TraceId, TraceParent};
use rand_core::Rng;

/// What a service decided about the incoming trace context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Decision {
    /// A valid traceparent came in: its trace is continued (TP-21).
    Continued(TraceParent),
    /// No traceparent came in: a new trace was started (TP-20, TP-22).
    RestartedMissing,
    /// The traceparent was invalid (for this reason): a new trace was
    /// started and the incoming tracestate dropped (TP-20, TS-14).
    RestartedInvalid(ParseError),
}

/// A service's part in a trace: built once per incoming request or message,
/// asked for a fresh child context for every outgoing call.
///
/// - Valid incoming traceparent: **continue** — the trace-id, the sampled and
///   random-trace-id bits are kept, each call gets a new span id (TP-21,
///   TP-24, TP-25, TP-32).
/// - Missing or invalid: **restart** — one new random trace-id for the whole
///   request, the random-trace-id bit set, sampled as the caller decides
///   (default off), incoming tracestate dropped (TP-20, TP-22, TP-27, TP-29).
///
/// The RNG is the caller's; nothing else goes into the ids (TP-34).
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "std")] {
/// use tracewire::propagation::{Decision, Pairs, Participant};
/// # struct Counter(u64);
/// # impl rand_core::TryRng for Counter {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(self.try_next_u64()? as u32) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { self.0 += 1; Ok(self.0.wrapping_mul(0x9e3779b97f4a7c15)) }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
/// #         for c in d.chunks_mut(8) { let v = self.try_next_u64()?.to_le_bytes(); c.copy_from_slice(&v[..c.len()]); } Ok(())
/// #     }
/// # }
/// # let mut rng = Counter(0);
/// let incoming = [("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..])];
/// let me = Participant::from_carrier(&Pairs::http(&incoming), &mut rng);
/// assert!(matches!(me.decision(), Decision::Continued(_)));
///
/// let mut call_1: Vec<(String, String)> = Vec::new();
/// let mut call_2: Vec<(String, String)> = Vec::new();
/// let a = me.inject(&mut call_1, &mut rng)?;
/// let b = me.inject(&mut call_2, &mut rng)?;
/// assert_eq!(a.trace_id(), b.trace_id());
/// assert_ne!(a.parent_id(), b.parent_id());
/// # }
/// # Ok::<(), tracewire::CapacityError>(())
/// ```
///
/// # Spec
///
/// TP-20..TP-22, TP-24, TP-25, TP-27, TP-29..TP-32, TP-34, CAR-02, CAR-06.
#[derive(Clone, Debug)]
pub struct Participant {
    decision: Decision,
    trace_id: TraceId,
    flags: TraceFlags,
}

impl Participant {
    /// Reads `incoming` and decides: continue its trace or start a new one
    /// (whose trace-id is drawn from `rng` now, once for the whole request).
    pub fn from_carrier<E, R>(incoming: &E, rng: &mut R) -> Self
    where
        E: Extractor + ?Sized,
        R: Rng + ?Sized,
    {
        match extract_traceparent(incoming) {
            Ok(Some(tp)) => Self {
                decision: Decision::Continued(tp),
                trace_id: tp.trace_id(),
                flags: tp.flags().known(),
            },
            Ok(None) => Self::restart(Decision::RestartedMissing, rng),
            Err(e) => Self::restart(Decision::RestartedInvalid(e), rng),
        }
    }

    fn restart<R: Rng + ?Sized>(decision: Decision, rng: &mut R) -> Self {
        Self {
            decision,
            trace_id: TraceId::random(rng),
            // TP-29: all 16 bytes random; TP-22: not sampled unless decided.
            flags: TraceFlags::RANDOM,
        }
    }

    /// Writes the caller's sampling decision into every outgoing context
    /// (TP-25); without it, a continued trace keeps the received bit and a
    /// new one is not sampled (TP-22).
    #[must_use]
    pub const fn with_sampled(mut self, sampled: bool) -> Self {
        self.flags = self.flags.with_sampled(sampled);
        self
    }

    /// What was decided about the incoming context.
    #[must_use]
    pub const fn decision(&self) -> Decision {
        self.decision
    }

    /// The trace-id every outgoing call carries.
    #[must_use]
    pub const fn trace_id(&self) -> TraceId {
        self.trace_id
    }

    /// A traceparent for one outgoing call: this trace, a new span id.
    #[must_use]
    pub fn next_traceparent<R: Rng + ?Sized>(&self, rng: &mut R) -> TraceParent {
        TraceParent::new(self.trace_id, SpanId::random(rng), self.flags)
    }

    /// Writes the context of one outgoing call into `outgoing`: one
    /// traceparent with a new span id, replacing any already there (CAR-03),
    /// and returns it.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if the carrier has no room.
    pub fn inject<I, R>(&self, outgoing: &mut I, rng: &mut R) -> Result<TraceParent, CapacityError>
    where
        I: Injector + ?Sized,
        R: Rng + ?Sized,
    {
        let tp = self.next_traceparent(rng);
        outgoing.set(TRACEPARENT, tp.encode().as_str())?;
        Ok(tp)
    }
}
