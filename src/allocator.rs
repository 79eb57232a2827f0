//! The binary's allocator: mimalloc, asked for a plain block where its
//! alignment is all a layout needs. `mi_malloc`'s path is shorter than the
//! `mi_malloc_aligned` that [`MiMalloc`] takes for every block, and a document
//! allocates some ten thousand small blocks (sentences, their text, rows'
//! evidence): 0.7 % of the instructions on the benchmark's mix, 2 % of a small
//! report's (README, Benchmarks, round 10).

use libmimalloc_sys::{mi_malloc, mi_realloc, mi_zalloc};
use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout};

pub struct Allocator;

/// The alignment of every block `mi_malloc` returns: its size classes are
/// whole machine words (and larger blocks more aligned still).
const WORD_ALIGNED: usize = std::mem::size_of::<usize>();

// SAFETY: each call is `MiMalloc`'s, or mimalloc's plain counterpart of it
// when the layout's alignment is at most the word alignment every mimalloc
// block has; mimalloc frees both alike (`mi_free`, as `MiMalloc` does), and a
// block is reallocated by the same path that allocated it (same alignment).
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD_ALIGNED {
            mi_malloc(layout.size()).cast()
        } else {
            MiMalloc.alloc(layout)
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD_ALIGNED {
            mi_zalloc(layout.size()).cast()
        } else {
            MiMalloc.alloc_zeroed(layout)
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        MiMalloc.dealloc(ptr, layout);
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD_ALIGNED {
            mi_realloc(ptr.cast(), new_size).cast()
        } else {
            MiMalloc.realloc(ptr, layout, new_size)
        }
    }
}
