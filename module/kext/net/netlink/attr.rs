// SPDX-License-Identifier: GPL-2.0

//! Netlink attributes: typed attribute numbers, the attributes of a request and the
//! sizes a message must allocate for them.
//!
//! C header: [`include/net/netlink.h`](srctree/include/net/netlink.h)
//!
//! Linux 7.3's `kernel::net::netlink::GenlMsg` writes attributes by a bare `c_int` type;
//! here an attribute number carries the kind of its value ([`AttrType<K>`]), so that a
//! policy entry, a reader and a writer of one attribute agree on its type.

use core::marker::PhantomData;

use kernel::{
    bindings,
    prelude::*, //
};

/// Size of `struct nlattr` (`NLA_HDRLEN`).
pub(crate) const NLA_HDRLEN: usize = core::mem::size_of::<bindings::nlattr>();

/// `nla_len` is 16 bits and counts the header: the largest value an attribute can hold.
pub(crate) const MAX_ATTR_PAYLOAD: usize = u16::MAX as usize - NLA_HDRLEN;

/// The room an attribute with a `payload`-byte value takes, header and padding included
/// (`nla_total_size`).
pub(crate) const fn nla_total_size(payload: usize) -> usize {
    (NLA_HDRLEN + payload + 3) & !3
}

/// The room a 64-bit attribute with a `payload`-byte value takes (`nla_total_size_64bit`):
/// on architectures without efficient unaligned access `nla_put_64bit` may add a pad
/// attribute in front of it.
pub(crate) const fn nla_total_size_64bit(payload: usize) -> usize {
    let size = nla_total_size(payload);
    if cfg!(CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS) {
        size
    } else {
        size + nla_total_size(0)
    }
}

/// The kind of value an attribute holds: the policy types it may have, how it is read.
pub(crate) trait Kind {
    /// The value, borrowed from the request.
    type Value<'a>;

    /// Reads the value from the attribute's payload; `None` when the payload does not
    /// have this kind's size or form (which the attribute's policy excludes).
    fn decode(payload: &[u8]) -> Option<Self::Value<'_>>;
}

/// A NUL-terminated string (`NLA_NUL_STRING`); read without its NUL.
pub(crate) enum NulString {}

impl Kind for NulString {
    type Value<'a> = &'a [u8];

    fn decode(payload: &[u8]) -> Option<&[u8]> {
        payload.strip_suffix(b"\0")
    }
}

/// A host-order `u32` (`NLA_U32`).
pub(crate) enum U32 {}

impl Kind for U32 {
    type Value<'a> = u32;

    fn decode(payload: &[u8]) -> Option<u32> {
        Some(u32::from_ne_bytes(payload.try_into().ok()?))
    }
}

/// A host-order `u64` (`NLA_U64`), written 64-bit aligned with a pad attribute.
pub(crate) enum U64 {}

impl Kind for U64 {
    type Value<'a> = u64;

    fn decode(payload: &[u8]) -> Option<u64> {
        Some(u64::from_ne_bytes(payload.try_into().ok()?))
    }
}

/// The pad attribute of 64-bit values (`NLA_PAD`): never read.
pub(crate) enum Pad {}

/// An attribute number whose values are of kind `K` (the `enum` entries of a family's uAPI
/// header, typed).
pub(crate) struct AttrType<K> {
    ty: u16,
    _kind: PhantomData<fn() -> K>,
}

impl<K> Clone for AttrType<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for AttrType<K> {}

impl<K> AttrType<K> {
    /// Attribute number `ty`.
    ///
    /// # Panics
    ///
    /// If `ty` is 0 (reserved) or has the nested or byte-order flag bits set; at compile
    /// time when used in a constant.
    pub(crate) const fn new(ty: u16) -> Self {
        if ty == 0 || ty as u32 & (bindings::NLA_F_NESTED | bindings::NLA_F_NET_BYTEORDER) != 0 {
            panic!("attribute numbers are 1 to NLA_TYPE_MASK");
        }
        AttrType {
            ty,
            _kind: PhantomData,
        }
    }

    /// The number.
    pub(crate) const fn get(self) -> u16 {
        self.ty
    }
}

/// An attribute of the request being handled: its header and value lie inside the
/// request, which outlives the handler.
///
/// `'a` is the request's brand (invariant), shared with its
/// [`ExtAck`](super::extack::ExtAck).
///
/// # Invariants
///
/// `nla` points to an attribute the core validated: `nla_len` bytes, header included, are
/// readable for `'a`.
pub(crate) struct Attr<'a, K> {
    nla: &'a bindings::nlattr,
    _brand: PhantomData<fn(&'a ()) -> &'a ()>,
    _kind: PhantomData<fn() -> K>,
}

impl<'a, K: Kind> Attr<'a, K> {
    /// The value; `EINVAL` if its size does not match `K` (impossible when the operation's
    /// policy has this attribute with kind `K`).
    pub(crate) fn value(&self) -> Result<K::Value<'a>> {
        K::decode(self.payload()).ok_or(EINVAL)
    }
}

impl<'a, K> Attr<'a, K> {
    /// Wraps an attribute of the request.
    ///
    /// # Safety
    ///
    /// `nla` is an attribute the core validated (its `nla_len` bytes are readable), inside
    /// a request alive for `'a`.
    pub(crate) unsafe fn from_raw(nla: &'a bindings::nlattr) -> Self {
        // INVARIANT: The caller guarantees it.
        Attr {
            nla,
            _brand: PhantomData,
            _kind: PhantomData,
        }
    }

    /// The payload, without header and padding.
    pub(crate) fn payload(&self) -> &'a [u8] {
        let len = usize::from(self.nla.nla_len).saturating_sub(NLA_HDRLEN);
        let data = core::ptr::from_ref(self.nla).cast::<u8>();
        // SAFETY: By the type invariant the attribute's `nla_len` bytes are readable for
        // `'a`; the payload follows the header.
        unsafe { core::slice::from_raw_parts(data.add(NLA_HDRLEN), len) }
    }

    /// The C attribute, for the extended ACK.
    pub(crate) fn as_raw(&self) -> *const bindings::nlattr {
        self.nla
    }
}

/// The parsed attributes of a request (`info->attrs`): an array of `maxattr + 1` entries,
/// null where the request had no such attribute.
///
/// # Invariants
///
/// `attrs` is null or points to `maxattr + 1` entries, each null or a validated attribute
/// of the request, alive for `'a`.
pub(crate) struct Attrs<'a> {
    attrs: *const *mut bindings::nlattr,
    maxattr: u32,
    _brand: PhantomData<fn(&'a ()) -> &'a ()>,
}

impl<'a> Attrs<'a> {
    /// Wraps the core's parsed attribute array.
    ///
    /// # Safety
    ///
    /// `attrs` is null, or points to `maxattr + 1` entries that are null or attributes the
    /// core validated, all alive for `'a`.
    pub(crate) unsafe fn from_raw(attrs: *const *mut bindings::nlattr, maxattr: u32) -> Self {
        // INVARIANT: The caller guarantees it.
        Attrs {
            attrs,
            maxattr,
            _brand: PhantomData,
        }
    }

    /// The attribute `ty`, if the request had it.
    pub(crate) fn get<K>(&self, ty: AttrType<K>) -> Option<Attr<'a, K>> {
        let index = u32::from(ty.get());
        if index > self.maxattr || self.attrs.is_null() {
            return None;
        }
        // SAFETY: By the type invariant the array has `maxattr + 1` entries; `index` is at
        // most `maxattr`.
        let nla = unsafe { *self.attrs.add(index as usize) };
        // SAFETY: A non-null entry is a validated attribute alive for `'a`.
        let nla = unsafe { nla.as_ref() }?;
        // SAFETY: As above.
        Some(unsafe { Attr::from_raw(nla) })
    }
}

/// Copies `text` to `dst` and tells whether `text` had no NUL byte, a machine word at a
/// time (what an echo of a long string spends its time on). The compiler may emit the
/// words' copy as one `memcpy` followed by the word-wise check of the same, cache-hot
/// bytes; either way no byte-at-a-time pass is left.
///
/// # Panics
///
/// If `dst` is shorter than `text`.
pub(crate) fn copy_nul_free(dst: &mut [u8], text: &[u8]) -> bool {
    const WORD: usize = core::mem::size_of::<usize>();
    const ONES: usize = usize::MAX / 0xff;
    const HIGHS: usize = ONES << 7;
    let len = text.len();
    let dst = &mut dst[..len];
    let (src, out) = (text.as_ptr(), dst.as_mut_ptr());
    let words = len / WORD;
    let mut zero = 0usize;
    for i in 0..words {
        // SAFETY: `(i + 1) * WORD <= len`: the word lies inside `text`; unaligned reads
        // are allowed.
        let v = unsafe { src.add(i * WORD).cast::<usize>().read_unaligned() };
        // SAFETY: `dst` is `len` bytes long too, and does not overlap `text` (a `&mut`).
        unsafe { out.add(i * WORD).cast::<usize>().write_unaligned(v) };
        // A byte of `v` is 0 exactly when this sets a high bit somewhere (the classic
        // "has a zero byte" test: exact about whether, not about where).
        zero |= v.wrapping_sub(ONES) & !v & HIGHS;
    }
    let mut tail_nul = false;
    for i in words * WORD..len {
        // SAFETY: `i < len`: inside `text`.
        let b = unsafe { src.add(i).read() };
        // SAFETY: `i < len`: inside `dst`.
        unsafe { out.add(i).write(b) };
        tail_nul |= b == 0;
    }
    zero == 0 && !tail_nul
}

#[kunit_tests(genltest_kext_attr)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_the_c_macros() {
        // NLA_HDRLEN is 4; values are padded to 4 bytes.
        assert_eq!(NLA_HDRLEN, 4);
        assert_eq!(nla_total_size(0), 4);
        assert_eq!(nla_total_size(1), 8);
        assert_eq!(nla_total_size(4), 8);
        assert_eq!(nla_total_size(5), 12);
        assert_eq!(nla_total_size(1025), 1032);
        // x86-64 has efficient unaligned access: no pad attribute.
        assert_eq!(nla_total_size_64bit(8), 12);
        assert_eq!(MAX_ATTR_PAYLOAD, 65531);
    }

    #[test]
    fn kinds_decode_only_their_size() {
        assert_eq!(U32::decode(&7u32.to_ne_bytes()), Some(7));
        assert_eq!(U32::decode(&[1, 2, 3]), None);
        assert_eq!(U64::decode(&9u64.to_ne_bytes()), Some(9));
        assert_eq!(U64::decode(&7u32.to_ne_bytes()), None);
        assert_eq!(NulString::decode(b"hi\0"), Some(&b"hi"[..]));
        assert_eq!(NulString::decode(b"hi"), None);
    }

    /// A request's attribute array as the core builds it, walked by type.
    #[test]
    fn attrs_walks_the_parsed_array_by_type() -> Result {
        #[repr(C, align(4))]
        struct Raw([u8; 12]);
        let mut raw = Raw([0; 12]);
        // One attribute: type 2, length 12 (header + u64).
        raw.0[..2].copy_from_slice(&12u16.to_ne_bytes());
        raw.0[2..4].copy_from_slice(&2u16.to_ne_bytes());
        raw.0[4..].copy_from_slice(&0x1122_3344_5566_7788u64.to_ne_bytes());
        let nla = raw.0.as_mut_ptr().cast::<bindings::nlattr>();
        let array: [*mut bindings::nlattr; 3] = [core::ptr::null_mut(), core::ptr::null_mut(), nla];
        // SAFETY: Three entries, maxattr 2, the non-null one a complete attribute.
        let attrs = unsafe { Attrs::from_raw(array.as_ptr(), 2) };
        let id = attrs.get(AttrType::<U64>::new(2)).ok_or(ENOENT)?;
        assert_eq!(id.value(), Ok(0x1122_3344_5566_7788));
        assert_eq!(id.payload().len(), 8);
        assert!(attrs.get(AttrType::<U32>::new(1)).is_none());
        // Beyond maxattr: absent, not read.
        assert!(attrs.get(AttrType::<U32>::new(3)).is_none());
        // The wrong kind for the attribute's size: an error, not a misread.
        assert_eq!(
            attrs.get(AttrType::<U32>::new(2)).ok_or(ENOENT)?.value(),
            Err(EINVAL)
        );
        // SAFETY: A null array.
        let none = unsafe { Attrs::from_raw(core::ptr::null(), 2) };
        assert!(none.get(AttrType::<U64>::new(2)).is_none());
        Ok(())
    }

    #[test]
    fn copy_nul_free_copies_and_finds_every_nul_position() {
        let mut text = [b'a'; 37];
        let mut dst = [0u8; 40];
        assert!(copy_nul_free(&mut dst, &text));
        assert_eq!(&dst[..37], &text[..]);
        for i in 0..text.len() {
            text[i] = 0;
            assert!(!copy_nul_free(&mut dst, &text));
            text[i] = 0x80;
            assert!(copy_nul_free(&mut dst, &text));
            text[i] = b'a';
        }
        assert!(copy_nul_free(&mut dst, b""));
    }
}
