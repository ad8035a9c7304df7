//! tracewire's codec checks in a `#![no_std]`, `#![no_main]` binary with no
//! allocator: it links only libc's start-up code, `exit` and `write`.
//!
//! Run: `cargo run --release` (from this directory). Exit status: the number
//! of failed checks (0 = all passed); 101 if anything panicked. Any use of
//! `alloc` fails the build with "no global memory allocator found".
#![no_std]
#![no_main]

mod checks;

use core::panic::PanicInfo;

#[link(name = "c")]
unsafe extern "C" {
    fn exit(status: i32) -> !;
}

#[panic_handler]
fn panic(_: &PanicInfo<'_>) -> ! {
    checks::print(b"tracewire no_std: panicked\n");
    // SAFETY: libc's exit, with a plain status.
    unsafe { exit(101) }
}

/// Debug builds link against a `core` built with unwind tables, which name
/// this symbol even under `panic = "abort"`; nothing ever calls it. Release
/// builds (LTO) drop the reference, so it is only defined for debug.
#[cfg(debug_assertions)]
#[unsafe(no_mangle)]
pub extern "C" fn rust_eh_personality() {}

/// libc calls this after its start-up code.
#[unsafe(no_mangle)]
pub extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    let t = checks::run();
    checks::print(b"tracewire no_std: ");
    checks::print_num(t.checks);
    checks::print(b" checks, ");
    checks::print_num(t.failures);
    checks::print(b" failed\n");
    i32::try_from(t.failures).unwrap_or(i32::MAX)
}
