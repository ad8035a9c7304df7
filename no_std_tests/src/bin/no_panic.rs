//! The same checks as the main binary, with a panic handler that calls a
//! symbol nothing defines: the binary links only if the optimiser removed
//! every panic path from the checks and from tracewire's code they reach.
//!
//! Run: `cargo run --release --bin no_panic`. A link error naming
//! `tracewire_panic_path_was_linked` means some panic survived.
#![no_std]
#![no_main]

#[path = "../checks.rs"]
mod checks;

use core::panic::PanicInfo;

unsafe extern "C" {
    /// Defined nowhere, on purpose.
    fn tracewire_panic_path_was_linked() -> !;
}

#[panic_handler]
fn panic(_: &PanicInfo<'_>) -> ! {
    // SAFETY: never runs; if this call survives optimisation, linking fails.
    unsafe { tracewire_panic_path_was_linked() }
}

/// libc calls this after its start-up code.
#[unsafe(no_mangle)]
pub extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    let t = checks::run();
    checks::print(b"tracewire no_std (no panic paths): ");
    checks::print_num(t.checks);
    checks::print(b" checks, ");
    checks::print_num(t.failures);
    checks::print(b" failed\n");
    i32::try_from(t.failures).unwrap_or(i32::MAX)
}
