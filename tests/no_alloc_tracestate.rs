//! Zero allocation: parse, iterate, get, insert, remove, dedupe, truncate and
//! encode of tracestate, under a counting global allocator that counts only
//! the allocations of the thread that asked (the test harness allocates on
//! other threads).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use tracewire::{FmtSink, SliceSink, TraceState, TraceStateRef};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn note() {
    let on = COUNTING.try_with(Cell::get).unwrap_or(false);
    if on {
        let _ = COUNT.try_with(|c| c.set(c.get() + 1));
    }
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns how many allocations this thread made meanwhile.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    COUNT.with(|c| c.set(0));
    COUNTING.with(|c| c.set(true));
    let r = f();
    COUNTING.with(|c| c.set(false));
    (r, COUNT.with(Cell::get))
}

#[test]
fn the_counter_sees_allocations() {
    let (v, n) = allocations(|| vec![1u8; 64]);
    assert_eq!(v.len(), 64);
    assert!(n >= 1);
}

const INPUT: &[u8] = b"rojo=00f067aa0ba902b7 , congo=t61rcWkgMzE,\tfoo= 1 ,foo=2,vendor@tenant=x";

#[test]
fn parse_iterate_get_allocate_nothing() {
    let (sum, n) = allocations(|| {
        let ts = TraceStateRef::parse(INPUT).unwrap();
        let fields: [&[u8]; 3] = [b"a=1,b=2", b"", INPUT];
        let joined = TraceStateRef::parse_fields(&fields).unwrap();
        let mut sum = 0;
        for (k, v) in ts.iter().chain(joined.iter()) {
            sum += k.len() + v.len();
        }
        sum += ts.get("congo").map_or(0, str::len);
        sum += usize::from(TraceStateRef::parse(b"@bad=1").is_err());
        sum
    });
    assert_eq!(n, 0);
    assert!(sum > 0);
}

#[test]
fn insert_remove_dedupe_truncate_allocate_nothing() {
    let view = TraceStateRef::parse(INPUT).unwrap();
    let (text, n) = allocations(|| {
        let mut ts = TraceState::<512>::try_from(&view).unwrap();
        ts.insert("rojo", "53ce929d0e0e4736").unwrap();
        ts.insert("new", "value").unwrap();
        assert!(ts.insert("bad key", "1").is_err());
        ts.remove("congo");
        ts.dedupe();
        let (small, _) = TraceState::<64>::from_view_truncating(&view);
        let mut full = TraceState::<128>::new();
        for i in 0..40u8 {
            let key = [b'k', b'0' + i / 10, b'0' + i % 10];
            full.insert(core::str::from_utf8(&key).unwrap(), "v")
                .unwrap();
        }
        (ts, small.len(), full.len())
    });
    assert_eq!(n, 0);
    assert_eq!(
        text.0.as_str(),
        "new=value,rojo=53ce929d0e0e4736,foo= 1,vendor@tenant=x"
    );
    assert_eq!(text.1, 4);
    assert!(text.2 <= 32);
}

#[test]
fn encode_allocates_nothing() {
    let view = TraceStateRef::parse(INPUT).unwrap();
    let owned = TraceState::<512>::try_from(&view).unwrap();
    let mut buf = [0u8; 512];
    let mut text = String::with_capacity(512);
    let (lens, n) = allocations(|| {
        let a = owned.encode_into(&mut buf).unwrap();
        let b = view.encode_into(&mut buf).unwrap();
        let mut sink = SliceSink::new(&mut buf);
        let c = owned.write_to(&mut sink).unwrap();
        let d = view.write_to(&mut FmtSink(&mut text)).unwrap();
        let e = owned.as_str().len() + owned.view().encoded_len();
        (a, b, c, d, e)
    });
    assert_eq!(n, 0);
    assert_eq!(lens.0, lens.1);
    assert_eq!(lens.2, lens.3);
    assert_eq!(text, owned.as_str());
}
