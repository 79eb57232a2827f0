//! The `zhibiao` binary: a thin shell over the library's command line.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use mimalloc::MiMalloc;

/// mimalloc, asked for a plain block where its alignment is all a layout
/// needs: `mi_malloc`'s path is shorter than `mi_malloc_aligned`'s (which
/// [`MiMalloc`] takes for every block), and a document allocates some ten
/// thousand small blocks (sentences, their text, rows' evidence).
struct Allocator;

/// The alignment of every block `mi_malloc` returns: its size classes are
/// whole machine words (and larger blocks more aligned still).
const WORD_ALIGNED: usize = std::mem::size_of::<usize>();

extern "C" {
    fn mi_malloc(size: usize) -> *mut c_void;
    fn mi_zalloc(size: usize) -> *mut c_void;
    fn mi_realloc(p: *mut c_void, newsize: usize) -> *mut c_void;
}

// SAFETY: each call is `MiMalloc`'s, or mimalloc's plain counterpart of it
// when the layout's alignment is at most the word alignment every mimalloc
// block has; mimalloc frees both alike (`mi_free`, as `MiMalloc` does).
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

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

fn main() -> std::process::ExitCode {
    zhibiao::cmd::run()
}
