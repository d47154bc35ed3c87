// SPDX-License-Identifier: GPL-2.0

//! Classic Netlink protocols: a kernel socket on one unit in every network namespace,
//! requests, replies and multicast notifications.
//!
//! C headers: [`include/linux/netlink.h`](srctree/include/linux/netlink.h),
//! [`include/net/net_namespace.h`](srctree/include/net/net_namespace.h),
//! [`include/net/netns/generic.h`](srctree/include/net/netns/generic.h).
//!
//! Linux 7.3 has no Rust abstraction for `netlink_kernel_create` nor for pernet operations;
//! this file is shaped like one, so that a protocol's logic needs no `unsafe`. A protocol
//! implements [`Protocol`] (its data is `self`); a pinned [`Registration`] owns that data in
//! an [`Arc`], registers pernet operations (`register_pernet_subsys`, with `.id` and `.size`
//! for per-namespace storage, `net_generic`) that create the unit's kernel socket in every
//! namespace, now and as namespaces are created, and unregisters them on drop.
//!
//! # How the callbacks find the registration
//!
//! The C callbacks get no data pointer: pernet `init` and `exit` receive only the `net`,
//! the socket's `input` only the skb. A C protocol keeps its pernet id in a `static`; Rust
//! has no generic statics, so this file keeps one table, [`UNITS`], with the registration
//! of each unit, the Rust twin of the core's `nl_table[unit]`. A registration claims its
//! unit's entry before registering its pernet operations and fails with `EBUSY` when the
//! unit is taken: a unit is registered once, by one registration. The pernet callbacks
//! then read the pernet id from the registration and the namespace's socket from its
//! `net_generic` storage. The input function needs no per-namespace data (it replies
//! through the socket that received the request, `skb->sk`), so it never touches
//! `net_generic` nor `sock_net`, and nothing here depends on `CONFIG_NET_NS`.
//!
//! # Why the input holds a reference to the protocol's data
//!
//! `netlink_unicast` (`net/netlink/af_netlink.c`) finds the kernel socket under RCU, takes a
//! socket reference, leaves RCU, and only then calls `netlink_unicast_kernel`, which calls
//! the input function. `netlink_kernel_release` only unhashes the socket and drops the
//! core's reference: an input that found the socket before may still run after it returns,
//! and so after `unregister_pernet_subsys` returns. So the input function (once per
//! datagram) looks the registration up in [`UNITS`] inside an RCU read-side section and
//! takes a reference to the protocol's data (the [`Arc`]), which every message of the
//! datagram then uses; dropping a registration unregisters,
//! clears its entry and waits for an RCU grace period before its memory goes. A late input
//! then either finds the entry empty (and answers each request of the datagram with
//! `ECONNREFUSED`, as the core does for a kernel socket without input) or holds its own
//! reference, so the data outlives it.
//!
//! The C helper that walks a datagram, `netlink_rcv_skb`, calls back per message with no
//! data pointer, so the lookup could not be made once per datagram through it: the input
//! function does what it does itself, step by step (see [`input`]).
//!
//! That covers the data. The code is covered by the kernel's own rule for every
//! `netlink_kernel_create` user: each user socket on the unit holds a reference on the
//! module that created the kernel socket (`netlink_create` does `try_module_get`), so the
//! module cannot be unloaded while any process holds a socket that could still call into
//! it; that is why `rmmod` reports "in use" while such a socket is open.

//! # Examples
//!
//! ```ignore
//! struct Echo;
//!
//! #[vtable]
//! impl Protocol for Echo {
//!     const UNIT: u32 = 31;
//!     const GROUPS: u32 = 1;
//!
//!     fn receive(&self, req: &Request<'_>, _extack: &mut ExtAck<'_>) -> Result {
//!         req.reply(req.msg_type(), req.payload())
//!     }
//! }
//!
//! // In a pinned module struct: `#[pin] echo: Registration<Echo>`, initialised with
//! // `echo <- Registration::new(module, Echo)`; then
//! // `self.echo.broadcast::<1>(Broadcast::new(0x10, b"hi")?)` notifies group 1.
//! ```

use core::{
    any::TypeId,
    marker::PhantomPinned,
    ptr::NonNull, //
};

use kernel::{
    bindings,
    error::to_result,
    prelude::*,
    sync::{
        atomic::{
            Acquire,
            Atomic,
            Relaxed,
            Release, //
        },
        rcu,
        Arc, //
    },
    types::Opaque,
    ThisModule, //
};

/// Size of `struct nlmsghdr`.
const NLMSG_HDRLEN: usize = core::mem::size_of::<bindings::nlmsghdr>();

/// The number of Netlink units (`MAX_LINKS`).
const MAX_LINKS: usize = 32;

/// Rounds up to the Netlink alignment of 4 bytes.
const fn nlmsg_align(len: usize) -> usize {
    (len + 3) & !3
}

/// The size of the skb for one message carrying `payload` bytes (`nlmsg_total_size`), as
/// `__alloc_skb` takes it, and the payload length as `__nlmsg_put` takes it.
///
/// `EMSGSIZE` when the message does not fit in `nlmsg_len` (a `u32`) or the payload in an
/// `int`.
fn message_size(payload: usize) -> Result<(u32, i32)> {
    let len = i32::try_from(payload).map_err(|_| EMSGSIZE)?;
    // No overflow: `payload` fits in an `i32`.
    let size = u32::try_from(nlmsg_align(NLMSG_HDRLEN + payload)).map_err(|_| EMSGSIZE)?;
    Ok((size, len))
}

pub(crate) use super::extack::ExtAck;

/// One request message, as the input function hands it to the protocol.
pub(crate) struct Request<'a> {
    skb: &'a bindings::sk_buff,
    nlh: &'a bindings::nlmsghdr,
}

impl<'a> Request<'a> {
    /// The message type.
    pub(crate) fn msg_type(&self) -> u16 {
        self.nlh.nlmsg_type
    }

    /// The header flags (`NLM_F_*`).
    pub(crate) fn flags(&self) -> u16 {
        self.nlh.nlmsg_flags
    }

    /// The sequence number.
    pub(crate) fn seq(&self) -> u32 {
        self.nlh.nlmsg_seq
    }

    /// The sender's port id, from the socket that sent it (`NETLINK_CB(skb).portid`).
    ///
    /// Never the header's `nlmsg_pid`, which the sender may set to anything.
    pub(crate) fn sender_port(&self) -> u32 {
        // SAFETY: For an skb received on a Netlink socket, `cb` holds `netlink_skb_parms`.
        unsafe { (*self.skb.cb.as_ptr().cast::<bindings::netlink_skb_parms>()).portid }
    }

    /// The payload after the header.
    pub(crate) fn payload(&self) -> &'a [u8] {
        let len = (self.nlh.nlmsg_len as usize).saturating_sub(NLMSG_HDRLEN);
        let data = core::ptr::from_ref(self.nlh).cast::<u8>();
        // SAFETY: The input function checked `NLMSG_HDRLEN <= nlmsg_len <= skb->len`, so
        // the payload lies inside the linear skb data, which outlives the request.
        unsafe { core::slice::from_raw_parts(data.add(NLMSG_HDRLEN), len) }
    }

    /// Answers the sender with a message of `msg_type` carrying `payload`, with the
    /// request's sequence number and the sender's port id in the header.
    pub(crate) fn reply(&self, msg_type: u16, payload: &[u8]) -> Result {
        let port = self.sender_port();
        let msg = NlMsg::new(port, self.seq(), msg_type, payload)?;
        // The kernel socket that received the request is `skb->sk`; the core holds a
        // reference to it while the input function runs.
        msg.unicast(self.skb.sk, port)
    }
}

/// A classic Netlink message ready to send; freed if never sent.
///
/// # Invariants
///
/// `skb` is an owned, valid `sk_buff` holding one complete message.
struct NlMsg {
    skb: NonNull<bindings::sk_buff>,
}

impl NlMsg {
    /// Allocates a message sized exactly for `payload`.
    fn new(port: u32, seq: u32, msg_type: u16, payload: &[u8]) -> Result<NlMsg> {
        let (size, len) = message_size(payload.len())?;
        // SAFETY: `__alloc_skb` takes plain values; it returns null on failure.
        let skb =
            unsafe { bindings::__alloc_skb(size, bindings::GFP_KERNEL, 0, bindings::NUMA_NO_NODE) };
        let skb = NonNull::new(skb).ok_or(ENOMEM)?;
        // INVARIANT: The skb is ours; it holds a message once the header is put below.
        let msg = NlMsg { skb };
        // SAFETY: `skb` is valid and has room for the aligned message.
        let nlh =
            unsafe { bindings::__nlmsg_put(skb.as_ptr(), port, seq, msg_type.into(), len, 0) };
        if nlh.is_null() {
            return Err(EMSGSIZE);
        }
        // SAFETY: `__nlmsg_put` reserved `len` payload bytes right after the header.
        unsafe {
            core::ptr::copy_nonoverlapping(
                payload.as_ptr(),
                nlh.cast::<u8>().add(NLMSG_HDRLEN),
                payload.len(),
            )
        };
        Ok(msg)
    }

    /// Hands the skb to the caller, who becomes responsible for it.
    fn into_raw(self) -> *mut bindings::sk_buff {
        let skb = self.skb.as_ptr();
        core::mem::forget(self);
        skb
    }

    /// Sends the message to port `port` through kernel socket `sk`.
    fn unicast(self, sk: *mut bindings::sock, port: u32) -> Result {
        // SAFETY: `sk` is a live kernel Netlink socket; `netlink_unicast` consumes the skb
        // whatever it returns.
        let ret = unsafe {
            bindings::netlink_unicast(sk, self.into_raw(), port, bindings::MSG_DONTWAIT as i32)
        };
        to_result(ret.min(0))
    }
}

impl Drop for NlMsg {
    fn drop(&mut self) {
        // SAFETY: We own the skb by the type invariant.
        unsafe { bindings::nlmsg_free(self.skb.as_ptr()) };
    }
}

/// A classic Netlink protocol: what the kernel socket of each namespace does with
/// requests. Its data is `self`, owned by the [`Registration`].
#[vtable]
pub(crate) trait Protocol: Send + Sync + 'static {
    /// The Netlink unit (`NETLINK_*`), below `MAX_LINKS` (32).
    const UNIT: u32;
    /// The number of multicast groups (`netlink_kernel_cfg.groups`).
    const GROUPS: u32;
    /// Whether listeners without `CAP_NET_ADMIN` may join the groups
    /// (`NL_CFG_F_NONROOT_RECV`).
    const NONROOT_RECV: bool = false;

    /// Handles one request whose type is at least `NLMSG_MIN_TYPE` and that has
    /// `NLM_F_REQUEST`. An error becomes an `NLMSG_ERROR` with the extack.
    fn receive(&self, req: &Request<'_>, extack: &mut ExtAck<'_>) -> Result;
}

/// The first field of every [`Registration`]: what a reader of [`UNITS`] checks before
/// it treats an entry as a `Registration<P>`.
struct Header {
    /// `TypeId::of::<P>()`.
    protocol: TypeId,
}

/// The registration of each unit.
///
/// # Invariants
///
/// Entry `u` is null or points to the [`Header`] (the first field) of a pinned
/// `Registration<P>` whose `P::UNIT` is `u`, from just before its pernet operations are
/// registered until just after they are unregistered; the registration's memory stays
/// valid for an RCU grace period after the entry is reset to null. At most one
/// registration holds an entry.
static UNITS: [Atomic<*const Header>; MAX_LINKS] =
    [const { Atomic::new(core::ptr::null()) }; MAX_LINKS];

/// The data of `P`'s registration, if `P` is registered; taken inside an RCU read-side
/// section, for an input function that may run after the registration went (see the
/// module documentation).
fn registered<P: Protocol>() -> Option<Arc<P>> {
    let _rcu = rcu::read_lock();
    let header = UNITS[P::UNIT as usize].load(Acquire);
    if header.is_null() {
        return None;
    }
    // SAFETY: By the invariant of `UNITS`, a non-null entry points to a live registration's
    // header, and stays valid while this RCU read-side section lasts.
    if unsafe { (*header).protocol } != TypeId::of::<P>() {
        return None;
    }
    let registration = header.cast::<Registration<P>>();
    // SAFETY: The header is the first field of a `#[repr(C)]` `Registration<P>` of this `P`
    // (checked above), valid for this section; cloning the `Arc` keeps the data alive
    // after it.
    Some(unsafe { (*registration).protocol.clone() })
}

/// Hands one request message to the protocol, or answers `ECONNREFUSED` for a protocol
/// that went before the datagram arrived (see the module documentation), as the core
/// answers for a kernel socket without input. Returns 0 or a negative errno.
fn receive<P: Protocol>(protocol: Option<&P>, req: &Request<'_>, extack: &mut ExtAck<'_>) -> c_int {
    let Some(protocol) = protocol else {
        return ECONNREFUSED.to_errno();
    };
    match protocol.receive(req, extack) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// How many bytes to pull after a message of `msg_len` bytes in a datagram with `len`
/// bytes left: the aligned message, or what is left if the last message is unpadded.
fn pull_len(msg_len: u32, len: u32) -> u32 {
    let aligned = (u64::from(msg_len) + 3) & !3;
    // Lossless: the minimum is at most `len`, a `u32`.
    aligned.min(u64::from(len)) as u32
}

/// The kernel socket's input function: walks every message of the datagram, hands each
/// request to the protocol, acks as asked and answers errors.
///
/// This is `netlink_rcv_skb` (`net/netlink/af_netlink.c`) written out, so that the
/// protocol's data is looked up once per datagram instead of once per message: the C
/// function's callback gets no data pointer. It must stay identical to it on the wire.
///
/// # Safety
///
/// Called by the Netlink core with a valid skb that the input function may modify.
unsafe extern "C" fn input<P: Protocol>(skb: *mut bindings::sk_buff) {
    let protocol = registered::<P>();
    let protocol = protocol.as_deref();
    loop {
        // SAFETY: `skb` is valid for this call.
        let len = unsafe { (*skb).len };
        // `nlmsg_total_size(0)`: room for a header.
        if (len as usize) < nlmsg_align(NLMSG_HDRLEN) {
            break;
        }
        // SAFETY: `skb` is valid for this call.
        let nlh = unsafe { (*skb).data }.cast::<bindings::nlmsghdr>();
        // SAFETY: A Netlink request skb is linear (`netlink_sendmsg` allocates it so), so
        // `data` holds `len` bytes, at least a header (checked above); `data` starts 4-byte
        // aligned and moves by multiples of 4 below (or to the end), so the header is
        // aligned. Only this function touches the skb while it runs.
        let hdr = unsafe { nlh.read() };
        if (hdr.nlmsg_len as usize) < NLMSG_HDRLEN || len < hdr.nlmsg_len {
            break;
        }
        let flags = u32::from(hdr.nlmsg_flags);
        let mut extack = bindings::netlink_ext_ack::default();
        // Only requests are handled by the kernel, and control messages are skipped: they
        // are acked when they ask for it.
        let err = if flags & bindings::NLM_F_REQUEST == 0
            || u32::from(hdr.nlmsg_type) < bindings::NLMSG_MIN_TYPE
        {
            0
        } else {
            // SAFETY: `skb` is valid and `nlh` is a whole message inside its data (checked
            // above); neither changes until the request is dropped, at the end of this block.
            let req = unsafe {
                Request {
                    skb: &*skb,
                    nlh: &*nlh,
                }
            };
            // SAFETY: `extack` is a local valid for writes until this iteration ends; the
            // attributes it may point at lie in the message, which stays in the skb until
            // `netlink_ack` below built the ACK.
            let mut extack = unsafe { ExtAck::from_raw(&raw mut extack) };
            receive(protocol, &req, &mut extack)
        };
        // `EINTR` means a handler started a dump, which answers for itself: no ACK.
        if err != EINTR.to_errno() && (flags & bindings::NLM_F_ACK != 0 || err != 0) {
            // SAFETY: `skb` and `nlh` (a whole message inside it) are valid; `extack` was
            // zeroed above and filled by the handler with static strings and pointers into
            // the message; `netlink_ack` only reads them.
            unsafe { bindings::netlink_ack(skb, nlh, err, &raw const extack) };
        }
        // SAFETY: `skb` is valid and holds at least the `pull_len(..)` bytes pulled (capped
        // at `len`); nothing refers to the pulled message any more.
        unsafe { bindings::skb_pull(skb, pull_len(hdr.nlmsg_len, len)) };
    }
}

/// What the pernet core keeps for a registered protocol in each namespace: the
/// `net_generic` storage of `.size` bytes it allocates zeroed before `init` and frees
/// after `exit`.
struct PerNet {
    /// The namespace's kernel socket: null before `init` created it and after `exit`
    /// released it.
    sk: *mut bindings::sock,
}

/// The address of `net->gen`, the namespace's array of pernet storage.
///
/// bindgen 0.72 and later name the field `gen_` (`gen` is a keyword of Rust 2024); 0.71.1,
/// the oldest the kernel accepts and Debian's, names it `gen`.
///
/// # Safety
///
/// `net` is a valid namespace.
unsafe fn net_gen(net: *const bindings::net) -> *const *mut bindings::net_generic {
    #[cfg(CONFIG_BINDGEN_VERSION_TEXT = "bindgen 0.71.1")]
    // SAFETY: `net` is valid; this only computes the address of a field.
    let field = unsafe { &raw const (*net).gen };
    #[cfg(not(CONFIG_BINDGEN_VERSION_TEXT = "bindgen 0.71.1"))]
    // SAFETY: `net` is valid; this only computes the address of a field.
    let field = unsafe { &raw const (*net).gen_ };
    field
}

/// `net_generic(net, id)`: the storage of the pernet operations with `id` in `net`.
///
/// # Safety
///
/// `net` is a valid namespace in which the pernet core assigned storage to `id` and has
/// not freed it yet: from just before `init` runs to just after `exit` ran.
unsafe fn net_generic(net: *const bindings::net, id: c_uint) -> *mut PerNet {
    let _rcu = rcu::read_lock();
    // SAFETY: `net` is valid.
    let field = unsafe { net_gen(net) };
    // SAFETY: `field` is the address of `net->gen`, which is RCU-protected: read the
    // pointer once (`rcu_dereference`) inside the read-side section.
    let generic = unsafe { core::ptr::read_volatile(field) };
    // SAFETY: `struct net_generic` is a union of its header and `void *ptr[]`, so the
    // array starts at its address, and the ids the core assigns skip the slots the
    // header overlaps (`MIN_PERNET_OPS_ID`); `id` was assigned and the array is at least
    // that long (the core grows it before storing an entry).
    unsafe { (*generic.cast::<*mut c_void>().add(id as usize)).cast::<PerNet>() }
}

/// `P`'s registration, for its pernet callbacks.
///
/// # Safety
///
/// `P`'s pernet operations are registered, being registered or being unregistered: then
/// its registration holds the entry of `P::UNIT` (invariant of [`UNITS`]), and it lives on
/// until they are unregistered.
unsafe fn registering<'a, P: Protocol>() -> &'a Registration<P> {
    let header = UNITS[P::UNIT as usize].load(Acquire);
    // SAFETY: By the function's contract, the entry points to the header of a live
    // `Registration<P>`, its first field; all its fields are initialised before it
    // registers its operations.
    unsafe { &*header.cast::<Registration<P>>() }
}

/// Creates the kernel socket of a namespace: for each namespace when `P` is registered,
/// and for each namespace created later.
///
/// # Safety
///
/// Called by the pernet core, with a valid, initializing `net`, for the pernet operations
/// of `P`'s registration.
unsafe extern "C" fn net_init<P: Protocol>(net: *mut bindings::net) -> c_int {
    // SAFETY: The pernet core calls `init` only while the operations are registered.
    let registration = unsafe { registering::<P>() };
    // SAFETY: The core assigned this namespace's storage before calling `init`.
    let per_net = unsafe { net_generic(net, registration.id()) };
    let mut cfg = bindings::netlink_kernel_cfg {
        groups: P::GROUPS,
        flags: if P::NONROOT_RECV {
            bindings::NL_CFG_F_NONROOT_RECV
        } else {
            0
        },
        input: Some(input::<P>),
        ..Default::default()
    };
    // SAFETY: `net` is valid; `cfg` is read during the call only; the module outlives the
    // socket (the registration, which the module owns, releases it).
    let sk = unsafe {
        bindings::__netlink_kernel_create(
            net,
            P::UNIT as c_int,
            registration.module.as_ptr(),
            &mut cfg,
        )
    };
    if sk.is_null() {
        return ENOMEM.to_errno();
    }
    // SAFETY: `per_net` is this namespace's storage, which only this namespace's `init`
    // and `exit` write.
    unsafe { (*per_net).sk = sk };
    0
}

/// Releases the kernel socket of a namespace that goes away, or of every namespace when
/// `P` is unregistered.
///
/// # Safety
///
/// Called by the pernet core, with a valid `net` whose `init` succeeded, for the pernet
/// operations of `P`'s registration.
unsafe extern "C" fn net_exit<P: Protocol>(net: *mut bindings::net) {
    // SAFETY: The pernet core calls `exit` only while the operations are registered (or
    // being unregistered).
    let registration = unsafe { registering::<P>() };
    // SAFETY: The core frees the storage only after `exit`.
    let per_net = unsafe { net_generic(net, registration.id()) };
    // SAFETY: `per_net` is valid and only this namespace's `init` and `exit` write it.
    let sk = unsafe { core::ptr::replace(&raw mut (*per_net).sk, core::ptr::null_mut()) };
    // SAFETY: `sk` was created by `net_init` and is released once, here; the function does
    // nothing for null.
    unsafe { bindings::netlink_kernel_release(sk) };
}

/// A registered classic protocol, owning its data: the unit's kernel socket in every
/// namespace. Dropping it releases every socket, then the data (once no input uses it).
///
/// # Invariants
///
/// `ops` is registered with the pernet core, `id` is the pernet id the core assigned to
/// it, and the entry `P::UNIT` of [`UNITS`] points to `header`, until `drop`.
#[repr(C)]
#[pin_data(PinnedDrop)]
pub(crate) struct Registration<P: Protocol> {
    /// First, for readers of [`UNITS`].
    header: Header,
    /// The protocol's data; inputs that may outlive the registration hold a reference.
    protocol: Arc<P>,
    /// The module the sockets belong to (`nl_table[unit].module`).
    module: &'static ThisModule,
    /// The pernet id, written by `register_pernet_subsys` (`*ops->id`).
    #[pin]
    id: Opaque<c_uint>,
    /// `init` and `exit` per namespace, with `id` and the size of [`PerNet`].
    #[pin]
    ops: Opaque<bindings::pernet_operations>,
    /// `ops` is linked into the pernet core's list, `id` is pointed to by `ops`.
    #[pin]
    _pin: PhantomPinned,
}

// SAFETY: The pernet core uses `ops` and `id` from any thread, serialised by its own lock,
// and they are otherwise touched only by `new` and `drop`; the data is `Send + Sync`.
unsafe impl<P: Protocol> Send for Registration<P> {}
// SAFETY: Shared references only read `id` (written once, before `new` returns) and the
// data, which is `Sync`.
unsafe impl<P: Protocol> Sync for Registration<P> {}

impl<P: Protocol> Registration<P> {
    /// Registers `P` with the data `protocol`: creates its kernel socket on `P::UNIT` in
    /// every namespace, now and as namespaces are created. Fails with `EBUSY` when a
    /// registration already holds the unit.
    pub(crate) fn new<E>(
        module: &'static ThisModule,
        protocol: impl PinInit<P, E>,
    ) -> impl PinInit<Self, Error>
    where
        Error: From<E>,
    {
        const { assert!((P::UNIT as usize) < MAX_LINKS, "Netlink units are below 32") };
        // What `registered` and `registering` rely on to read a `Registration<P>` from an
        // entry of `UNITS`.
        const { assert!(core::mem::offset_of!(Self, header) == 0) };
        try_pin_init!(&this in Self {
            header: Header {
                protocol: TypeId::of::<P>(),
            },
            protocol: Arc::pin_init(protocol, GFP_KERNEL)?,
            module,
            id: Opaque::new(0),
            ops <- Opaque::ffi_init(move |ops: *mut bindings::pernet_operations| {
                // SAFETY: `ops` is valid for writes; `this` is the registration being
                // initialised, whose `id` lives (pinned) as long as `ops`.
                unsafe {
                    ops.write(bindings::pernet_operations {
                        init: Some(net_init::<P>),
                        exit: Some(net_exit::<P>),
                        id: Opaque::cast_into(&raw const (*this.as_ptr()).id),
                        size: core::mem::size_of::<PerNet>(),
                        ..pin_init::zeroed()
                    })
                }
            }),
            _pin: PhantomPinned,
            _: {
                let entry = &UNITS[P::UNIT as usize];
                let header = this.as_ptr().cast_const().cast::<Header>();
                // INVARIANT: The entry points to this registration from here on.
                entry
                    .cmpxchg(core::ptr::null(), header, Release)
                    .map_err(|_| EBUSY)?;
                // SAFETY: `ops` is initialised and pinned; it stays registered until `drop`.
                let registered =
                    to_result(unsafe { bindings::register_pernet_subsys(Opaque::cast_into(
                        &raw const (*this.as_ptr()).ops,
                    )) });
                if let Err(e) = registered {
                    entry.store(core::ptr::null(), Release);
                    // A socket created before the failure may have called its input.
                    rcu::synchronize_rcu();
                    return Err(e);
                }
            },
        }? Error)
    }

    /// The pernet id.
    fn id(&self) -> c_uint {
        // SAFETY: Written by `register_pernet_subsys` before `new` returned, then only read.
        unsafe { *self.id.get() }
    }

    /// Sends `msg` to the listeners of `GROUP` (1 to `P::GROUPS`, checked at compile time)
    /// in the initial namespace. Fails with `ESRCH` when nobody listens and `ENOBUFS` when
    /// some listener could not take it.
    pub(crate) fn broadcast<const GROUP: u32>(&self, msg: Broadcast) -> Result {
        const { assert!(GROUP >= 1 && GROUP <= P::GROUPS, "no such multicast group") };
        let init_net = &raw mut bindings::init_net;
        // SAFETY: While registered (type invariant), `init` ran for every namespace, and
        // the initial one never exits.
        let sk = unsafe { (*net_generic(init_net, self.id())).sk };
        let skb = msg.0.into_raw();
        // SAFETY: `skb` is ours until it is sent, and its `cb` holds `netlink_skb_parms`.
        // Like `nlmsg_multicast`, it names its group: receivers see it as `nl_groups`.
        unsafe { (*(&raw mut (*skb).cb).cast::<bindings::netlink_skb_parms>()).dst_group = GROUP };
        // SAFETY: `sk` is the initial namespace's socket, alive while registered;
        // `netlink_broadcast` consumes the skb.
        let ret = unsafe { bindings::netlink_broadcast(sk, skb, 0, GROUP, bindings::GFP_KERNEL) };
        to_result(ret.min(0))
    }
}

#[pinned_drop]
impl<P: Protocol> PinnedDrop for Registration<P> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: Registered in `new` (type invariant). This runs `net_exit` for every
        // namespace; afterwards no `net_init` nor `net_exit` of `P` runs.
        unsafe { bindings::unregister_pernet_subsys(self.ops.get()) };
        UNITS[P::UNIT as usize].store(core::ptr::null(), Relaxed);
        // An input that found a socket before it was released may still look this
        // registration up: wait until none reads it. One that got the data holds its
        // own reference to it.
        rcu::synchronize_rcu();
    }
}

/// A message for the listeners of the initial namespace, allocated up front so that
/// a caller can prepare everything it will send before sending anything.
pub(crate) struct Broadcast(NlMsg);

impl Broadcast {
    /// Allocates a message of `msg_type` carrying `payload`.
    pub(crate) fn new(msg_type: u16, payload: &[u8]) -> Result<Broadcast> {
        Ok(Broadcast(NlMsg::new(0, 0, msg_type, payload)?))
    }
}

#[kunit_tests(genltest_kext_classic)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_its_header_and_payload_aligned_to_4() {
        assert_eq!(message_size(0), Ok((16, 0)));
        assert_eq!(message_size(1), Ok((20, 1)));
        assert_eq!(message_size(4), Ok((20, 4)));
        assert_eq!(message_size(5), Ok((24, 5)));
        assert_eq!(message_size(1024), Ok((1040, 1024)));
    }

    /// A protocol for unit 30, which no other code uses.
    struct Probe;

    #[vtable]
    impl Protocol for Probe {
        const UNIT: u32 = 30;
        const GROUPS: u32 = 1;

        fn receive(&self, _: &Request<'_>, _: &mut ExtAck<'_>) -> Result {
            Err(EOPNOTSUPP)
        }
    }

    /// Another protocol for the same unit.
    struct Rival;

    #[vtable]
    impl Protocol for Rival {
        const UNIT: u32 = 30;
        const GROUPS: u32 = 2;

        fn receive(&self, _: &Request<'_>, _: &mut ExtAck<'_>) -> Result {
            Err(EINVAL)
        }
    }

    #[test]
    fn a_unit_is_registered_once_until_its_registration_goes() {
        let module = kernel::module::this_module::<crate::LocalModule>();
        let first = KBox::pin_init(Registration::new(module, Probe), GFP_KERNEL);
        assert!(first.is_ok());
        let twice = KBox::pin_init(Registration::new(module, Probe), GFP_KERNEL);
        assert_eq!(twice.err(), Some(EBUSY));
        let rival = KBox::pin_init(Registration::new(module, Rival), GFP_KERNEL);
        assert_eq!(rival.err(), Some(EBUSY));
        drop(first);
        let after = KBox::pin_init(Registration::new(module, Rival), GFP_KERNEL);
        assert!(after.is_ok());
    }

    #[test]
    fn a_payload_beyond_an_int_is_too_big() {
        let max = i32::MAX as usize;
        assert_eq!(message_size(max).map(|(_, len)| len), Ok(i32::MAX));
        assert_eq!(message_size(max + 1), Err(EMSGSIZE));
        assert_eq!(message_size(usize::MAX), Err(EMSGSIZE));
    }
}
