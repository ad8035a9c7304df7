//! The binary and Server-Timing codecs never allocate: a counting global
//! allocator, with per-thread counters so parallel tests do not interfere.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use tracewire::binary::traceparent as bin;
use tracewire::{ServerTiming, SliceSink, TraceParent};

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made on this thread while `f` runs.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCS.with(Cell::get);
    let r = f();
    (ALLOCS.with(Cell::get) - before, r)
}

const TEXT: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

#[test]
fn counter_sees_allocations() {
    let (n, v) = allocations(|| vec![1u8; 32]);
    assert!(n >= 1);
    assert_eq!(v.len(), 32);
}

#[test]
fn binary_traceparent_does_not_allocate() {
    let tp = TraceParent::parse(TEXT).unwrap();
    let (n, ok) = allocations(|| {
        let bytes = bin::encode(&tp);
        let back = bin::parse(&bytes).unwrap();
        let mut buf = [0u8; 40];
        let wrote = bin::encode_into(&back, &mut buf).unwrap();
        let mut sink_buf = [0u8; 29];
        let mut sink = SliceSink::new(&mut sink_buf);
        bin::write_to(&back, &mut sink).unwrap();
        let bad = bin::parse(&bytes[..20]).is_err();
        back == tp && wrote == 29 && bad
    });
    assert!(ok);
    assert_eq!(n, 0);
}

#[test]
fn server_timing_does_not_allocate() {
    let tp = TraceParent::parse(TEXT).unwrap();
    let header: &[u8] = br#"cache;dur=23.2, x;desc="a,b;c", TRACE ; dur=1; DESC = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01""#;
    let (n, ok) = allocations(|| {
        let found = ServerTiming::parse(header).unwrap().unwrap();
        let many = ServerTiming::find([&b"db;dur=1"[..], header])
            .unwrap()
            .unwrap();
        let bad = ServerTiming::parse(b"trace;desc=\"00-zz\"").is_err();
        let m = ServerTiming::new(found.context());
        let text = m.encode();
        let mut buf = [0u8; 70];
        let mut sink = SliceSink::new(&mut buf);
        m.write_to(&mut sink).unwrap();
        found.context() == tp && many == found && bad && text.len() == 66 && sink.len() == 66
    });
    assert!(ok);
    assert_eq!(n, 0);
}

#[test]
fn binary_tracestate_does_not_allocate() {
    use tracewire::TraceStateRef;
    use tracewire::binary::tracestate as bts;
    let text: &[u8] = b"foo=34f067aa0ba902b7,bar=0.25";
    let (n, ok) = allocations(|| {
        let ts = TraceStateRef::parse(text).unwrap();
        let mut buf = [0u8; 40];
        let len = bts::encode_into(&ts, &mut buf).unwrap();
        let back = bts::parse(&buf[..len], Some(0)).unwrap();
        let mut out = [0u8; 40];
        let mut sink = SliceSink::new(&mut out);
        back.write_text_to(&mut sink).unwrap();
        let bad = bts::parse(&buf[..10], None).is_err();
        sink.as_bytes() == text && back.get("bar") == Some("0.25") && bad
    });
    assert!(ok);
    assert_eq!(n, 0);
}
