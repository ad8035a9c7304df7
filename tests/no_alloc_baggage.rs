//! Parse, decode, insert and encode of baggage allocate nothing: a counting
//! global allocator counts the allocations made by this thread while a
//! scope is open (BG-09 "without allocating"; DESIGN principle 2).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

use tracewire::baggage::{Limits, PercentDecoded};
use tracewire::{Baggage, BaggageRef, SliceSink};

struct Counting;

thread_local! {
    /// Whether this thread is inside [`allocations`].
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    /// Allocations this thread made while counting (tests run in parallel).
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

fn note() {
    // `try_with`: the allocator may run while thread-locals are torn down.
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        let _ = ALLOCS.try_with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: forwards every call to `System` unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns how many allocations this thread made meanwhile.
fn allocations<R>(f: impl FnOnce() -> R) -> usize {
    let before = ALLOCS.with(Cell::get);
    COUNTING.with(|c| c.set(true));
    black_box(f());
    COUNTING.with(|c| c.set(false));
    ALLOCS.with(Cell::get) - before
}

const HEADER: &[u8] = b"userId=Am%C3%A9lie;p1;p2=x%20y, serverNode = DF%2028 ,bad member,isProduction=false,k=%FF%C3%28";

/// A `fmt::Write` over a fixed array.
struct Fixed([u8; 64], usize);

impl std::fmt::Write for Fixed {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let dst = self
            .0
            .get_mut(self.1..self.1 + s.len())
            .ok_or(std::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.1 += s.len();
        Ok(())
    }
}

#[test]
fn the_counter_counts() {
    assert!(allocations(|| black_box(vec![1u8; 16])) >= 1);
}

#[test]
fn parse_and_iterate_allocate_nothing() {
    let fields: [&[u8]; 2] = [HEADER, b"a=1,a=2"];
    let n = allocations(|| {
        let mut seen = 0usize;
        let strict = BaggageRef::parse(b"a=1;p=2,b=3").unwrap();
        let lenient = BaggageRef::lenient_fields(&fields);
        for m in strict.iter().chain(lenient.iter()) {
            seen += m.key().len() + m.raw_value().len();
            for p in m.properties() {
                seen += p.key().len() + p.raw_value().map_or(0, str::len);
            }
        }
        seen += lenient.get("a").unwrap().raw_value().len();
        seen += BaggageRef::parse(b"a=1,bad").map_or(1, |_| 0);
        // Both ways of counting dropped members: nothing cut, and a cut.
        seen += lenient.dropped() + lenient.with_limits(Limits::new(1, 8)).dropped();
        seen += lenient
            .with_limits(Baggage::<16_384, 128>::READ_LIMITS)
            .dropped();
        seen
    });
    assert_eq!(n, 0);
}

#[test]
fn decode_allocates_nothing() {
    let view = BaggageRef::lenient(HEADER);
    let n = allocations(|| {
        let mut buf = [0u8; 64];
        let mut total = 0;
        for m in &view {
            total += m.value().decode_into(&mut buf).unwrap().len();
            total += m.value().chars().count() + m.value().decoded_len();
            for p in m.properties() {
                if let Some(v) = p.value() {
                    total += v.decode_into(&mut buf).unwrap().len();
                }
            }
        }
        // Display into a fixed buffer.
        let mut out = Fixed([0; 64], 0);
        std::fmt::Write::write_fmt(
            &mut out,
            format_args!("{}", PercentDecoded::new("a%E2%82%ACb%FF")),
        )
        .unwrap();
        assert_eq!(&out.0[..out.1], "a€b\u{FFFD}".as_bytes());
        total
    });
    assert_eq!(n, 0);
}

#[test]
fn insert_remove_and_encode_allocate_nothing() {
    let view = BaggageRef::lenient(HEADER);
    let n = allocations(|| {
        let mut b: Baggage<1024, 16> = Baggage::try_from(&view).unwrap();
        b.insert("userId", "Amélie").unwrap();
        b.insert_with_properties("new", "DF 28", &[("p", Some("é")), ("q", None)])
            .unwrap();
        b.remove("isProduction");
        b.dedupe();
        let _ = b.insert("bad key", "v");
        for m in &view {
            b.insert_member(&m).unwrap();
        }
        let (t, _) = Baggage::<32, 2>::from_view_truncating(&view);
        let mut out = [0u8; 1024];
        let len = b.encode_into(&mut out).unwrap();
        let mut buf = [0u8; 1024];
        let mut sink = SliceSink::new(&mut buf);
        b.write_to(&mut sink).unwrap();
        view.write_to(&mut sink).unwrap();
        len + t.encoded_len() + b.as_str().len()
    });
    assert_eq!(n, 0);
}
