// SPDX-License-Identifier: GPL-2.0

//! A directory under `/sys/kernel/` with a write-only file, and more files added later
//! (write-only or readable and writable).
//!
//! C header: [`include/linux/sysfs.h`](srctree/include/linux/sysfs.h)

use core::ptr::NonNull;

use kernel::{bindings, error::to_result, prelude::*, types::Opaque};

/// What a write to the file does.
pub(crate) trait Store {
    /// Handles one `write(2)` of `data`; an error is what the writer's call returns.
    fn store(data: &[u8]) -> Result;
}

/// A write-only sysfs attribute (`struct kobj_attribute`) calling `S::store`.
#[repr(transparent)]
pub(crate) struct WriteOnlyFile(Opaque<bindings::kobj_attribute>);

// SAFETY: The attribute is read by sysfs only; it is never written after construction.
unsafe impl Sync for WriteOnlyFile {}

impl WriteOnlyFile {
    /// An attribute named `name` with permissions `mode` (such as `0o200`).
    // Only lockdep kernels have fields left for `..zeroed()` to fill.
    #[allow(clippy::needless_update)]
    pub(crate) const fn new<S: Store>(name: &'static CStr, mode: u16) -> WriteOnlyFile {
        WriteOnlyFile(Opaque::new(bindings::kobj_attribute {
            attr: bindings::attribute {
                // `as_char_ptr` is not `const`; the cast only changes the pointee's sign.
                #[expect(clippy::disallowed_methods)]
                name: name.as_ptr().cast(),
                mode,
                // With lockdep, also its lock class key fields: zero, as for a C static
                // attribute (`__ATTR`); sysfs then uses the static `skey`.
                ..pin_init::zeroed()
            },
            __bindgen_anon_1: bindings::kobj_attribute__bindgen_ty_1 { show: None },
            __bindgen_anon_2: bindings::kobj_attribute__bindgen_ty_2 {
                store: Some(store_trampoline::<S>),
            },
        }))
    }
}

/// # Safety
///
/// Called by sysfs with `count` readable bytes at `buf`.
unsafe extern "C" fn store_trampoline<S: Store>(
    _kobj: *mut bindings::kobject,
    _attr: *mut bindings::kobj_attribute,
    buf: *const c_char,
    count: usize,
) -> isize {
    // SAFETY: sysfs passes a buffer of `count` bytes, alive for the call.
    let data = unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), count) };
    match S::store(data) {
        Ok(()) => count as isize,
        Err(e) => e.to_errno() as isize,
    }
}

/// What a read of a readable file shows.
pub(crate) trait Show {
    /// Writes the file's text into `page` (one page long) and returns its length.
    fn show(page: &mut [u8]) -> usize;
}

/// A readable and writable sysfs attribute calling `F::show` and `F::store`.
#[repr(transparent)]
pub(crate) struct ReadWriteFile(Opaque<bindings::kobj_attribute>);

// SAFETY: The attribute is read by sysfs only; it is never written after construction.
unsafe impl Sync for ReadWriteFile {}

impl ReadWriteFile {
    /// An attribute named `name` with permissions `mode` (such as `0o644`).
    // Only lockdep kernels have fields left for `..zeroed()` to fill.
    #[allow(clippy::needless_update)]
    pub(crate) const fn new<F: Show + Store>(name: &'static CStr, mode: u16) -> ReadWriteFile {
        ReadWriteFile(Opaque::new(bindings::kobj_attribute {
            attr: bindings::attribute {
                // `as_char_ptr` is not `const`; the cast only changes the pointee's sign.
                #[expect(clippy::disallowed_methods)]
                name: name.as_ptr().cast(),
                mode,
                // With lockdep, also its lock class key fields: zero, as for a C static
                // attribute (`__ATTR`); sysfs then uses the static `skey`.
                ..pin_init::zeroed()
            },
            __bindgen_anon_1: bindings::kobj_attribute__bindgen_ty_1 {
                show: Some(show_trampoline::<F>),
            },
            __bindgen_anon_2: bindings::kobj_attribute__bindgen_ty_2 {
                store: Some(store_trampoline::<F>),
            },
        }))
    }
}

/// # Safety
///
/// Called by sysfs with a buffer of one page at `buf`.
unsafe extern "C" fn show_trampoline<F: Show>(
    _kobj: *mut bindings::kobject,
    _attr: *mut bindings::kobj_attribute,
    buf: *mut c_char,
) -> isize {
    // SAFETY: sysfs passes a writable buffer of `PAGE_SIZE` bytes, alive for the call.
    let page =
        unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), kernel::page::PAGE_SIZE) };
    F::show(page).min(kernel::page::PAGE_SIZE) as isize
}

/// `/sys/kernel/<name>/` with one file; removed (after running writes finish) on drop.
///
/// # Invariants
///
/// `kobj` is a kobject we hold a reference to.
pub(crate) struct Dir {
    kobj: NonNull<bindings::kobject>,
}

// SAFETY: The kobject is only released in `drop`.
unsafe impl Send for Dir {}
// SAFETY: No method of `Dir` mutates through a shared reference.
unsafe impl Sync for Dir {}

impl Dir {
    /// Creates `/sys/kernel/<name>/` holding `file`.
    pub(crate) fn new(name: &'static CStr, file: &'static WriteOnlyFile) -> Result<Dir> {
        // SAFETY: `kernel_kobj` is the kernel's `/sys/kernel` kobject, set up at boot.
        let parent = unsafe { bindings::kernel_kobj };
        // SAFETY: `name` is a valid C string; `parent` is a valid kobject.
        let kobj = unsafe { bindings::kobject_create_and_add(name.as_char_ptr(), parent) };
        // INVARIANT: `kobject_create_and_add` returns a reference we own, or null.
        let dir = Dir {
            kobj: NonNull::new(kobj).ok_or(ENOMEM)?,
        };
        // SAFETY: `kobj` is valid; the attribute is static, so it outlives the file.
        to_result(unsafe {
            bindings::sysfs_create_file_ns(
                dir.kobj.as_ptr(),
                core::ptr::addr_of!((*file.0.get()).attr),
                core::ptr::null(),
            )
        })?;
        Ok(dir)
    }

    /// Adds a readable and writable `file`; it goes away with the directory.
    pub(crate) fn add(&self, file: &'static ReadWriteFile) -> Result {
        // SAFETY: `kobj` is valid; the attribute is static, so it outlives the file.
        to_result(unsafe {
            bindings::sysfs_create_file_ns(
                self.kobj.as_ptr(),
                core::ptr::addr_of!((*file.0.get()).attr),
                core::ptr::null(),
            )
        })
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        // SAFETY: We own a reference; dropping the last one removes the directory and its
        // files, waiting for writes in progress.
        unsafe { bindings::kobject_put(self.kobj.as_ptr()) };
    }
}
