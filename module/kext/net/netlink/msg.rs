// SPDX-License-Identifier: GPL-2.0

//! Generic Netlink messages the kernel builds: attribute writing, replies to a request and
//! multicast notifications.
//!
//! C header: [`include/net/genetlink.h`](srctree/include/net/genetlink.h)
//!
//! Linux 7.3's `kernel::net::netlink::{NetlinkSkBuff, GenlMsg}` own a message the same way
//! (cancel on drop, send consumes), but cannot be reused here: their `sk_buff` pointer is
//! private (a unicast reply needs it for `netlink_unicast`), `genlmsg_put` there takes a
//! `&'static Family` (a family owned by a registration is not `'static`) and has no flags
//! argument (dump parts need `NLM_F_MULTI`), and `put_string` takes a `&CStr` (an echoed
//! text is bytes).
//!
//! [`Reply`] and [`Notification`] are distinct types: a reply borrows its request (it is
//! sent to the sender's port, in the request's namespace, and cannot outlive the handler),
//! a notification borrows nothing and is multicast to one of its family's groups.

use core::{
    marker::PhantomData,
    ops::{
        Deref,
        DerefMut, //
    },
    ptr::NonNull,
};

use kernel::{
    alloc::Flags,
    bindings,
    error::to_result,
    prelude::*, //
};

use super::attr::{
    copy_nul_free,
    AttrType,
    NulString,
    Pad,
    MAX_ATTR_PAYLOAD,
    NLA_HDRLEN,
    U32,
    U64, //
};
use super::genl::{
    FamilyRef,
    Group,
    Operations, //
};

/// The C flags of `flags`.
///
/// `Flags::as_raw` is private to the `kernel` crate (an upstream version of this file
/// would call it): this rebuilds the value from the public named flags `flags` contains.
/// A value made with `!` may have bits no named flag covers; they are left out, so the
/// result never has more bits (never more freedom to sleep) than `flags`.
pub(crate) fn gfp(flags: Flags) -> bindings::gfp_t {
    use kernel::alloc::flags::*;
    let mut raw = 0;
    for (named, bits) in [
        (GFP_KERNEL, bindings::GFP_KERNEL),
        (GFP_KERNEL_ACCOUNT, bindings::GFP_KERNEL_ACCOUNT),
        (GFP_ATOMIC, bindings::GFP_ATOMIC),
        (GFP_NOWAIT, bindings::GFP_NOWAIT),
        (__GFP_ZERO, bindings::__GFP_ZERO),
        (__GFP_HIGHMEM, bindings::__GFP_HIGHMEM),
        (__GFP_NOWARN, bindings::__GFP_NOWARN),
    ] {
        if flags & named == named {
            raw |= bits;
        }
    }
    raw
}

/// Writes attributes at the end of a message.
///
/// # Invariants
///
/// `skb` is a valid `sk_buff` that the holder of `&mut Writer` may append to.
pub(crate) struct Writer {
    skb: NonNull<bindings::sk_buff>,
}

impl Writer {
    /// Wraps a message being built.
    ///
    /// # Safety
    ///
    /// `skb` is valid and may be appended to while the `Writer` is used.
    pub(super) unsafe fn from_raw(skb: NonNull<bindings::sk_buff>) -> Writer {
        // INVARIANT: The caller guarantees it.
        Writer { skb }
    }

    /// The skb.
    pub(super) fn as_ptr(&self) -> *mut bindings::sk_buff {
        self.skb.as_ptr()
    }

    /// Reserves an attribute of `len` bytes and returns where its value goes.
    fn reserve(&mut self, ty: u16, len: usize) -> Result<&mut [u8]> {
        if len > MAX_ATTR_PAYLOAD {
            return Err(EMSGSIZE);
        }
        // SAFETY: `skb` is valid by the type invariant; `nla_reserve` returns null when
        // the skb has no room. `len` fits a `c_int` (checked above).
        let nla = unsafe { bindings::nla_reserve(self.skb.as_ptr(), ty.into(), len as c_int) };
        if nla.is_null() {
            return Err(EMSGSIZE);
        }
        // SAFETY: `nla_reserve` reserved `len` bytes after the attribute's header, inside
        // the skb we may append to; nothing else refers to them.
        Ok(unsafe { core::slice::from_raw_parts_mut(nla.cast::<u8>().add(NLA_HDRLEN), len) })
    }

    /// The length of the message so far.
    fn len(&self) -> u32 {
        // SAFETY: `skb` is valid by the type invariant.
        unsafe { (*self.skb.as_ptr()).len }
    }

    /// Adds a string attribute: `text` and a NUL (`nla_put_string`).
    pub(crate) fn put_string(&mut self, attr: AttrType<NulString>, text: &[u8]) -> Result {
        let value = self.reserve(attr.get(), text.len() + 1)?;
        let (body, nul) = value.split_at_mut(text.len());
        body.copy_from_slice(text);
        nul[0] = 0;
        Ok(())
    }

    /// Adds a string attribute like [`Writer::put_string`], checking in the same pass that
    /// `text` has no NUL byte: `EINVAL` (and nothing added) if it has one, `EMSGSIZE` if it
    /// does not fit.
    pub(crate) fn put_nul_free_string(&mut self, attr: AttrType<NulString>, text: &[u8]) -> Result {
        let mark = self.len();
        let value = self.reserve(attr.get(), text.len() + 1)?;
        let clean = copy_nul_free(value, text);
        value[text.len()] = 0;
        if !clean {
            // SAFETY: `skb` is valid; `mark` is its length before the attribute was added,
            // so this removes exactly that attribute.
            unsafe { bindings::skb_trim(self.skb.as_ptr(), mark) };
            return Err(EINVAL);
        }
        Ok(())
    }

    /// Adds a `u32` attribute.
    pub(crate) fn put_u32(&mut self, attr: AttrType<U32>, value: u32) -> Result {
        self.reserve(attr.get(), 4)?
            .copy_from_slice(&value.to_ne_bytes());
        Ok(())
    }

    /// Adds a `u64` attribute, 64-bit aligned with a `pad` attribute where the architecture
    /// needs it (`nla_put_64bit`).
    pub(crate) fn put_u64(
        &mut self,
        attr: AttrType<U64>,
        value: u64,
        pad: AttrType<Pad>,
    ) -> Result {
        let bytes = value.to_ne_bytes();
        // SAFETY: `skb` is valid by the type invariant; `bytes` is 8 readable bytes.
        to_result(unsafe {
            bindings::nla_put_64bit(
                self.skb.as_ptr(),
                attr.get().into(),
                8,
                bytes.as_ptr().cast(),
                pad.get().into(),
            )
        })
    }
}

/// A Generic Netlink message being built in an skb of its own; cancelled and freed if
/// never sent.
///
/// # Invariants
///
/// `writer.skb` is owned by this value; `hdr` is its Generic Netlink header.
struct Message {
    writer: Writer,
    hdr: NonNull<c_void>,
}

impl Message {
    /// Allocates a message of `cmd` with room for `payload` bytes of attributes.
    ///
    /// # Safety
    ///
    /// `family` is a registered family.
    unsafe fn new(
        family: *const bindings::genl_family,
        port: u32,
        seq: u32,
        cmd: u8,
        payload: usize,
        flags: Flags,
    ) -> Result<Message> {
        // SAFETY: `genlmsg_new` takes plain values and returns null on failure.
        let skb = unsafe { bindings::genlmsg_new(payload, gfp(flags)) };
        let skb = NonNull::new(skb).ok_or(ENOMEM)?;
        // SAFETY: `skb` is valid and empty; the caller guarantees `family` is registered.
        let hdr = unsafe { bindings::genlmsg_put(skb.as_ptr(), port, seq, family, 0, cmd) };
        let Some(hdr) = NonNull::new(hdr) else {
            // SAFETY: We own `skb`, which nothing else refers to.
            unsafe { bindings::nlmsg_free(skb.as_ptr()) };
            return Err(EMSGSIZE);
        };
        // INVARIANT: We own `skb`; `hdr` was just put into it.
        Ok(Message {
            // SAFETY: We own `skb`; the `Writer` appends to it while we hold it.
            writer: unsafe { Writer::from_raw(skb) },
            hdr,
        })
    }

    /// Finishes the message (`genlmsg_end`) and hands its skb to the caller, who must pass
    /// it to a function that consumes it.
    fn finish(self) -> *mut bindings::sk_buff {
        let this = core::mem::ManuallyDrop::new(self);
        let skb = this.writer.skb.as_ptr();
        // SAFETY: `hdr` is this message's header in `skb`, by the type invariant.
        unsafe { bindings::genlmsg_end(skb, this.hdr.as_ptr()) };
        skb
    }
}

impl Drop for Message {
    fn drop(&mut self) {
        let skb = self.writer.skb.as_ptr();
        // SAFETY: We own the skb; `hdr` is its header (type invariant).
        unsafe { bindings::genlmsg_cancel(skb, self.hdr.as_ptr()) };
        // SAFETY: We own the skb and nothing refers to it any more.
        unsafe { bindings::nlmsg_free(skb) };
    }
}

/// The network namespace of a request (`genl_info_net`): `info->_net` with network
/// namespaces, the initial namespace without them.
pub(super) fn genl_info_net(info: &bindings::genl_info) -> *mut bindings::net {
    #[cfg(CONFIG_NET_NS)]
    {
        info._net.net
    }
    #[cfg(not(CONFIG_NET_NS))]
    {
        let _ = info;
        &raw mut bindings::init_net
    }
}

/// A unicast reply to the request being handled (what `genlmsg_reply` sends); cancelled if
/// dropped unsent.
pub(crate) struct Reply<'a> {
    msg: Message,
    info: &'a bindings::genl_info,
}

impl<'a> Reply<'a> {
    /// Allocates a reply of `cmd` to the sender of `info`.
    ///
    /// # Safety
    ///
    /// `info` is the request being handled, whose family is registered during `'a`.
    pub(super) unsafe fn new(
        info: &'a bindings::genl_info,
        cmd: u8,
        payload: usize,
        flags: Flags,
    ) -> Result<Reply<'a>> {
        // SAFETY: The caller guarantees that the request's family is registered.
        let msg = unsafe {
            Message::new(
                info.family,
                info.snd_portid,
                info.snd_seq,
                cmd,
                payload,
                flags,
            )?
        };
        Ok(Reply { msg, info })
    }

    /// Sends the reply to the sender's port with the Generic Netlink socket of the
    /// request's namespace (`genlmsg_reply`). `EAGAIN` or `ENOBUFS` when the receiver has
    /// no room.
    pub(crate) fn send(self) -> Result {
        let port = self.info.snd_portid;
        let net = genl_info_net(self.info);
        let skb = self.msg.finish();
        // SAFETY: The request's namespace is alive while its request is handled, and so is
        // its Generic Netlink socket.
        let sk = unsafe { (*net).genl_sock };
        // SAFETY: `sk` is a valid kernel socket; `netlink_unicast` consumes the skb.
        let ret =
            unsafe { bindings::netlink_unicast(sk, skb, port, bindings::MSG_DONTWAIT as c_int) };
        to_result(ret.min(0))
    }
}

impl Deref for Reply<'_> {
    type Target = Writer;

    fn deref(&self) -> &Writer {
        &self.msg.writer
    }
}

impl DerefMut for Reply<'_> {
    fn deref_mut(&mut self) -> &mut Writer {
        &mut self.msg.writer
    }
}

/// A notification for one of family `T`'s multicast groups; cancelled if dropped unsent.
pub(crate) struct Notification<T> {
    msg: Message,
    _family: PhantomData<fn() -> T>,
}

impl<T: Operations> Notification<T> {
    /// Allocates a notification of `cmd` with room for `payload` bytes of attributes.
    pub(crate) fn new(
        family: FamilyRef<'_, T>,
        cmd: u8,
        payload: usize,
        flags: Flags,
    ) -> Result<Notification<T>> {
        // SAFETY: A `FamilyRef` is a registered family.
        let msg = unsafe { Message::new(family.as_raw(), 0, 0, cmd, payload, flags)? };
        Ok(Notification {
            msg,
            _family: PhantomData,
        })
    }

    /// Sends the notification to `group` in the initial namespace (`genlmsg_multicast`).
    /// `ESRCH` means nobody listens; `ENOBUFS` that some listener had no room.
    pub(crate) fn multicast(
        self,
        family: FamilyRef<'_, T>,
        group: Group<T>,
        flags: Flags,
    ) -> Result {
        let skb = self.msg.finish();
        // SAFETY: The family is registered (a `FamilyRef`) and `group` is one of its
        // groups (a `Group<T>` is checked against `T::MCGRPS` at compile time);
        // `genlmsg_multicast` consumes the skb.
        to_result(unsafe {
            bindings::genlmsg_multicast(family.as_raw(), skb, 0, group.index(), gfp(flags))
        })
    }
}

impl<T> Deref for Notification<T> {
    type Target = Writer;

    fn deref(&self) -> &Writer {
        &self.msg.writer
    }
}

impl<T> DerefMut for Notification<T> {
    fn deref_mut(&mut self) -> &mut Writer {
        &mut self.msg.writer
    }
}

#[kunit_tests(genltest_kext_msg)]
mod tests {
    use super::*;

    #[test]
    fn gfp_rebuilds_the_c_flags() {
        assert_eq!(gfp(GFP_KERNEL), bindings::GFP_KERNEL);
        assert_eq!(gfp(GFP_ATOMIC), bindings::GFP_ATOMIC);
        assert_eq!(gfp(GFP_NOWAIT), bindings::GFP_NOWAIT);
        assert_eq!(
            gfp(GFP_KERNEL | __GFP_NOWARN | __GFP_ZERO),
            bindings::GFP_KERNEL | bindings::__GFP_NOWARN | bindings::__GFP_ZERO
        );
    }
}
