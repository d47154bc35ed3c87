// SPDX-License-Identifier: GPL-2.0

//! sysfs directories under `/sys/kernel/` whose files call into data the directory owns.
//!
//! C headers: [`include/linux/sysfs.h`](srctree/include/linux/sysfs.h),
//! [`include/linux/kobject.h`](srctree/include/linux/kobject.h).
//!
//! A file is a type implementing [`Attribute`] (name, mode, `show` and/or `store`, each
//! receiving `&Data`); a [`Dir`] pin-initialises its data, then creates the directory and
//! one file per [`File`], and removes them on drop before the data goes. No `static` is
//! needed: each file's `struct kobj_attribute` lives in a heap slot next to a pointer to
//! the directory's data, and the callbacks find that pointer from the attribute sysfs
//! passes them (`container_of`).
//!
//! The directory is a dynamic kobject (`kobject_create_and_add`), not one embedded in our
//! memory: its release function is the kernel's own (`dynamic_kobj_release`), so a release
//! that comes late (`CONFIG_DEBUG_KOBJECT_RELEASE` delays each by 1 to 4 s) runs no code and
//! reads no memory of the module, which may be gone by then. An embedded kobject would
//! need a release function in the module.

//! # Examples
//!
//! ```ignore
//! struct Counter(Atomic<u64>);
//! struct Count;
//!
//! #[vtable]
//! impl Attribute for Count {
//!     type Data = Counter;
//!     const NAME: &'static CStr = c"count";
//!     const MODE: u16 = 0o644;
//!
//!     fn show(data: &Counter, page: &mut [u8]) -> Result<usize> {
//!         let text = ...; // Format `data.0.load(Relaxed)` into `page`.
//!     }
//!
//!     fn store(data: &Counter, _buf: &[u8]) -> Result {
//!         data.0.store(0, Relaxed);
//!         Ok(())
//!     }
//! }
//!
//! const FILES: &[File<Counter>] = &[File::new::<Count>()];
//! // `/sys/kernel/example/count`, gone when the `Dir` is dropped:
//! let dir = KBox::pin_init(Dir::new(c"example", FILES, Counter(Atomic::new(0))), GFP_KERNEL)?;
//! ```

use core::{
    marker::PhantomData,
    ptr::NonNull, //
};

use kernel::{
    bindings,
    error::{
        to_result,
        VTABLE_DEFAULT_ERROR, //
    },
    page::PAGE_SIZE,
    prelude::*,
    types::Opaque, //
};

/// The longest text `show` may return: one page minus one byte. sysfs gives `show` one
/// page and warns (`WARN` in `sysfs_kf_seq_show`, `fs/sysfs/file.c`) when it returns
/// `PAGE_SIZE` or more.
pub(crate) const SHOW_MAX: usize = PAGE_SIZE - 1;

/// One file: its name, permissions and what reading and writing it do.
///
/// Implement `show` if the mode lets anyone read, `store` if it lets anyone write (both
/// are checked at compile time by [`File::new`]).
#[vtable]
pub(crate) trait Attribute {
    /// The data of the directory the file is in.
    type Data: Send + Sync;
    /// The file's name.
    const NAME: &'static CStr;
    /// The file's permissions, such as `0o644`.
    const MODE: u16;

    /// Writes the file's text into `page` ([`SHOW_MAX`] bytes) and returns its length.
    fn show(_data: &Self::Data, _page: &mut [u8]) -> Result<usize> {
        build_error!(VTABLE_DEFAULT_ERROR)
    }

    /// Handles one `write(2)` of `buf`; an error is what the writer's call returns.
    fn store(_data: &Self::Data, _buf: &[u8]) -> Result {
        build_error!(VTABLE_DEFAULT_ERROR)
    }
}

/// The `show` of a `struct kobj_attribute`.
type ShowFn = unsafe extern "C" fn(
    *mut bindings::kobject,
    *mut bindings::kobj_attribute,
    *mut c_char,
) -> isize;
/// The `store` of a `struct kobj_attribute`.
type StoreFn = unsafe extern "C" fn(
    *mut bindings::kobject,
    *mut bindings::kobj_attribute,
    *const c_char,
    usize,
) -> isize;

/// A file of a [`Dir`] whose data is a `T`: what [`Dir::new`] creates it from.
pub(crate) struct File<T> {
    name: &'static CStr,
    mode: u16,
    show: Option<ShowFn>,
    store: Option<StoreFn>,
    _data: PhantomData<fn(&T)>,
}

impl<T: Send + Sync> File<T> {
    /// The file `A`. Fails to compile when the mode lets someone read a file without
    /// `show` or write a file without `store`, or has bits other than permissions.
    pub(crate) const fn new<A: Attribute<Data = T>>() -> File<T> {
        const {
            assert!(
                A::MODE & !0o777 == 0,
                "a sysfs mode has permission bits only"
            )
        };
        const {
            assert!(
                A::MODE & 0o444 == 0 || A::HAS_SHOW,
                "a readable file needs show"
            )
        };
        const {
            assert!(
                A::MODE & 0o222 == 0 || A::HAS_STORE,
                "a writable file needs store"
            )
        };
        File {
            name: A::NAME,
            mode: A::MODE,
            show: if A::HAS_SHOW {
                Some(show_trampoline::<A>)
            } else {
                None
            },
            store: if A::HAS_STORE {
                Some(store_trampoline::<A>)
            } else {
                None
            },
            _data: PhantomData,
        }
    }
}

/// What a read returns to sysfs for `show`'s result: the length, at most [`SHOW_MAX`], or
/// a negative errno.
fn shown(result: Result<usize>) -> isize {
    match result {
        // No truncation: `SHOW_MAX` is below `isize::MAX`.
        Ok(len) => len.min(SHOW_MAX) as isize,
        Err(e) => e.to_errno() as isize,
    }
}

/// What a write returns to sysfs for `store`'s result: all `count` bytes taken, or a
/// negative errno.
fn stored(result: Result, count: usize) -> isize {
    match result {
        // sysfs never passes more than a page.
        Ok(()) => count as isize,
        Err(e) => e.to_errno() as isize,
    }
}

/// The memory of one file: its attribute, and the directory's data the callbacks use.
///
/// # Invariants
///
/// `data` points to the `A::Data` of the [`Dir`] that owns the slot, where `A` is the
/// attribute whose trampolines `attr` holds.
#[repr(C)]
struct Slot {
    /// First, so that a pointer to it is a pointer to the slot.
    attr: Opaque<bindings::kobj_attribute>,
    /// The directory's data.
    data: *const c_void,
}

impl Slot {
    /// A slot for file `file` of a directory whose data is at `data`.
    // Only lockdep kernels have fields left for `..zeroed()` to fill.
    #[allow(clippy::needless_update)]
    fn new<T>(file: &File<T>, data: *const T) -> Slot {
        // INVARIANT: `file` was made by `File::new::<A>` for an `A` whose data is a `T`.
        Slot {
            attr: Opaque::new(bindings::kobj_attribute {
                attr: bindings::attribute {
                    name: file.name.as_char_ptr(),
                    mode: file.mode,
                    // The attribute is not static, so lockdep needs a static key for the
                    // file's active references (`sysfs_attr_init`): one for all files here.
                    #[cfg(CONFIG_DEBUG_LOCK_ALLOC)]
                    key: kernel::static_lock_class!().as_ptr(),
                    ..pin_init::zeroed()
                },
                __bindgen_anon_1: bindings::kobj_attribute__bindgen_ty_1 { show: file.show },
                __bindgen_anon_2: bindings::kobj_attribute__bindgen_ty_2 { store: file.store },
            }),
            data: data.cast(),
        }
    }
}

/// Finds the data of the file whose attribute sysfs passed.
///
/// # Safety
///
/// `attr` is the attribute of a [`Slot`] made for `A`, whose file exists.
unsafe fn slot_data<'a, A: Attribute>(attr: *mut bindings::kobj_attribute) -> &'a A::Data {
    // SAFETY: `attr` is the first field of a `#[repr(C)]` `Slot` made for `A`, so `data`
    // points to an `A::Data` that the directory keeps until its files are removed, which
    // waits for this callback to return.
    unsafe { &*(*attr.cast::<Slot>()).data.cast::<A::Data>() }
}

/// # Safety
///
/// Called by sysfs, for a file made for `A`, with a buffer of one page at `buf`.
unsafe extern "C" fn show_trampoline<A: Attribute>(
    _kobj: *mut bindings::kobject,
    attr: *mut bindings::kobj_attribute,
    buf: *mut c_char,
) -> isize {
    // SAFETY: The file was made for `A` and is being read, so it exists.
    let data = unsafe { slot_data::<A>(attr) };
    // SAFETY: sysfs passes a writable buffer of `PAGE_SIZE` bytes, alive for the call; we
    // hand out one byte less, the most it accepts.
    let page = unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), SHOW_MAX) };
    shown(A::show(data, page))
}

/// # Safety
///
/// Called by sysfs, for a file made for `A`, with `count` readable bytes at `buf`.
unsafe extern "C" fn store_trampoline<A: Attribute>(
    _kobj: *mut bindings::kobject,
    attr: *mut bindings::kobj_attribute,
    buf: *const c_char,
    count: usize,
) -> isize {
    // SAFETY: The file was made for `A` and is being written, so it exists.
    let data = unsafe { slot_data::<A>(attr) };
    // SAFETY: sysfs passes a buffer of `count` bytes, alive for the call.
    let buf = unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), count) };
    stored(A::store(data, buf), count)
}

/// A directory in sysfs and its files; removed on drop, before the module can go.
///
/// # Removal
///
/// sysfs calls a file's `show` and `store` (the module's code, through the trampolines
/// above, with the slot's attribute as `kn->priv`) only while it holds an active
/// reference on the file's kernfs node: `kernfs_get_active` in `fs/kernfs/file.c`, for
/// every open, read and write, also through a file opened earlier. So `drop`:
///
/// 1. removes each file with `sysfs_remove_file_ns`: `__kernfs_remove` deactivates the
///    node (no new active reference) and `kernfs_drain` waits until the ones held are put.
///    When it returns no `show` or `store` runs and none can start; a file still open
///    fails with `ENODEV`, and the node, which may live on, no longer reads `kn->priv`:
///    the slot may go.
/// 2. removes the directory with `kobject_del`, now: the next load finds the name free.
/// 3. drops our reference with `kobject_put`. The kobject may outlive the module: its
///    release can come later (`CONFIG_DEBUG_KOBJECT_RELEASE` delays each one by 1 to
///    4 s). That is harmless, because all it touches then is kernel memory: the release
///    is `dynamic_kobj_release` in `lib/kobject.c` and frees the kobject and its name, a
///    copy (`kstrdup_const` copies strings outside the kernel's own read-only data).
///
/// With `kobject_put` alone, the files and the directory went only when the kobject was
/// released (`kobject_cleanup` removes what the owner left): with a delayed release, after
/// the module was freed, so a read of a file could run freed code, and a new load found
/// the directory still there.
///
/// With lockdep, a file's lock class key is a static of the module. kernfs uses it only
/// with an active reference or while draining, both done before the module goes, and
/// lockdep forgets the keys of a module's memory when the module is freed
/// (`lockdep_free_key_range`).
///
/// # Invariants
///
/// `kobj` is a kobject in sysfs we hold a reference to, and each slot of `slots` holds the
/// attribute of a file that exists in it.
struct Files {
    kobj: NonNull<bindings::kobject>,
    slots: KVec<Pin<KBox<Slot>>>,
}

// SAFETY: The kobject and the files may be removed from any thread; the slots are only
// read by sysfs, and their data pointers are only used by the callbacks, under the
// bounds `Attribute::Data: Send + Sync` puts on the data.
unsafe impl Send for Files {}
// SAFETY: `Files` has no method taking `&self`.
unsafe impl Sync for Files {}

impl Files {
    /// Creates `/sys/kernel/<name>/` with `files`, whose callbacks receive `data`.
    fn create<T>(name: &'static CStr, files: &[File<T>], data: *const T) -> Result<Files> {
        // SAFETY: `kernel_kobj` is the kernel's `/sys/kernel` kobject, set up at boot.
        let parent = unsafe { bindings::kernel_kobj };
        // SAFETY: `name` is a valid C string; `parent` is a valid kobject.
        let kobj = unsafe { bindings::kobject_create_and_add(name.as_char_ptr(), parent) };
        // INVARIANT: `kobject_create_and_add` returns a reference to a kobject it added to
        // sysfs, or null; there are no files yet.
        let mut dir = Files {
            kobj: NonNull::new(kobj).ok_or(ENOMEM)?,
            slots: KVec::with_capacity(files.len(), GFP_KERNEL)?,
        };
        for file in files {
            // Room to remember it first: nothing fails once the file exists. On an error,
            // dropping `dir` removes what was created.
            let slot = KBox::pin(Slot::new(file, data), GFP_KERNEL)?;
            // The slot does not move: it is boxed.
            let attr = slot.attr.get();
            dir.slots.push(slot, GFP_KERNEL)?;
            // SAFETY: `kobj` is valid; the attribute is pinned in its slot, which lives as
            // long as the file.
            let created = to_result(unsafe {
                bindings::sysfs_create_file_ns(
                    dir.kobj.as_ptr(),
                    &raw const (*attr).attr,
                    core::ptr::null(),
                )
            });
            // INVARIANT: `slots` keeps the slot only if its file now exists.
            if let Err(e) = created {
                dir.slots.pop();
                return Err(e);
            }
        }
        Ok(dir)
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        // See "Removal" above for why this order makes the module's code and data
        // unreachable from sysfs before they go.
        while let Some(slot) = self.slots.pop() {
            // SAFETY: `kobj` is valid and the slot's attribute is that of a file created in
            // it (type invariant); returns once no `show` or `store` of the file runs.
            unsafe {
                bindings::sysfs_remove_file_ns(
                    self.kobj.as_ptr(),
                    &raw const (*slot.attr.get()).attr,
                    core::ptr::null(),
                )
            };
        }
        // SAFETY: `kobj` is valid and in sysfs (type invariant): removes the directory.
        unsafe { bindings::kobject_del(self.kobj.as_ptr()) };
        // SAFETY: We own a reference (type invariant) and give it up; the release, now or
        // later, runs no module code.
        unsafe { bindings::kobject_put(self.kobj.as_ptr()) };
    }
}

/// `/sys/kernel/<name>/` with its files, owning the data `T` their callbacks receive.
///
/// Dropping it removes the files, waiting for callbacks that run (see [`Files`]), then
/// drops the data: field order.
#[pin_data]
pub(crate) struct Dir<T> {
    /// First: dropping it removes the files before `data` goes.
    files: Files,
    /// The data the files' callbacks receive.
    #[pin]
    data: T,
}

impl<T: Send + Sync> Dir<T> {
    /// Pin-initialises `data`, then creates `/sys/kernel/<name>/` holding `files`.
    pub(crate) fn new<E>(
        name: &'static CStr,
        files: &'static [File<T>],
        data: impl PinInit<T, E>,
    ) -> impl PinInit<Self, Error>
    where
        Error: From<E>,
    {
        try_pin_init!(&this in Self {
            // First: the files' callbacks may run as soon as the files exist.
            data <- data,
            // SAFETY: Only the address of the field is taken; it stays valid while the
            // directory exists, as the directory is pinned.
            files: Files::create(name, files, unsafe { &raw const (*this.as_ptr()).data })?,
        }? Error)
    }
}

#[kunit_tests(genltest_kext_sysfs)]
mod tests {
    use super::*;

    #[test]
    fn show_returns_its_length_below_a_page() {
        assert_eq!(shown(Ok(0)), 0);
        assert_eq!(shown(Ok(2)), 2);
        assert_eq!(shown(Ok(SHOW_MAX)), (PAGE_SIZE - 1) as isize);
    }

    #[test]
    fn show_never_returns_a_page_or_more() {
        // sysfs warns at `PAGE_SIZE` and beyond: a longer claim is cut to what fits.
        assert_eq!(shown(Ok(PAGE_SIZE)), (PAGE_SIZE - 1) as isize);
        assert_eq!(shown(Ok(usize::MAX)), (PAGE_SIZE - 1) as isize);
    }

    #[test]
    fn errors_become_negative_errnos() {
        assert_eq!(shown(Err(EINVAL)), -22);
        assert_eq!(stored(Err(ENOMEM), 5), -12);
        assert_eq!(stored(Ok(()), 5), 5);
    }
}
