//! The boundary every exported function goes through: panics caught, pointers checked,
//! outputs written only on success.

use std::cell::Cell;
use std::ffi::c_char;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use super::result::govcred_result;

thread_local! {
    // How many exported calls are on this thread's stack; the panic hook stays quiet then.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Installs, once per process, a panic hook that prints nothing for panics caught at the
/// C boundary (a terminal's stderr must not fill with backtraces; the caller gets
/// `GOVCRED_RESULT_PANIC`) and defers to the previous hook for any other panic.
fn install_quiet_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `on_panic`. Unwinding out of an `extern "C"` function
/// aborts the host process, so every exported body runs inside this.
pub(crate) fn guard<T>(on_panic: T, f: impl FnOnce() -> T) -> T {
    install_quiet_hook();
    DEPTH.with(|d| d.set(d.get().saturating_add(1)));
    // Handles are immutable, so a panic part-way cannot leave one half-updated; the only
    // mutable handle (a policy builder) holds plain values.
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    outcome.unwrap_or(on_panic)
}

/// [`guard`] for the common shape: a body returning `Result<(), govcred_result>`.
pub(crate) fn call(f: impl FnOnce() -> Result<(), govcred_result>) -> govcred_result {
    guard(govcred_result::Panic, || match f() {
        Ok(()) => govcred_result::Ok,
        Err(e) => e,
    })
}

/// Borrows `len` bytes at `ptr`. `ptr` may be NULL only when `len` is 0.
///
/// # Safety
/// A non-NULL `ptr` must point at `len` readable bytes that stay unchanged for the call.
pub(crate) unsafe fn bytes_in<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], govcred_result> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(govcred_result::NullArgument);
    }
    if isize::try_from(len).is_err() {
        return Err(govcred_result::TooLarge);
    }
    // SAFETY: non-NULL, len fits in isize, and the caller promises `len` readable bytes
    // that outlive this call.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows `len` bytes of UTF-8 text at `ptr` (not NUL-terminated; a NUL inside is just a
/// character). Invalid UTF-8 gives `not_utf8`.
///
/// # Safety
/// As [`bytes_in`].
pub(crate) unsafe fn text_in<'a>(
    ptr: *const c_char,
    len: usize,
    not_utf8: govcred_result,
) -> Result<&'a str, govcred_result> {
    // SAFETY: forwarded from the caller; c_char and u8 have the same size and alignment.
    let bytes = unsafe { bytes_in(ptr.cast::<u8>(), len) }?;
    std::str::from_utf8(bytes).map_err(|_| not_utf8)
}

/// Borrows the object behind a handle.
///
/// # Safety
/// A non-NULL `ptr` must come from this library's matching constructor and not be freed.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T) -> Result<&'a T, govcred_result> {
    // SAFETY: the caller promises a live handle made by `Box::into_raw` of a `T`.
    unsafe { ptr.as_ref() }.ok_or(govcred_result::NullArgument)
}

/// Borrows a mutable handle (only builders are mutable).
///
/// # Safety
/// As [`handle`], and no other thread may use the handle during the call.
pub(crate) unsafe fn handle_mut<'a, T>(ptr: *mut T) -> Result<&'a mut T, govcred_result> {
    // SAFETY: as in `handle`; exclusivity is the caller's documented duty.
    unsafe { ptr.as_mut() }.ok_or(govcred_result::NullArgument)
}

/// Checks an output pointer up front, so no work is done for a call that cannot report.
pub(crate) fn out_ptr<T>(ptr: *mut T) -> Result<*mut T, govcred_result> {
    if ptr.is_null() {
        Err(govcred_result::NullArgument)
    } else {
        Ok(ptr)
    }
}

/// Writes a new handle owning `value` to `*out`.
///
/// # Safety
/// `out` must be non-NULL (see [`out_ptr`]) and writable.
pub(crate) unsafe fn handle_out<T>(value: T, out: *mut *mut T) {
    // SAFETY: the caller checked `out` and promises it is writable; ownership of the box
    // passes to the caller until the matching `_free`.
    unsafe { out.write(Box::into_raw(Box::new(value))) };
}

/// Releases a handle; NULL is a no-op.
///
/// # Safety
/// A non-NULL `ptr` must come from this library's matching constructor and be freed once.
pub(crate) unsafe fn free<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: made by `Box::into_raw` in `handle_out` and, by contract, not freed yet.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// The caller's output buffer: `cap` bytes at `out` (NULL allowed when `cap` is 0, to ask
/// for the size) and where the length goes.
pub(crate) struct OutBuf {
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
}

impl OutBuf {
    /// Checks the pointers before any work is done.
    ///
    /// # Safety
    /// A non-NULL `out` must be writable for `cap` bytes and a non-NULL `out_len` writable,
    /// both for as long as the `OutBuf` lives (one exported call).
    pub(crate) unsafe fn new(
        out: *mut u8,
        cap: usize,
        out_len: *mut usize,
    ) -> Result<Self, govcred_result> {
        if out_len.is_null() || (out.is_null() && cap != 0) {
            return Err(govcred_result::NullArgument);
        }
        Ok(OutBuf { out, cap, out_len })
    }

    /// Writes `data`; `*out_len` gets its length. When `cap` is too small nothing is
    /// written but `*out_len`, which gets the size needed.
    pub(crate) fn bytes(self, data: &[u8]) -> Result<(), govcred_result> {
        self.write(data, false)
    }

    /// Writes `text` and a terminating NUL; `*out_len` gets the text length without the
    /// NUL. When `cap` is too small nothing is written but `*out_len`, which gets the size
    /// needed including the NUL.
    pub(crate) fn text(self, text: &str) -> Result<(), govcred_result> {
        self.write(text.as_bytes(), true)
    }

    fn write(self, data: &[u8], nul: bool) -> Result<(), govcred_result> {
        let needed = data
            .len()
            .checked_add(usize::from(nul))
            .ok_or(govcred_result::TooLarge)?;
        if needed > self.cap {
            // SAFETY: `out_len` checked non-NULL in `new`, whose caller promised it writable.
            unsafe { self.out_len.write(needed) };
            return Err(govcred_result::BufferTooSmall);
        }
        if needed > 0 {
            // SAFETY: `needed <= cap`, so `out` is non-NULL (checked in `new`) and, as `new`'s
            // caller promised, writable for `needed` bytes; `data` is our own memory.
            unsafe {
                std::ptr::copy_nonoverlapping(data.as_ptr(), self.out, data.len());
                if nul {
                    self.out.add(data.len()).write(0);
                }
            }
        }
        // SAFETY: `out_len` checked non-NULL in `new`, whose caller promised it writable.
        unsafe { self.out_len.write(data.len()) };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_panic_code() {
        #[allow(clippy::panic)]
        let r = call(|| panic!("deliberate"));
        assert_eq!(r, govcred_result::Panic);
        assert_eq!(DEPTH.with(Cell::get), 0, "depth restored after a panic");
        assert_eq!(call(|| Ok(())), govcred_result::Ok);
        assert_eq!(
            call(|| Err(govcred_result::BadUscc)),
            govcred_result::BadUscc
        );
    }

    #[test]
    fn too_small_buffers_report_the_size_and_write_nothing_else() {
        let mut buf = [0xAAu8; 4];
        let mut len = 0usize;
        // SAFETY: buf has 4 writable bytes, len is a local.
        let out = unsafe { OutBuf::new(buf.as_mut_ptr(), 3, &mut len) }.expect("pointers");
        let r = out.text("abc");
        assert_eq!(r, Err(govcred_result::BufferTooSmall));
        assert_eq!(len, 4);
        assert_eq!(buf, [0xAA; 4]);
        // SAFETY: as above.
        let out = unsafe { OutBuf::new(buf.as_mut_ptr(), 4, &mut len) }.expect("pointers");
        assert_eq!(out.text("abc"), Ok(()));
        assert_eq!((len, &buf), (3, b"abc\0"));
        // SAFETY: NULL is rejected before any write.
        assert!(unsafe { OutBuf::new(std::ptr::null_mut(), 1, &mut len) }.is_err());
        // SAFETY: as above.
        assert!(unsafe { OutBuf::new(buf.as_mut_ptr(), 1, std::ptr::null_mut()) }.is_err());
        // SAFETY: cap 0, nothing is written to out.
        let out = unsafe { OutBuf::new(std::ptr::null_mut(), 0, &mut len) }.expect("size query");
        assert_eq!(out.bytes(b"xy"), Err(govcred_result::BufferTooSmall));
        assert_eq!(len, 2);
    }

    #[test]
    fn empty_input_may_be_null_and_nonempty_may_not() {
        // SAFETY: len 0 reads nothing.
        assert_eq!(unsafe { bytes_in(std::ptr::null(), 0) }, Ok(&[][..]));
        // SAFETY: NULL is rejected before any read.
        let r = unsafe { bytes_in(std::ptr::null(), 1) };
        assert_eq!(r, Err(govcred_result::NullArgument));
    }
}
