// SPDX-License-Identifier: GPL-2.0

//! Extended acknowledgements: the message, the bad attribute and the missing attribute a
//! Netlink error carries back to the sender.
//!
//! C header: [`include/linux/netlink.h`](srctree/include/linux/netlink.h)
//!
//! The C macros `NL_SET_ERR_MSG`, `NL_SET_BAD_ATTR` and `NL_SET_ERR_ATTR_MISS` write fields
//! of `struct netlink_ext_ack`; Linux 7.3 has no Rust counterpart.

use core::marker::PhantomData;

use kernel::{
    bindings,
    prelude::*, //
};

use super::attr::{
    Attr,
    AttrType, //
};

/// The extended ACK of the request being handled, for the handler's duration `'a`.
///
/// `'a` is invariant: it brands the request, so that [`ExtAck::set_bad_attr`] accepts only
/// attributes of this request (an [`Attr<'a, _>`](Attr) has the same brand).
///
/// # Invariants
///
/// `ptr` is null or valid for writes during `'a`.
pub(crate) struct ExtAck<'a> {
    ptr: *mut bindings::netlink_ext_ack,
    _req: PhantomData<fn(&'a ()) -> &'a ()>,
}

impl<'a> ExtAck<'a> {
    /// Wraps the core's `extack` pointer, which may be null.
    ///
    /// # Safety
    ///
    /// `ptr` is null or valid for writes for `'a`, and the attributes the request's
    /// [`Attr<'a, _>`](Attr) values point at stay alive until the core builds the ACK.
    pub(crate) unsafe fn from_raw(ptr: *mut bindings::netlink_ext_ack) -> Self {
        // INVARIANT: The caller guarantees that `ptr` is null or valid for `'a`.
        ExtAck {
            ptr,
            _req: PhantomData,
        }
    }

    /// Sets the message the sender receives with the error (`NL_SET_ERR_MSG`).
    pub(crate) fn set_msg(&mut self, msg: &'static CStr) {
        if self.ptr.is_null() {
            return;
        }
        // SAFETY: `ptr` is valid for writes by the type invariant; the string is static.
        unsafe { (*self.ptr)._msg = msg.as_char_ptr() };
    }

    /// Points the error at an attribute of this request (`NL_SET_BAD_ATTR`): the sender
    /// receives its offset in the request.
    pub(crate) fn set_bad_attr<K>(&mut self, attr: &Attr<'a, K>) {
        if self.ptr.is_null() {
            return;
        }
        // SAFETY: `ptr` is valid for writes by the type invariant; `attr` lies inside this
        // request (same brand `'a`), which the core keeps alive until the ACK is built.
        unsafe { (*self.ptr).bad_attr = attr.as_raw() };
    }

    /// Reports that the request lacks the attribute `attr` (`NL_SET_ERR_ATTR_MISS` at the
    /// top level, no nest).
    pub(crate) fn set_missing<K>(&mut self, attr: AttrType<K>) {
        if self.ptr.is_null() {
            return;
        }
        // SAFETY: `ptr` is valid for writes by the type invariant.
        unsafe { (*self.ptr).miss_type = attr.get() };
        // SAFETY: As above.
        unsafe { (*self.ptr).miss_nest = core::ptr::null() };
    }
}
