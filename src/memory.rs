//! How the bot keeps its resident memory small with the C library's allocator (glibc on Linux), which
//! Rust's standard allocator uses: set up before the first thread starts, and free memory handed back
//! to the system once a burst of work is over. Elsewhere this does nothing.
//!
//! By default glibc gives threads that allocate at the same time arenas of their own (up to eight per
//! core), and keeps blocks below 128 KiB (a threshold that grows) in the heap, where the holes a
//! burst leaves stay resident (`cargo bench --bench memory`).
//!
//! The only unsafe code in the crate: calls into the C library with plain integer arguments.
#![allow(unsafe_code)]

use std::time::Duration;

use tokio::sync::watch;

/// How many arenas the allocator may use: the bot's few threads (one runtime worker, SQLite's
/// connections) share one, so that a burst's free memory is not spread over one arena per thread.
const ARENAS: i32 = 1;

/// Blocks from this size on get pages of their own, returned to the system when freed: the state
/// of an interaction's handler (a few KiB to tens of KiB, hundreds of them alive in a burst) then
/// leaves no holes in the heap. glibc's default starts at 128 KiB and grows.
const OWN_PAGES_FROM: i32 = 16 * 1024;

/// Sets the allocator up for a long-running process. To be called first thing in `main`, before any
/// thread is started.
pub fn configure() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only reads its two integers; it is called before other threads exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
        libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_PAGES_FROM);
    }
}

/// Hands the allocator's free memory back to the system (all arenas, whole free pages inside them
/// too, not only at their ends).
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes the allocator's own locks; its argument is a plain size.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How often [`release_when_quiet`] looks.
pub const RELEASE_EVERY: Duration = Duration::from_secs(5);

/// Every [`RELEASE_EVERY`] until `stop` turns true: when work was taken on in the last two periods
/// (the second one covers what is delivered after it was handled) and none is being handled now,
/// hands the free memory back ([`release`]). `work` tells how many pieces of work (interactions,
/// messages) are being handled, and how many were ever taken on.
pub async fn release_when_quiet(work: impl Fn() -> (usize, usize) + Send, mut stop: watch::Receiver<bool>) {
    let mut seen = work().1;
    let mut pending = 0u8;
    loop {
        tokio::select! {
            () = tokio::time::sleep(RELEASE_EVERY) => {}
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    break;
                }
                continue;
            }
        }
        let (busy, taken_on) = work();
        if taken_on != seen {
            seen = taken_on;
            pending = 2;
        }
        if pending > 0 && busy == 0 {
            pending -= 1;
            release();
        }
    }
}
