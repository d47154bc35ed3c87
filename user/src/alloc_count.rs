//! A global allocator that counts heap allocations per thread, to show that a loop
//! allocates nothing (the echo loops of `genltest bench`, the clients' `echo_into`).
//!
//! A program opts in by installing it:
//!
//! ```
//! #[global_allocator]
//! static ALLOC: genltest::alloc_count::CountingAlloc = genltest::alloc_count::CountingAlloc;
//!
//! let (v, allocations) = genltest::alloc_count::count(|| vec![1u8; 10]);
//! assert_eq!(v.len(), 10);
//! assert_eq!(allocations, Some(1));
//! ```
//!
//! It forwards to the system allocator and adds one to a thread-local counter for each
//! allocation, zeroed allocation and reallocation (a `Vec` that grows). Frees are not
//! counted: the question is whether a loop asks for memory, not whether it leaks. The
//! counter is per thread, so tests running in parallel do not disturb each other.
//!
//! Implementing [`GlobalAlloc`] needs `unsafe`; this file and `sys.rs` are
//! the crate's only `unsafe` code.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    /// Allocations made by this thread while [`CountingAlloc`] is the global allocator.
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

/// The counting allocator: the system allocator plus a per-thread count.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAlloc;

/// Adds one to this thread's count. `try_with` because the allocator may run while the
/// thread's locals are being torn down; those allocations are not counted.
fn bump() {
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get().wrapping_add(1)));
}

// SAFETY: Every method forwards to `System` with the caller's arguments unchanged, so
// `System`'s guarantees (and its contract with the caller) carry over; counting touches
// only a thread-local integer, which never allocates (const-initialized, no destructor).
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump();
        // SAFETY: The caller upholds `GlobalAlloc::alloc`'s contract, which we pass on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump();
        // SAFETY: As in `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` (through us) with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump();
        // SAFETY: `ptr` was allocated by `System` (through us) with `layout`; the caller
        // upholds the rest of `realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// This thread's allocation count so far (only moves while [`CountingAlloc`] is installed).
pub fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// Whether [`CountingAlloc`] is the program's global allocator: one small allocation
/// must move the count.
pub fn installed() -> bool {
    let before = allocations();
    drop(std::hint::black_box(Box::new(0u8)));
    allocations() != before
}

/// Runs `f` and returns its result with the number of heap allocations it made on this
/// thread, or `None` when the counting allocator is not installed (nothing to count with).
pub fn count<R>(f: impl FnOnce() -> R) -> (R, Option<u64>) {
    if !installed() {
        return (f(), None);
    }
    let before = allocations();
    let result = f();
    (result, Some(allocations() - before))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The library's unit tests run with the counting allocator installed (lib.rs).

    #[test]
    fn counts_an_allocation_made_on_purpose() {
        let (v, n) = count(|| std::hint::black_box(Vec::<u8>::with_capacity(100)));
        assert_eq!(v.capacity(), 100);
        assert_eq!(n, Some(1), "a deliberate allocation must be seen");
    }

    #[test]
    fn counts_growth_but_not_reuse() {
        let mut buf = Vec::with_capacity(8);
        let ((), grew) = count(|| buf.extend_from_slice(&[0u8; 64]));
        assert_eq!(grew, Some(1), "growing a Vec reallocates");
        let ((), reused) = count(|| {
            buf.clear();
            buf.extend_from_slice(&[1u8; 64]);
        });
        assert_eq!(
            reused,
            Some(0),
            "refilling a Vec within its capacity does not"
        );
    }

    #[test]
    fn pure_computation_counts_zero() {
        let (sum, n) = count(|| (1..=100u64).map(std::hint::black_box).sum::<u64>());
        assert_eq!(sum, 5050);
        assert_eq!(n, Some(0));
    }
}
