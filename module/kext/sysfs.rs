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

/// `/sys/kernel/<name>/` with its files; removed on drop, before the module can go.
///
/// # Removal
///
/// sysfs calls a file's `show` and `store` (the module's code, through the trampolines
/// above, with the module's static attribute as `kn->priv`) only while it holds an active
/// reference on the file's kernfs node: `kernfs_get_active` in `fs/kernfs/file.c`, for
/// every open, read and write, also through a file opened earlier. So `drop`:
///
/// 1. removes each file with `sysfs_remove_file_ns`: `__kernfs_remove` deactivates the
///    node (no new active reference) and `kernfs_drain` waits until the ones held are put.
///    When it returns no `show` or `store` runs and none can start; a file still open
///    fails with `ENODEV`, and the node, which may live on, no longer reads `kn->priv`.
/// 2. removes the directory with `kobject_del`, now: the next load finds the name free.
/// 3. drops our reference with `kobject_put`. The kobject may outlive the module: its
///    release can come later (`CONFIG_DEBUG_KOBJECT_RELEASE` delays each one by 1 to
///    4 s). That is harmless, because all it touches then is kernel memory: the release
///    is `dynamic_kobj_release` in `lib/kobject.c` and frees the kobject and its name, a
///    copy (`kstrdup_const` copies strings outside the kernel's own read-only data).
///
/// With `kobject_put` alone, the files and the directory went only when the kobject was
/// released (`kobject_cleanup` removes what the owner left): with a delayed release, after
/// the module was freed, so a read of `trace` could run freed code, and a new load found
/// `/sys/kernel/genltest` still there.
///
/// With lockdep, a file's lock class key is its static attribute's `skey` (module
/// memory). kernfs uses it only with an active reference or while draining, both done
/// before the module goes, and lockdep forgets the keys of a module's memory when the
/// module is freed (`lockdep_free_key_range`).
///
/// # Invariants
///
/// `kobj` is a kobject in sysfs we hold a reference to, and `files` are the attributes of
/// files we created in it.
pub(crate) struct Dir {
    kobj: NonNull<bindings::kobject>,
    files: KVec<*const bindings::attribute>,
}

// SAFETY: The kobject and the files are only removed in `drop`; the attributes are
// static and never written.
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
        // INVARIANT: `kobject_create_and_add` returns a reference to a kobject it added to
        // sysfs, or null; there are no files yet.
        let mut dir = Dir {
            kobj: NonNull::new(kobj).ok_or(ENOMEM)?,
            files: KVec::new(),
        };
        dir.create_file(&file.0)?;
        Ok(dir)
    }

    /// Adds a readable and writable `file`; it goes away with the directory.
    pub(crate) fn add(&mut self, file: &'static ReadWriteFile) -> Result {
        self.create_file(&file.0)
    }

    /// Creates the file of `attr` and remembers it for `drop`.
    fn create_file(&mut self, attr: &'static Opaque<bindings::kobj_attribute>) -> Result {
        // SAFETY: `attr.get()` points to a valid `kobj_attribute`; this only takes the
        // address of its `attr` field.
        let attr = unsafe { &raw const (*attr.get()).attr };
        // Room to remember it first: nothing fails once the file exists.
        self.files.push(attr, GFP_KERNEL)?;
        // SAFETY: `kobj` is valid; the attribute is static, so it outlives the file.
        let created = to_result(unsafe {
            bindings::sysfs_create_file_ns(self.kobj.as_ptr(), attr, core::ptr::null())
        });
        // INVARIANT: `files` keeps `attr` only if its file now exists.
        if created.is_err() {
            self.files.pop();
        }
        created
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        // See "Removal" above for why this order makes the module's code and statics
        // unreachable from sysfs before the module goes.
        while let Some(attr) = self.files.pop() {
            // SAFETY: `kobj` is valid and `attr` is the attribute of a file created in it
            // (type invariant); returns once no `show` or `store` of the file runs.
            unsafe { bindings::sysfs_remove_file_ns(self.kobj.as_ptr(), attr, core::ptr::null()) };
        }
        // SAFETY: `kobj` is valid and in sysfs (type invariant): removes the directory.
        unsafe { bindings::kobject_del(self.kobj.as_ptr()) };
        // SAFETY: We own a reference (type invariant) and give it up; the release, now or
        // later, runs no module code.
        unsafe { bindings::kobject_put(self.kobj.as_ptr()) };
    }
}
