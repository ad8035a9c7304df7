//! A counting global allocator shared by the benches: it counts the
//! allocations a peer makes per call, printed beside the timings.

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts every allocation of the process.
struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by one call of `f` (its result is dropped outside the
/// count). The benches are single-threaded while they count.
pub fn allocations<R>(f: impl FnOnce() -> R) -> usize {
    let before = ALLOCS.load(Ordering::SeqCst);
    let r = f();
    let n = ALLOCS.load(Ordering::SeqCst) - before;
    drop(black_box(r));
    n
}

/// Allocations per call of `f`, averaged over 100 calls after a warm-up.
pub fn allocs_per_op(mut f: impl FnMut()) -> f64 {
    f();
    let before = ALLOCS.load(Ordering::SeqCst);
    for _ in 0..100 {
        f();
    }
    (ALLOCS.load(Ordering::SeqCst) - before) as f64 / 100.0
}
