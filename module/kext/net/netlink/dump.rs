// SPDX-License-Identifier: GPL-2.0

//! Dumps: multipart answers built over several calls, with a typed cursor kept between
//! them.
//!
//! C header: [`include/net/genetlink.h`](srctree/include/net/genetlink.h)
//!
//! A dump's `start` makes the cursor and stores it, with a reference to the family's state,
//! in the callback's scratch space (`cb->ctx`, as C families do with `NL_ASSERT_CTX_FITS`);
//! each `dumpit` call gets it back typed, and `done` drops both. The reference keeps the
//! state alive for a dump that is still open when its family is unregistered (the Netlink
//! core keeps calling an open dump, it only pins the module).

use core::{
    marker::PhantomData,
    ptr::NonNull, //
};

use kernel::{
    bindings,
    prelude::*,
    sync::{
        Arc,
        ArcBorrow, //
    },
};

use super::genl::{
    Inner,
    Operations, //
};
use super::msg::Writer;
use super::policy::PolicyRef;

/// The dump of one command of family `T`.
pub(crate) trait DumpIt<T: Operations> {
    /// The policy of the dump request's attributes; none by default (the core then refuses
    /// every attribute).
    const POLICY: PolicyRef = PolicyRef::NONE;

    /// What the dump remembers between calls (for example the last id sent).
    type Cursor: Send;

    /// Starts a dump: the cursor of its first call.
    fn start(state: &T::State) -> Result<Self::Cursor>;

    /// Adds entries until the buffer is full ([`Dump::entry`] returns `EMSGSIZE`) or all
    /// were sent. A full buffer is sent and the dump called again; a call that adds
    /// nothing ends the dump. `EMSGSIZE` with nothing added (an entry larger than a whole
    /// buffer) ends the dump with that error.
    fn dumpit(state: &T::State, cursor: &mut Self::Cursor, dump: &mut Dump<'_>) -> Result;
}

/// A dump call in progress: the buffer being filled, for the request's sender.
pub(crate) struct Dump<'a> {
    writer: Writer,
    family: *const bindings::genl_family,
    port: u32,
    seq: u32,
    _call: PhantomData<&'a mut bindings::sk_buff>,
}

impl Dump<'_> {
    /// The port id of the socket that asked for the dump (`NETLINK_CB(cb->skb).portid`).
    pub(crate) fn sender_port(&self) -> u32 {
        self.port
    }

    /// The sequence number of the dump request, which every message of the dump carries.
    pub(crate) fn seq(&self) -> u32 {
        self.seq
    }

    /// Adds one multipart message of `cmd` filled by `fill`. Returns `EMSGSIZE`, leaving
    /// the buffer as it was, when it does not fit.
    pub(crate) fn entry(&mut self, cmd: u8, fill: impl FnOnce(&mut Writer) -> Result) -> Result {
        let skb = self.writer_skb();
        // SAFETY: `skb` is the dump's buffer and `family` the dump's family, registered or
        // kept alive by the dump's reference to it (see `start_trampoline`).
        let hdr = unsafe {
            bindings::genlmsg_put(
                skb,
                self.port,
                self.seq,
                self.family,
                bindings::NLM_F_MULTI as c_int,
                cmd,
            )
        };
        if hdr.is_null() {
            return Err(EMSGSIZE);
        }
        match fill(&mut self.writer) {
            Ok(()) => {
                // SAFETY: `hdr` is the message just started in `skb`.
                unsafe { bindings::genlmsg_end(skb, hdr) };
                Ok(())
            }
            Err(e) => {
                // SAFETY: As above; this trims the partial message away.
                unsafe { bindings::genlmsg_cancel(skb, hdr) };
                Err(e)
            }
        }
    }

    fn writer_skb(&self) -> *mut bindings::sk_buff {
        self.writer.as_ptr()
    }
}

/// What a dump keeps in `cb->ctx` between `start` and `done`.
pub(super) struct Slot<T: Operations, C> {
    inner: Arc<Inner<T>>,
    cursor: C,
}

impl<T: Operations, C> Slot<T, C> {
    /// Whether a slot fits the callback's scratch space.
    pub(super) const FITS: bool = core::mem::size_of::<Self>()
        <= core::mem::size_of::<bindings::netlink_callback__bindgen_ty_1>()
        && core::mem::align_of::<Self>()
            <= core::mem::align_of::<bindings::netlink_callback__bindgen_ty_1>();
}

/// The slot of a dump in its callback.
///
/// # Safety
///
/// `cb` is a valid callback.
unsafe fn slot_ptr<T: Operations, C>(cb: *mut bindings::netlink_callback) -> *mut Slot<T, C> {
    // SAFETY: The caller guarantees `cb` is valid; this only takes an address.
    unsafe { (&raw mut (*cb).__bindgen_anon_1).cast() }
}

/// `start` of a dump: makes the cursor and stores it with a reference to the family.
///
/// # Safety
///
/// Called by the Generic Netlink core (`genl_start`) with the callback of a dump of family
/// `T`, whose `cb->data` is the `genl_dumpit_info`, while the family is registered.
pub(super) unsafe extern "C" fn start_trampoline<T: Operations, H: DumpIt<T>>(
    cb: *mut bindings::netlink_callback,
) -> c_int {
    // SAFETY: `genl_start` set `cb->data` to the dump's `genl_dumpit_info`.
    let info = unsafe { &*(*cb).data.cast::<bindings::genl_dumpit_info>() };
    // SAFETY: The dump is of family `T`, whose `genl_family` lives in an `Inner<T>` inside
    // an `Arc`, registered (so the `Arc` is alive) while its requests are handled.
    let inner: ArcBorrow<'_, Inner<T>> = unsafe { Inner::<T>::borrow_arc(info.info.family) };
    match H::start(inner.state()) {
        Ok(cursor) => {
            let slot = Slot {
                inner: Arc::from(inner),
                cursor,
            };
            // SAFETY: `cb` is valid; the slot fits the scratch space (checked when the
            // operation was built) and nothing else uses it during the dump.
            unsafe { slot_ptr::<T, H::Cursor>(cb).write(slot) };
            0
        }
        Err(e) => e.to_errno(),
    }
}

/// `dumpit`: one call of the dump.
///
/// # Safety
///
/// Called by the Netlink core with the dump's buffer and the callback whose `start` was
/// [`start_trampoline::<T, H>`] and succeeded.
pub(super) unsafe extern "C" fn dumpit_trampoline<T: Operations, H: DumpIt<T>>(
    skb: *mut bindings::sk_buff,
    cb: *mut bindings::netlink_callback,
) -> c_int {
    // SAFETY: `start_trampoline` stored a slot, which lives until `done`.
    let slot = unsafe { &mut *slot_ptr::<T, H::Cursor>(cb) };
    // SAFETY: `cb->skb` is the request, whose `cb` holds `netlink_skb_parms`.
    let port = unsafe {
        (*(*(*cb).skb)
            .cb
            .as_ptr()
            .cast::<bindings::netlink_skb_parms>())
        .portid
    };
    // SAFETY: `cb->nlh` is the request's header, alive for the whole dump.
    let seq = unsafe { (*(*cb).nlh).nlmsg_seq };
    let Some(skb) = NonNull::new(skb) else {
        return EINVAL.to_errno();
    };
    let mut dump = Dump {
        // SAFETY: The core hands us its buffer to fill during this call.
        writer: unsafe { Writer::from_raw(skb) },
        family: slot.inner.family_ptr(),
        port,
        seq,
        _call: PhantomData,
    };
    let result = H::dumpit(slot.inner.state(), &mut slot.cursor, &mut dump);
    // SAFETY: `skb` is valid.
    let len = unsafe { (*skb.as_ptr()).len };
    match result {
        // A non-empty buffer asks for another call, an empty one ends the dump.
        Ok(()) => len as c_int,
        Err(e) if e == EMSGSIZE && len > 0 => len as c_int,
        // Including `EMSGSIZE` into an empty buffer: an entry that never fits.
        Err(e) => e.to_errno(),
    }
}

/// `done`: drops the cursor and the dump's reference to the family.
///
/// # Safety
///
/// Called once by the Netlink core after a successful [`start_trampoline::<T, H>`].
pub(super) unsafe extern "C" fn done_trampoline<T: Operations, H: DumpIt<T>>(
    cb: *mut bindings::netlink_callback,
) -> c_int {
    // SAFETY: `start_trampoline` stored a slot; the core calls `done` once, last.
    unsafe { core::ptr::drop_in_place(slot_ptr::<T, H::Cursor>(cb)) };
    0
}
