// SPDX-License-Identifier: GPL-2.0

//! Generic Netlink families with operations, attribute policies, replies and dumps.
//!
//! C header: [`include/net/genetlink.h`](srctree/include/net/genetlink.h)
//!
//! Linux 7.3's `kernel::net::netlink::Family` registers a family with multicast groups
//! only. This file adds what a full family needs, shaped like that abstraction:
//! `genl_ops` tables whose handlers are Rust traits, `nla_policy` arrays built at compile
//! time, the request's attributes and extended ACK, replies (`genlmsg_reply` is an inline
//! C function, rebuilt here from `netlink_unicast`), multicast and dumps.

use core::ptr::NonNull;

use kernel::{
    bindings,
    error::to_result,
    net::netlink::MulticastGroup,
    prelude::*,
    types::Opaque,
    ThisModule, //
};

pub(crate) use super::classic::ExtAck;

/// Size of `struct nlattr`.
const NLA_HDRLEN: usize = core::mem::size_of::<bindings::nlattr>();

/// `nla_len` is 16 bits and counts the header: the largest value an attribute can hold.
const MAX_ATTR_PAYLOAD: usize = u16::MAX as usize - NLA_HDRLEN;

/// The room an attribute with a `payload`-byte value takes, header and padding included
/// (`nla_total_size`): what a reply must allocate for it.
pub(crate) const fn nla_total_size(payload: usize) -> usize {
    (NLA_HDRLEN + payload + 3) & !3
}

/// One attribute policy entry (`struct nla_policy`).
#[repr(transparent)]
pub(crate) struct Policy(bindings::nla_policy);

impl Policy {
    /// No policy: the attribute type is not used.
    pub(crate) const fn unused() -> Policy {
        Policy(pin_init::zeroed())
    }

    /// A NUL-terminated string of at most `max_len` bytes before the NUL.
    pub(crate) const fn nul_string(max_len: u16) -> Policy {
        Policy(bindings::nla_policy {
            type_: bindings::NLA_NUL_STRING as u8,
            len: max_len,
            ..pin_init::zeroed()
        })
    }

    /// A `u32` between `min` and `max` inclusive (`NLA_POLICY_RANGE(NLA_U32, min, max)`):
    /// the core refuses other values with an extack message and the attribute's offset.
    ///
    /// # Panics
    ///
    /// At compile time, if `min > max` or `max` does not fit the policy's 16-bit signed
    /// bounds.
    pub(crate) const fn u32_range(min: u16, max: u16) -> Policy {
        if min > max || max > i16::MAX as u16 {
            panic!("u32_range: need min <= max <= i16::MAX");
        }
        Policy(bindings::nla_policy {
            type_: bindings::NLA_U32 as u8,
            validation_type: bindings::nla_policy_validation_NLA_VALIDATE_RANGE as u8,
            __bindgen_anon_1: bindings::nla_policy__bindgen_ty_1 {
                __bindgen_anon_1: bindings::nla_policy__bindgen_ty_1__bindgen_ty_1 {
                    min: min as i16,
                    max: max as i16,
                },
            },
            ..pin_init::zeroed()
        })
    }

    /// An attribute that must never be sent (`NLA_REJECT`).
    pub(crate) const fn reject() -> Policy {
        Policy(bindings::nla_policy {
            type_: bindings::NLA_REJECT as u8,
            ..pin_init::zeroed()
        })
    }
}

// SAFETY: Plain data read by the Netlink core; never written after construction.
unsafe impl Sync for Policy {}

/// An attribute of a request, valid while the request is handled.
pub(crate) struct Attribute<'a> {
    ptr: &'a bindings::nlattr,
}

impl<'a> Attribute<'a> {
    /// The value, without header and padding.
    pub(crate) fn value(&self) -> &'a [u8] {
        let len = usize::from(self.ptr.nla_len).saturating_sub(NLA_HDRLEN);
        let data = core::ptr::from_ref(self.ptr).cast::<u8>();
        // SAFETY: The core validated `nla_len` against the message before calling the
        // handler; the value follows the header inside the request.
        unsafe { core::slice::from_raw_parts(data.add(NLA_HDRLEN), len) }
    }

    /// The value as a host-order `u32`, if it is 4 bytes long.
    pub(crate) fn u32(&self) -> Option<u32> {
        let bytes: [u8; 4] = self.value().try_into().ok()?;
        Some(u32::from_ne_bytes(bytes))
    }

    /// The raw pointer, for [`ExtAck::set_bad_attr`].
    pub(crate) fn as_raw(&self) -> *const bindings::nlattr {
        self.ptr
    }
}

/// A `doit` request: its sender, sequence number, parsed attributes and extended ACK.
pub(crate) struct Info<'a> {
    info: &'a bindings::genl_info,
    maxattr: u32,
}

impl<'a> Info<'a> {
    /// The sender's port id (from the socket, never from the header).
    pub(crate) fn sender_port(&self) -> u32 {
        self.info.snd_portid
    }

    /// The request's sequence number.
    pub(crate) fn seq(&self) -> u32 {
        self.info.snd_seq
    }

    /// The attribute of type `ty`, if the request had one.
    pub(crate) fn attr(&self, ty: u32) -> Option<Attribute<'a>> {
        if ty > self.maxattr || self.info.attrs.is_null() {
            return None;
        }
        // SAFETY: The core parsed the attributes into an array of `maxattr + 1` entries
        // (the operation's `maxattr`, checked above), alive during the handler.
        let ptr = unsafe { *self.info.attrs.add(ty as usize) };
        NonNull::new(ptr).map(|p| Attribute {
            // SAFETY: A non-null entry points to a validated attribute inside the request.
            ptr: unsafe { p.as_ref() },
        })
    }

    /// The request's extended ACK.
    pub(crate) fn extack(&self) -> ExtAck<'a> {
        // SAFETY: The core's extack is valid for the handler's duration.
        unsafe { ExtAck::from_raw(self.info.extack) }
    }

    /// Starts a reply of `cmd` to the sender, with room for `payload` bytes of attributes.
    pub(crate) fn reply(
        &self,
        family: &'static Family,
        cmd: u8,
        payload: usize,
    ) -> Result<GenlMsg> {
        let mut msg = GenlMsg::new(family, self.sender_port(), self.seq(), 0, cmd, payload)?;
        // `genl_info_net(info)->genl_sock`: the Generic Netlink socket of the request's
        // namespace.
        let net = self.info._net.net;
        // SAFETY: The request's namespace is alive while it is handled.
        msg.dest = Some((unsafe { (*net).genl_sock }, self.sender_port()));
        Ok(msg)
    }
}

/// A Generic Netlink message being built; cancelled and freed if never sent.
///
/// # Invariants
///
/// `skb` is owned and valid; `hdr` is the message's header inside it.
pub(crate) struct GenlMsg {
    skb: NonNull<bindings::sk_buff>,
    hdr: NonNull<c_void>,
    dest: Option<(*mut bindings::sock, u32)>,
}

impl GenlMsg {
    fn new(
        family: &'static Family,
        port: u32,
        seq: u32,
        flags: c_int,
        cmd: u8,
        payload: usize,
    ) -> Result<GenlMsg> {
        // SAFETY: `genlmsg_new` takes plain values and returns null on failure.
        let skb = NonNull::new(unsafe { bindings::genlmsg_new(payload, bindings::GFP_KERNEL) })
            .ok_or(ENOMEM)?;
        // SAFETY: `skb` is valid and empty; the family is registered.
        let hdr =
            unsafe { bindings::genlmsg_put(skb.as_ptr(), port, seq, family.as_raw(), flags, cmd) };
        let Some(hdr) = NonNull::new(hdr) else {
            // SAFETY: We own `skb`.
            unsafe { bindings::nlmsg_free(skb.as_ptr()) };
            return Err(EMSGSIZE);
        };
        Ok(GenlMsg {
            skb,
            hdr,
            dest: None,
        })
    }

    /// Starts a multicast message of `cmd` with room for `payload` bytes of attributes.
    pub(crate) fn multicast_msg(
        family: &'static Family,
        cmd: u8,
        payload: usize,
    ) -> Result<GenlMsg> {
        GenlMsg::new(family, 0, 0, 0, cmd, payload)
    }

    /// Adds a string attribute: `text` and a NUL (`nla_put_string`).
    pub(crate) fn put_string(&mut self, ty: u16, text: &[u8]) -> Result {
        put_string(self.skb.as_ptr(), ty, text)
    }

    /// Adds a `u64` attribute, aligned with pad attribute `pad` where needed.
    pub(crate) fn put_u64(&mut self, ty: u16, value: u64, pad: u16) -> Result {
        put_u64(self.skb.as_ptr(), ty, value, pad)
    }

    /// Finishes the message and hands the skb to the caller.
    fn finish(self) -> *mut bindings::sk_buff {
        let this = core::mem::ManuallyDrop::new(self);
        // SAFETY: `hdr` is this message's header in `skb`.
        unsafe { bindings::genlmsg_end(this.skb.as_ptr(), this.hdr.as_ptr()) };
        this.skb.as_ptr()
    }

    /// Sends a reply made by [`Info::reply`] (`genlmsg_reply`).
    pub(crate) fn send_reply(self) -> Result {
        let (sk, port) = self.dest.ok_or(EINVAL)?;
        let skb = self.finish();
        // SAFETY: `sk` is the namespace's Generic Netlink socket; the skb is consumed.
        let ret =
            unsafe { bindings::netlink_unicast(sk, skb, port, bindings::MSG_DONTWAIT as i32) };
        to_result(ret.min(0))
    }

    /// Sends the message to the family's multicast group `group` in the initial namespace.
    /// `ESRCH` means nobody listens.
    pub(crate) fn multicast(self, family: &'static Family, group: u32) -> Result {
        let skb = self.finish();
        // SAFETY: The family is registered; `genlmsg_multicast` consumes the skb.
        to_result(unsafe {
            bindings::genlmsg_multicast(family.as_raw(), skb, 0, group, bindings::GFP_KERNEL)
        })
    }
}

impl Drop for GenlMsg {
    fn drop(&mut self) {
        // SAFETY: We own the skb; `hdr` is its message.
        unsafe {
            bindings::genlmsg_cancel(self.skb.as_ptr(), self.hdr.as_ptr());
            bindings::nlmsg_free(self.skb.as_ptr());
        }
    }
}

fn put_bytes(skb: *mut bindings::sk_buff, ty: u16, parts: &[&[u8]]) -> Result {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    if len > MAX_ATTR_PAYLOAD {
        return Err(EMSGSIZE);
    }
    // SAFETY: `skb` is valid; `nla_reserve` returns null when the skb has no room.
    let attr = unsafe { bindings::nla_reserve(skb, ty.into(), len as c_int) };
    if attr.is_null() {
        return Err(EMSGSIZE);
    }
    // SAFETY: `nla_reserve` reserved `len` bytes after the attribute header.
    let mut dst = unsafe { attr.cast::<u8>().add(NLA_HDRLEN) };
    for part in parts {
        // SAFETY: The parts add up to `len`, the reserved size.
        unsafe {
            core::ptr::copy_nonoverlapping(part.as_ptr(), dst, part.len());
            dst = dst.add(part.len());
        }
    }
    Ok(())
}

fn put_string(skb: *mut bindings::sk_buff, ty: u16, text: &[u8]) -> Result {
    put_bytes(skb, ty, &[text, b"\0"])
}

fn put_u32(skb: *mut bindings::sk_buff, ty: u16, value: u32) -> Result {
    put_bytes(skb, ty, &[&value.to_ne_bytes()])
}

fn put_u64(skb: *mut bindings::sk_buff, ty: u16, value: u64, pad: u16) -> Result {
    let bytes = value.to_ne_bytes();
    // SAFETY: `skb` is valid; the value is 8 readable bytes.
    to_result(unsafe {
        bindings::nla_put_64bit(skb, ty.into(), 8, bytes.as_ptr().cast(), pad.into())
    })
}

/// A dump in progress: the reply buffer being filled and the dump's saved position.
pub(crate) struct Dump<'a> {
    skb: *mut bindings::sk_buff,
    cb: &'a mut bindings::netlink_callback,
    family: &'static Family,
}

impl Dump<'_> {
    /// Where the previous call stopped (0 on the first call).
    pub(crate) fn cursor(&self) -> u64 {
        // SAFETY: `args` is the view of the callback's context this file uses.
        unsafe { self.cb.__bindgen_anon_1.args[0] as u64 }
    }

    /// Remembers where to go on next time.
    pub(crate) fn set_cursor(&mut self, value: u64) {
        // SAFETY: As in `cursor`.
        unsafe { self.cb.__bindgen_anon_1.args[0] = value as c_long };
    }

    /// The port id of the socket that asked for the dump (`NETLINK_CB(cb->skb).portid`).
    pub(crate) fn sender_port(&self) -> u32 {
        // SAFETY: `cb->skb` is the request; its `cb` holds `netlink_skb_parms`.
        unsafe {
            (*(*self.cb.skb)
                .cb
                .as_ptr()
                .cast::<bindings::netlink_skb_parms>())
            .portid
        }
    }

    /// The sequence number of the dump request, which every message of the dump carries.
    pub(crate) fn seq(&self) -> u32 {
        // SAFETY: `cb->nlh` is the request's header, alive for the whole dump.
        unsafe { (*self.cb.nlh).nlmsg_seq }
    }

    /// Adds one multipart message of `cmd` built by `fill`. Returns `EMSGSIZE`, leaving the
    /// buffer as it was, when it does not fit: the core then sends the buffer and calls
    /// the dump again.
    pub(crate) fn entry(&mut self, cmd: u8, fill: impl FnOnce(&mut DumpEntry) -> Result) -> Result {
        let port = self.sender_port();
        let seq = self.seq();
        // SAFETY: `skb` is the dump's buffer; the family is registered.
        let hdr = unsafe {
            bindings::genlmsg_put(
                self.skb,
                port,
                seq,
                self.family.as_raw(),
                bindings::NLM_F_MULTI as c_int,
                cmd,
            )
        };
        if hdr.is_null() {
            return Err(EMSGSIZE);
        }
        let mut entry = DumpEntry { skb: self.skb };
        match fill(&mut entry) {
            // SAFETY: `hdr` is the message just started in `skb`.
            Ok(()) => unsafe { bindings::genlmsg_end(self.skb, hdr) },
            Err(e) => {
                // SAFETY: As above; this trims the partial message away.
                unsafe { bindings::genlmsg_cancel(self.skb, hdr) };
                return Err(e);
            }
        }
        Ok(())
    }
}

/// One message of a dump being filled.
pub(crate) struct DumpEntry {
    skb: *mut bindings::sk_buff,
}

impl DumpEntry {
    /// Adds a string attribute.
    pub(crate) fn put_string(&mut self, ty: u16, text: &[u8]) -> Result {
        put_string(self.skb, ty, text)
    }

    /// Adds a `u32` attribute.
    pub(crate) fn put_u32(&mut self, ty: u16, value: u32) -> Result {
        put_u32(self.skb, ty, value)
    }

    /// Adds a `u64` attribute.
    pub(crate) fn put_u64(&mut self, ty: u16, value: u64, pad: u16) -> Result {
        put_u64(self.skb, ty, value, pad)
    }
}

/// A `doit` handler.
pub(crate) trait DoIt {
    /// Handles a request. An error becomes the `NLMSG_ERROR` the sender receives.
    fn doit(info: &Info<'_>) -> Result;
}

/// A `dumpit` handler.
pub(crate) trait DumpIt {
    /// The family this dump belongs to.
    ///
    /// A function, not an associated `const`: rustc 1.85 (Debian's kernel) refuses a
    /// `const` that refers to a `static` with interior mutability.
    fn family() -> &'static Family;

    /// Adds entries to the dump until it is full (`EMSGSIZE` from [`Dump::entry`]) or
    /// everything was sent.
    fn dumpit(dump: &mut Dump<'_>) -> Result;
}

/// # Safety
///
/// Called by the Generic Netlink core with a valid skb and info.
unsafe extern "C" fn doit_trampoline<H: DoIt, const MAXATTR: u32>(
    _skb: *mut bindings::sk_buff,
    info: *mut bindings::genl_info,
) -> c_int {
    let info = Info {
        // SAFETY: `info` is valid for the call.
        info: unsafe { &*info },
        maxattr: MAXATTR,
    };
    match H::doit(&info) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// # Safety
///
/// Called by the Netlink core with the dump's buffer and callback state.
unsafe extern "C" fn dumpit_trampoline<H: DumpIt>(
    skb: *mut bindings::sk_buff,
    cb: *mut bindings::netlink_callback,
) -> c_int {
    let mut dump = Dump {
        skb,
        // SAFETY: `cb` is valid and ours for the call.
        cb: unsafe { &mut *cb },
        family: H::family(),
    };
    match H::dumpit(&mut dump) {
        // SAFETY: `skb` is valid. A non-empty buffer asks for another call; an empty one
        // ends the dump.
        Ok(()) | Err(EMSGSIZE) => unsafe { (*skb).len as c_int },
        Err(e) => e.to_errno(),
    }
}

/// One operation of a family (`struct genl_ops`).
#[repr(transparent)]
pub(crate) struct Op(bindings::genl_ops);

// SAFETY: Plain data and function pointers, read-only after construction.
unsafe impl Sync for Op {}

impl Op {
    /// A do operation for `cmd` validated by `policy` (types `0..=MAXATTR`).
    pub(crate) const fn doit<H: DoIt, const MAXATTR: u32>(
        cmd: u8,
        policy: &'static [Policy],
        admin: bool,
    ) -> Op {
        if policy.len() != MAXATTR as usize + 1 {
            panic!("policy length must be MAXATTR + 1");
        }
        Op(bindings::genl_ops {
            doit: Some(doit_trampoline::<H, MAXATTR>),
            policy: policy.as_ptr().cast(),
            maxattr: MAXATTR,
            cmd,
            flags: if admin {
                bindings::GENL_ADMIN_PERM as u8
            } else {
                0
            },
            ..pin_init::zeroed()
        })
    }

    /// A dump operation for `cmd` that takes no attributes: any attribute is rejected.
    pub(crate) const fn dumpit<H: DumpIt>(cmd: u8) -> Op {
        Op(bindings::genl_ops {
            dumpit: Some(dumpit_trampoline::<H>),
            cmd,
            ..pin_init::zeroed()
        })
    }
}

/// A Generic Netlink family with operations.
#[repr(transparent)]
pub(crate) struct Family {
    inner: Opaque<bindings::genl_family>,
}

// SAFETY: The core serializes registration; afterwards the family is read-only to us.
unsafe impl Sync for Family {}

impl Family {
    /// Builds a family at compile time. Handlers run concurrently (`parallel_ops`), in any
    /// network namespace (`netnsok`); header flags and `genlmsghdr.reserved` are checked and
    /// every command is strictly validated (`resv_start_op` 0).
    pub(crate) const fn const_new(
        module: &ThisModule,
        name: &[u8],
        version: u32,
        ops: &'static [Op],
        mcgrps: &'static [MulticastGroup],
    ) -> Family {
        let mut f = bindings::genl_family {
            version,
            module: module.as_ptr(),
            ops: ops.as_ptr().cast(),
            n_ops: ops.len() as u8,
            mcgrps: mcgrps.as_ptr().cast(),
            n_mcgrps: mcgrps.len() as u8,
            resv_start_op: 0,
            ..pin_init::zeroed()
        };
        if ops.len() > u8::MAX as usize || mcgrps.len() > u8::MAX as usize {
            panic!("too many operations or groups");
        }
        // netnsok = bit 0, parallel_ops = bit 1 of the bitfield byte.
        // SAFETY: The bitfield unit is one byte.
        f._bitfield_1 =
            unsafe { core::mem::transmute::<u8, bindings::__BindgenBitfieldUnit<[u8; 1]>>(0b11) };
        if f.name.len() < name.len() || CStr::from_bytes_with_nul(name).is_err() {
            panic!("family name must be NUL-terminated and fit GENL_NAMSIZ");
        }
        let mut i = 0;
        while i < name.len() {
            f.name[i] = name[i];
            i += 1;
        }
        Family {
            inner: Opaque::new(f),
        }
    }

    /// The C structure.
    pub(crate) fn as_raw(&self) -> *mut bindings::genl_family {
        self.inner.get()
    }

    /// Registers the family; dropping the registration unregisters it.
    pub(crate) fn register(&'static self) -> Result<Registration> {
        // SAFETY: The family is static and outlives its registration.
        to_result(unsafe { bindings::genl_register_family(self.as_raw()) })?;
        Ok(Registration { family: self })
    }
}

/// A registered family.
pub(crate) struct Registration {
    family: &'static Family,
}

impl Drop for Registration {
    fn drop(&mut self) {
        // SAFETY: Registered in `Family::register`; unregistering waits for running handlers
        // and dumps.
        unsafe { bindings::genl_unregister_family(self.family.as_raw()) };
    }
}
