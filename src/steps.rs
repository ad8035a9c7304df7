//! A test-only count of parser steps, so tests can assert that work grows
//! linearly with the input without timing anything.
//!
//! Without the internal `__step-counter` feature everything here is a
//! zero-sized no-op that the optimiser removes: [`Steps`] has no field and
//! [`tick`] / [`add`] have empty bodies.
//!
//! Two mechanisms, because `const fn` parsers cannot touch a thread-local:
//! - `const fn` loops take a `&mut Steps` and call [`Steps::tick`]; their
//!   public entry points pass a fresh one and drop it, while `_steps`
//!   (in lib.rs) calls the same internals with one it reads back, and
//!   non-const callers hand theirs to [`flush`];
//! - non-const loops call [`tick`] / [`add`], which add to a per-thread
//!   counter under the feature.

/// Steps taken by `const fn` loops (zero-sized unless `__step-counter`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Steps {
    #[cfg(feature = "__step-counter")]
    n: usize,
}

impl Steps {
    /// No steps yet.
    #[inline]
    pub(crate) const fn new() -> Self {
        Self {
            #[cfg(feature = "__step-counter")]
            n: 0,
        }
    }

    /// One more step of a loop.
    #[inline]
    #[cfg_attr(
        not(feature = "__step-counter"),
        expect(
            clippy::unused_self,
            clippy::needless_pass_by_ref_mut,
            reason = "a no-op without the counter"
        )
    )]
    pub(crate) const fn tick(&mut self) {
        #[cfg(feature = "__step-counter")]
        {
            self.n = self.n.saturating_add(1);
        }
    }

    /// `n` more steps (a helper that looked at `n` bytes).
    #[inline]
    #[cfg_attr(
        not(feature = "__step-counter"),
        expect(
            clippy::unused_self,
            clippy::needless_pass_by_ref_mut,
            reason = "a no-op without the counter"
        )
    )]
    pub(crate) const fn add(&mut self, n: usize) {
        #[cfg(feature = "__step-counter")]
        {
            self.n = self.n.saturating_add(n);
        }
        #[cfg(not(feature = "__step-counter"))]
        let _ = n;
    }

    /// The count (always 0 without the feature).
    #[cfg(feature = "__step-counter")]
    pub(crate) const fn get(self) -> usize {
        self.n
    }
}

#[cfg(feature = "__step-counter")]
std::thread_local! {
    static COUNT: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

/// Adds `n` steps to this thread's counter (no-op without the feature).
#[inline]
pub(crate) fn add(n: usize) {
    #[cfg(feature = "__step-counter")]
    COUNT.with(|c| c.set(c.get().saturating_add(n)));
    #[cfg(not(feature = "__step-counter"))]
    let _ = n;
}

/// One step on this thread's counter.
#[inline]
pub(crate) fn tick() {
    add(1);
}

/// Moves the steps of a `const fn` run onto this thread's counter.
#[inline]
pub(crate) fn flush(steps: Steps) {
    #[cfg(feature = "__step-counter")]
    add(steps.get());
    #[cfg(not(feature = "__step-counter"))]
    let _ = steps;
}

/// Resets this thread's counter and returns what it held.
#[cfg(feature = "__step-counter")]
pub(crate) fn take() -> usize {
    COUNT.with(|c| c.replace(0))
}
