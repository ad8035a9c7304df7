//! Zero allocation (DESIGN principle 2): a counting global allocator proves
//! that the traceparent codec never touches the heap.
//!
//! The count is per thread: a `thread_local` flag switches counting on only
//! around the code under test, so the test harness and other test threads
//! (which do allocate) cannot interfere.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Write as _;
use std::hint::black_box;

use tracewire::{
    FmtSink, SliceSink, SpanId, TraceFlags, TraceId, TraceParent, span_id, trace_id, traceparent,
};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with`: the allocator can run while thread locals are torn down.
    let on = COUNTING.try_with(Cell::get).unwrap_or(false);
    if on {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping
// touches only const-initialised thread locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_allocation();
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` with counting on for this thread and returns what it returned
/// and how many allocations it made.
fn count<R>(f: impl FnOnce() -> R) -> (R, usize) {
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|c| c.set(true));
    let r = f();
    COUNTING.with(|c| c.set(false));
    (r, ALLOCATIONS.with(Cell::get))
}

fn assert_no_alloc<R>(what: &str, f: impl FnOnce() -> R) -> R {
    let (r, n) = count(f);
    assert_eq!(n, 0, "{what} allocated {n} times");
    r
}

/// A `core::fmt::Write` over a fixed stack buffer.
struct StackWriter {
    buf: [u8; 256],
    len: usize,
}

impl StackWriter {
    fn new() -> Self {
        Self {
            buf: [0; 256],
            len: 0,
        }
    }
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap()
    }
}

impl std::fmt::Write for StackWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

const CANON: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// The counter works: a heap allocation inside the scope is seen, one on
/// another thread is not.
#[test]
fn counter_sees_allocations_of_this_thread_only() {
    let (_, n) = count(|| black_box(vec![1u8; 64]));
    assert!(n >= 1, "the counting allocator missed a Vec");
    let (_, n) = count(|| black_box(String::from("x")).len());
    assert!(n >= 1);
    // Another thread allocates while this one counts: not seen here.
    let go = std::sync::Barrier::new(2);
    let done = std::sync::Barrier::new(2);
    std::thread::scope(|s| {
        s.spawn(|| {
            go.wait();
            black_box(vec![0u8; 1024]);
            done.wait();
        });
        let (_, n) = count(|| {
            go.wait();
            done.wait();
        });
        assert_eq!(n, 0, "another thread's allocation was counted");
    });
    assert!(!COUNTING.with(Cell::get));
}

#[test]
fn parse_allocates_nothing() {
    let big = {
        let mut v = CANON.to_vec();
        v.resize(1 << 20, b'x');
        v
    };
    assert_no_alloc("parse", || {
        let tp = TraceParent::parse(black_box(CANON)).unwrap();
        black_box(tp);
        black_box(
            TraceParent::parse(black_box(
                b" cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-x\t",
            ))
            .unwrap(),
        );
        // Every error path too.
        for bad in [
            &b""[..],
            b"0",
            b"ff-x",
            b"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            b"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            b"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-001",
            b"00-4bf92f3577b34da6a3ce929d0e0e4736 00f067aa0ba902b7-01",
            b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.",
            &big,
        ] {
            black_box(TraceParent::parse(black_box(bad)).unwrap_err());
        }
        let s: &str = black_box("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        black_box(s.parse::<TraceParent>().unwrap());
        black_box(TraceParent::try_from(s).unwrap());
    });
}

#[test]
fn encode_and_writers_allocate_nothing() {
    let tp = TraceParent::parse(CANON).unwrap();
    let mut buf = [0u8; 64];
    let mut small = [0u8; 10];
    let mut sink_buf = [0u8; 128];
    let mut w = StackWriter::new();
    assert_no_alloc("encode / encode_into / write_to", || {
        let e = black_box(tp).encode();
        assert_eq!(e.as_bytes(), CANON);
        assert_eq!(tp.encode_into(&mut buf), Ok(55));
        assert!(tp.encode_into(&mut small).is_err());
        let mut sink = SliceSink::new(&mut sink_buf);
        assert_eq!(tp.write_to(&mut sink), Ok(55));
        assert_eq!(sink.as_bytes(), CANON);
        assert_eq!(tp.write_to(&mut FmtSink(&mut w)), Ok(55));
    });
    assert_eq!(w.as_str().as_bytes(), CANON);
}

#[test]
fn display_into_a_stack_writer_allocates_nothing() {
    let tp = TraceParent::parse(CANON).unwrap();
    let err = TraceParent::parse(b"ff-x").unwrap_err();
    let mut w = StackWriter::new();
    assert_no_alloc("Display", || {
        write!(
            w,
            "{tp}|{}|{}|{}|{err}|{}",
            tp.trace_id(),
            tp.parent_id(),
            tp.flags(),
            err.kind()
        )
        .unwrap();
        write!(w, "|{:?}|{:x}", tp.trace_id(), tp.parent_id()).unwrap();
    });
    assert_eq!(
        w.as_str(),
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01|4bf92f3577b34da6a3ce929d0e0e4736|\
         00f067aa0ba902b7|01|version ff is invalid at byte 0 (TP-07)|version ff is invalid|\
         TraceId(4bf92f3577b34da6a3ce929d0e0e4736)|00f067aa0ba902b7"
    );
}

#[test]
fn child_and_child_with_sampled_allocate_nothing() {
    let tp =
        TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff").unwrap();
    let s = SpanId::from_u64(0x53ce_929d_0e0e_4736).unwrap();
    let (a, b, c) = assert_no_alloc("child", || {
        (
            black_box(tp).child(s),
            black_box(tp).child_with_sampled(s, false),
            black_box(tp).canonical(),
        )
    });
    assert_eq!(a.flags().bits(), 0x03);
    assert_eq!(b.flags().bits(), 0x02);
    assert_eq!(c.flags().bits(), 0x03);
    let built = assert_no_alloc("new", || {
        TraceParent::new(a.trace_id(), s, TraceFlags::SAMPLED)
    });
    assert!(built.is_sampled());
}

#[test]
fn id_parsers_allocate_nothing() {
    assert_no_alloc("id parsers", || {
        black_box(TraceId::parse(black_box(b"4bf92f3577b34da6a3ce929d0e0e4736")).unwrap());
        black_box(TraceId::parse(black_box(b"4BF92F3577B34DA6A3CE929D0E0E4736")).unwrap_err());
        black_box(SpanId::parse(black_box(b"00f067aa0ba902b7")).unwrap());
        black_box(SpanId::parse(black_box(b"0000000000000000")).unwrap_err());
        black_box(
            "4bf92f3577b34da6a3ce929d0e0e4736"
                .parse::<TraceId>()
                .unwrap(),
        );
        black_box("00f067aa0ba902b7".parse::<SpanId>().unwrap());
        black_box("ff".parse::<TraceFlags>().unwrap());
        black_box("f".parse::<TraceFlags>().unwrap_err());
        black_box(TraceId::from_u128(1).unwrap().to_legacy());
        black_box(TraceId::from_legacy(SpanId::from_u64(7).unwrap()).encode());
        black_box(SpanId::from_bytes([1; 8]).unwrap().encode());
    });
}

#[test]
fn macros_allocate_nothing() {
    let (t, s, tp) = assert_no_alloc("macros", || {
        (
            trace_id!("4bf92f3577b34da6a3ce929d0e0e4736"),
            span_id!("00f067aa0ba902b7"),
            traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        )
    });
    assert_eq!(tp, TraceParent::new(t, s, TraceFlags::SAMPLED));
}

#[cfg(feature = "rand_core")]
#[test]
fn rng_ids_allocate_nothing() {
    use core::convert::Infallible;
    /// A counter-based RNG; never all-zero draws.
    struct Counter(u8);
    impl rand_core::TryRng for Counter {
        type Error = Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Infallible> {
            let mut b = [0; 4];
            self.try_fill_bytes(&mut b)?;
            Ok(u32::from_le_bytes(b))
        }
        fn try_next_u64(&mut self) -> Result<u64, Infallible> {
            let mut b = [0; 8];
            self.try_fill_bytes(&mut b)?;
            Ok(u64::from_le_bytes(b))
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
            for d in dst {
                self.0 = self.0.wrapping_add(1);
                *d = self.0;
            }
            Ok(())
        }
    }
    let mut rng = Counter(0);
    let (root, kid) = assert_no_alloc("new_root / child_random", || {
        let root = TraceParent::new_root(&mut rng, true);
        let kid = root.child_random(&mut rng);
        black_box(TraceId::random(&mut rng));
        black_box(SpanId::random(&mut rng));
        (root, kid)
    });
    assert_eq!(root.trace_id(), kid.trace_id());
    assert!(root.is_random() && root.is_sampled());

    // A participant reads, truncates and counts what it dropped in place
    // (BG-15, BG-16, TS-28).
    use tracewire::propagation::{Pairs, Participant};
    let bag: String = (0..70)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join(",");
    let ts: String = (0..32)
        .map(|i| format!("k{i}={}", "v".repeat(30)))
        .collect::<Vec<_>>()
        .join(",");
    let tp = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let h = [
        ("traceparent", &tp[..]),
        ("tracestate", ts.as_bytes()),
        ("baggage", bag.as_bytes()),
    ];
    let dropped = assert_no_alloc("Participant::with_capacity", || {
        let big = Participant::<512, 16_384, 128>::with_capacity(&Pairs::http(&h), &mut rng);
        let small = Participant::<128, 256, 8>::with_capacity(&Pairs::http(&h), &mut rng);
        (
            big.baggage_dropped(),
            small.baggage_dropped(),
            small.tracestate_dropped().total(),
        )
    });
    assert_eq!(dropped, (0, 62, 29));
}
