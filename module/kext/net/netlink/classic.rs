// SPDX-License-Identifier: GPL-2.0

//! Classic Netlink kernel sockets: one per network namespace, requests, replies and
//! multicast notifications.
//!
//! C header: [`include/linux/netlink.h`](srctree/include/linux/netlink.h)
//!
//! Linux 7.3 has no Rust abstraction for `netlink_kernel_create`; this file is shaped like
//! one so the protocol's logic (`classic.rs`) needs no `unsafe`.
//!
//! Unload safety: every user socket on the unit takes a reference on the module that
//! created the kernel socket (`netlink_create` does `try_module_get`), so the module cannot
//! be unloaded while any process holds a socket of the unit that could still call into
//! its input function. That is the kernel's own rule for every `netlink_kernel_create`
//! user, and the reason `rmmod` reports "in use" while such a socket is open.

use core::ptr::NonNull;

use kernel::{
    bindings,
    error::to_result,
    prelude::*,
    types::Opaque,
    ThisModule, //
};

/// Size of `struct nlmsghdr`.
const NLMSG_HDRLEN: usize = core::mem::size_of::<bindings::nlmsghdr>();

/// Rounds up to the Netlink alignment of 4 bytes.
const fn nlmsg_align(len: usize) -> usize {
    (len + 3) & !3
}

pub(crate) use super::extack::ExtAck;

/// One request message, as `netlink_rcv_skb` hands it to the protocol.
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
        // SAFETY: `netlink_rcv_skb` checked `NLMSG_HDRLEN <= nlmsg_len <= skb->len`, so
        // the payload lies inside the linear skb data, which outlives the request.
        unsafe { core::slice::from_raw_parts(data.add(NLMSG_HDRLEN), len) }
    }

    /// Answers the sender with a message of `msg_type` carrying `payload`, with the
    /// request's sequence number and the sender's port id in the header.
    pub(crate) fn reply(&self, msg_type: u16, payload: &[u8]) -> Result {
        let port = self.sender_port();
        let msg = NlMsg::new(port, self.seq(), msg_type, payload)?;
        // The kernel socket that received the request is `skb->sk`.
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
        let size = nlmsg_align(NLMSG_HDRLEN + payload.len());
        let size = u32::try_from(size).map_err(|_| EMSGSIZE)?;
        let len = i32::try_from(payload.len()).map_err(|_| EMSGSIZE)?;
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

/// A classic Netlink protocol: what the kernel socket of each namespace does with requests.
pub(crate) trait Protocol {
    /// Handles one request whose type is at least `NLMSG_MIN_TYPE` and that has
    /// `NLM_F_REQUEST`. An error becomes an `NLMSG_ERROR` with the extack.
    fn receive(req: &Request<'_>, extack: &mut ExtAck<'_>) -> Result;
}

/// Called by `netlink_rcv_skb` for each request message.
///
/// # Safety
///
/// Called by the Netlink core with a valid skb, message and extack.
unsafe extern "C" fn rcv_msg<P: Protocol>(
    skb: *mut bindings::sk_buff,
    nlh: *mut bindings::nlmsghdr,
    extack: *mut bindings::netlink_ext_ack,
) -> c_int {
    // SAFETY: The core passes a valid skb and a message inside it, alive for this call.
    let req = unsafe {
        Request {
            skb: &*skb,
            nlh: &*nlh,
        }
    };
    // SAFETY: `extack` is valid for this call.
    let mut extack = unsafe { ExtAck::from_raw(extack) };
    match P::receive(&req, &mut extack) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// The kernel socket's input function: walks every message of the datagram, acking as
/// asked and answering errors (`netlink_rcv_skb`).
///
/// # Safety
///
/// Called by the Netlink core with a valid skb.
unsafe extern "C" fn input<P: Protocol>(skb: *mut bindings::sk_buff) {
    // SAFETY: `skb` is valid; `rcv_msg` follows the callback's contract.
    unsafe { bindings::netlink_rcv_skb(skb, Some(rcv_msg::<P>)) };
}

/// One namespace's kernel socket.
struct NetSocket {
    net: *mut bindings::net,
    sk: *mut bindings::sock,
}

// SAFETY: The pointers are only used under `SOCKETS`' lock, from any thread; the
// socket stays alive until it is removed from the list and released.
unsafe impl Send for NetSocket {}

kernel::sync::global_lock! {
    // SAFETY: Initialized by `Registration::register` before the pernet operations that
    // use it are registered.
    unsafe(uninit) static SOCKETS: Mutex<KVec<NetSocket>> = KVec::new();
}

/// The unit and the callbacks of the registered protocol, set once at registration.
struct Config {
    unit: c_int,
    groups: u32,
    input: unsafe extern "C" fn(*mut bindings::sk_buff),
    module: *mut bindings::module,
}

// SAFETY: Plain values, written once before the pernet operations are registered and
// read-only afterwards.
unsafe impl Sync for Config {}

/// The pernet operations with the protocol's configuration.
struct PerNet {
    ops: Opaque<bindings::pernet_operations>,
    config: Opaque<Option<Config>>,
}

// SAFETY: `ops` is handed to the pernet core, which serializes its use; `config` is
// written before registration and only read after it.
unsafe impl Sync for PerNet {}

static PERNET: PerNet = PerNet {
    ops: Opaque::new(bindings::pernet_operations {
        init: Some(net_init),
        exit: Some(net_exit),
        ..pin_init::zeroed()
    }),
    config: Opaque::new(None),
};

/// Creates the kernel socket of a new namespace.
///
/// # Safety
///
/// Called by the pernet core with a valid, initializing `net`.
unsafe extern "C" fn net_init(net: *mut bindings::net) -> c_int {
    // SAFETY: `config` was set before registration and is not written again.
    let Some(config) = (unsafe { &*PERNET.config.get() }) else {
        return EINVAL.to_errno();
    };
    let mut cfg = bindings::netlink_kernel_cfg {
        groups: config.groups,
        flags: bindings::NL_CFG_F_NONROOT_RECV,
        input: Some(config.input),
        ..Default::default()
    };
    // SAFETY: `net` is valid; `cfg` is read during the call only.
    let sk =
        unsafe { bindings::__netlink_kernel_create(net, config.unit, config.module, &mut cfg) };
    if sk.is_null() {
        return ENOMEM.to_errno();
    }
    let mut sockets = SOCKETS.lock();
    if sockets.push(NetSocket { net, sk }, GFP_KERNEL).is_err() {
        // SAFETY: `sk` was created above and is not shared.
        unsafe { bindings::netlink_kernel_release(sk) };
        return ENOMEM.to_errno();
    }
    0
}

/// Releases the kernel socket of a namespace that goes away (or of every namespace when
/// the protocol is unregistered).
///
/// # Safety
///
/// Called by the pernet core with a valid `net`.
unsafe extern "C" fn net_exit(net: *mut bindings::net) {
    let mut sockets = SOCKETS.lock();
    if let Some(i) = sockets.iter().position(|s| s.net == net) {
        if let Ok(entry) = sockets.remove(i) {
            // SAFETY: `entry.sk` was created by `net_init` and is released once, here.
            unsafe { bindings::netlink_kernel_release(entry.sk) };
        }
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

    /// Sends the message to `group` of the initial namespace's socket. Fails with `ESRCH`
    /// when nobody listens and `ENOBUFS` when some listener could not take it.
    pub(crate) fn send_init_net(self, group: u32) -> Result {
        let sockets = SOCKETS.lock();
        let init = &raw mut bindings::init_net;
        let sk = sockets.iter().find(|s| s.net == init).ok_or(ENODEV)?.sk;
        let skb = self.0.into_raw();
        // SAFETY: `skb` is ours until it is sent, and its `cb` holds `netlink_skb_parms`.
        // Like `nlmsg_multicast`, it names its group: receivers see it as `nl_groups`.
        unsafe { (*(&raw mut (*skb).cb).cast::<bindings::netlink_skb_parms>()).dst_group = group };
        // SAFETY: `sk` stays alive while `SOCKETS` is locked; `netlink_broadcast` consumes
        // the skb.
        let ret = unsafe { bindings::netlink_broadcast(sk, skb, 0, group, bindings::GFP_KERNEL) };
        to_result(ret.min(0))
    }
}

/// A registered classic protocol; unregistering it releases every namespace's socket.
pub(crate) struct Registration {
    _private: (),
}

impl Registration {
    /// Creates protocol `P`'s kernel socket on `unit` with `groups` multicast groups in every
    /// namespace, now and as namespaces are created.
    pub(crate) fn register<P: Protocol>(
        module: &'static ThisModule,
        unit: u32,
        groups: u32,
    ) -> Result<Registration> {
        // SAFETY: Called once, from module init, before anything uses `SOCKETS`.
        unsafe { SOCKETS.init() };
        // SAFETY: Nothing reads `config` before the pernet operations are registered below.
        unsafe {
            *PERNET.config.get() = Some(Config {
                unit: unit as c_int,
                groups,
                input: input::<P>,
                module: module.as_ptr(),
            })
        };
        // SAFETY: `ops` is static and stays registered until `drop`.
        to_result(unsafe { bindings::register_pernet_subsys(PERNET.ops.get()) })?;
        Ok(Registration { _private: () })
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        // SAFETY: Registered in `register`; this calls `net_exit` for every namespace.
        unsafe { bindings::unregister_pernet_subsys(PERNET.ops.get()) };
        // A static is never dropped: free the registry's buffer, or every unload leaks it.
        *SOCKETS.lock() = KVec::new();
    }
}
