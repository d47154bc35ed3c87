// SPDX-License-Identifier: GPL-2.0

//! Attribute policies (`struct nla_policy` arrays), declared by attribute and built at
//! compile time.
//!
//! C header: [`include/net/netlink.h`](srctree/include/net/netlink.h)
//!
//! C writes a policy as an array indexed by attribute (`[ATTR_MSG] = { .type =
//! NLA_NUL_STRING, .len = 1024 }`) and passes its highest index as `maxattr`. Here
//! [`policy!`] takes the same list of entries and derives the array's length, so `maxattr`
//! cannot disagree with the array; an entry is made from an [`AttrType<K>`] by a
//! constructor that exists only for its kind `K`, so a `u64` attribute cannot get a string
//! policy. Linux 7.3 has no Rust type for policies.

use kernel::{
    bindings,
    prelude::*, //
};

use super::attr::{
    AttrType,
    NulString,
    U32,
    U64, //
};

/// One attribute policy (`struct nla_policy`).
#[repr(transparent)]
#[derive(Clone, Copy)]
pub(crate) struct Policy(bindings::nla_policy);

// SAFETY: Plain data read by the Netlink core, never written after construction; the
// pointers its union can hold (none in the constructors of this file) would point to
// read-only statics.
unsafe impl Sync for Policy {}

impl Policy {
    /// No policy (`NLA_UNSPEC`, all zero): under strict validation the core refuses such an
    /// attribute ("Unsupported attribute").
    pub(crate) const UNSPEC: Policy = Policy(pin_init::zeroed());

    /// An attribute that must never be sent (`NLA_REJECT`).
    pub(crate) const fn reject() -> Policy {
        Policy(bindings::nla_policy {
            type_: bindings::NLA_REJECT as u8,
            ..pin_init::zeroed()
        })
    }

    /// The `NLA_*` type. Only the KUnit tests need it.
    #[cfg(CONFIG_KUNIT = "y")]
    pub(crate) const fn nla_type(&self) -> u8 {
        self.0.type_
    }

    /// The `len` field (the longest string for `NLA_NUL_STRING`). Only the KUnit tests need it.
    #[cfg(CONFIG_KUNIT = "y")]
    pub(crate) const fn len(&self) -> u16 {
        self.0.len
    }

    /// The bounds of an `NLA_VALIDATE_RANGE` entry. Only the KUnit tests need it.
    #[cfg(CONFIG_KUNIT = "y")]
    pub(crate) fn range(&self) -> Option<(i16, i16)> {
        if u32::from(self.0.validation_type) != bindings::nla_policy_validation_NLA_VALIDATE_RANGE {
            return None;
        }
        // SAFETY: A range entry's union holds `min` and `max` (see `AttrType::<U32>::range`).
        let r = unsafe { self.0.__bindgen_anon_1.__bindgen_anon_1 };
        Some((r.min, r.max))
    }
}

/// One entry of a policy: an attribute number and its policy.
#[derive(Clone, Copy)]
pub(crate) struct Entry {
    ty: u16,
    policy: Policy,
}

impl AttrType<NulString> {
    /// A NUL-terminated string of at most `max_len` bytes before the NUL
    /// (`NLA_NUL_STRING` with `.len`).
    pub(crate) const fn nul_string(self, max_len: u16) -> Entry {
        Entry {
            ty: self.get(),
            policy: Policy(bindings::nla_policy {
                type_: bindings::NLA_NUL_STRING as u8,
                len: max_len,
                ..pin_init::zeroed()
            }),
        }
    }
}

impl AttrType<U32> {
    /// A `u32` between `min` and `max` inclusive (`NLA_POLICY_RANGE(NLA_U32, min, max)`):
    /// the core refuses other values with an extack message and the attribute's offset.
    ///
    /// # Panics
    ///
    /// At compile time, if `min > max` or `max` does not fit the policy's 16-bit signed
    /// bounds.
    pub(crate) const fn range(self, min: u16, max: u16) -> Entry {
        if min > max || max > i16::MAX as u16 {
            panic!("range: need min <= max <= i16::MAX");
        }
        Entry {
            ty: self.get(),
            policy: Policy(bindings::nla_policy {
                type_: bindings::NLA_U32 as u8,
                validation_type: bindings::nla_policy_validation_NLA_VALIDATE_RANGE as u8,
                __bindgen_anon_1: bindings::nla_policy__bindgen_ty_1 {
                    __bindgen_anon_1: bindings::nla_policy__bindgen_ty_1__bindgen_ty_1 {
                        min: min as i16,
                        max: max as i16,
                    },
                },
                ..pin_init::zeroed()
            }),
        }
    }
}

impl AttrType<U64> {
    /// A `u64` (`NLA_U64`): exactly 8 bytes under strict validation.
    pub(crate) const fn any(self) -> Entry {
        Entry {
            ty: self.get(),
            policy: Policy(bindings::nla_policy {
                type_: bindings::NLA_U64 as u8,
                ..pin_init::zeroed()
            }),
        }
    }
}

/// The highest attribute number among `entries` (`maxattr`), 0 for none.
pub(crate) const fn maxattr(entries: &[Entry]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < entries.len() {
        if entries[i].ty as usize > max {
            max = entries[i].ty as usize;
        }
        i += 1;
    }
    max
}

/// A policy array of `N` entries (`maxattr` is `N - 1`), indexed by attribute number.
/// Made by [`policy!`].
#[repr(transparent)]
pub(crate) struct Policies<const N: usize>([Policy; N]);

impl<const N: usize> Policies<N> {
    /// The array of `entries`; numbers not listed get [`Policy::UNSPEC`].
    ///
    /// # Panics
    ///
    /// At compile time, if an attribute is listed twice or `N` is not the highest number
    /// plus one.
    pub(crate) const fn new(entries: &[Entry]) -> Self {
        if N != maxattr(entries) + 1 {
            panic!("a policy has exactly maxattr + 1 entries");
        }
        let mut table = [Policy::UNSPEC; N];
        let mut i = 0;
        while i < entries.len() {
            let e = &entries[i];
            if table[e.ty as usize].0.type_ != 0 || table[e.ty as usize].0.len != 0 {
                panic!("an attribute is listed twice in a policy");
            }
            table[e.ty as usize] = e.policy;
            i += 1;
        }
        Policies(table)
    }

    /// A reference for an operation.
    pub(crate) const fn as_ref(&'static self) -> PolicyRef {
        PolicyRef {
            table: Some(&self.0),
        }
    }
}

/// The policy of an operation, or none.
#[derive(Clone, Copy)]
pub(crate) struct PolicyRef {
    table: Option<&'static [Policy]>,
}

/// The policy of operations that take no attribute: one `NLA_REJECT` entry, `maxattr` 0,
/// like the core's `genl_policy_reject_all`, but visible to `CTRL_CMD_GETPOLICY`.
static REJECT_ALL: [Policy; 1] = [Policy::reject()];

impl PolicyRef {
    /// No policy: the operation's requests are not parsed (for dumps, the core then refuses
    /// every attribute with its own reject-all policy).
    pub(crate) const NONE: PolicyRef = PolicyRef { table: None };

    /// Refuse every attribute, with a policy of the operation's own (`GENL_CMD_CAP_HASPOL`).
    pub(crate) const fn reject_all() -> PolicyRef {
        PolicyRef {
            table: Some(&REJECT_ALL),
        }
    }

    /// The entries, indexed by attribute number; empty for none. Only the KUnit tests need it.
    #[cfg(CONFIG_KUNIT = "y")]
    pub(crate) const fn entries(self) -> &'static [Policy] {
        match self.table {
            Some(t) => t,
            None => &[],
        }
    }

    /// `maxattr`: the highest attribute number, 0 for no policy.
    pub(crate) const fn maxattr(self) -> u32 {
        match self.table {
            Some(t) => t.len() as u32 - 1,
            None => 0,
        }
    }

    /// The C array, or null.
    pub(crate) const fn as_ptr(self) -> *const bindings::nla_policy {
        match self.table {
            Some(t) => t.as_ptr().cast(),
            None => core::ptr::null(),
        }
    }
}

/// A policy declared by attribute: `policy![MSG.nul_string(1024), COUNT.range(1, 4096)]`
/// is the [`PolicyRef`] of an array of `maxattr + 1` entries, `maxattr` the highest
/// attribute listed, every attribute not listed [`Policy::UNSPEC`]. Evaluated at compile
/// time: a duplicate attribute does not build.
macro_rules! policy {
    ($($entry:expr),+ $(,)?) => {{
        const ENTRIES: &[$crate::kext::net::netlink::policy::Entry] = &[$($entry),+];
        const TABLE: &$crate::kext::net::netlink::policy::Policies<
            { $crate::kext::net::netlink::policy::maxattr(ENTRIES) + 1 },
        > = &$crate::kext::net::netlink::policy::Policies::new(ENTRIES);
        TABLE.as_ref()
    }};
}
pub(crate) use policy;

#[kunit_tests(genltest_kext_policy)]
mod tests {
    use super::*;

    const MSG: AttrType<NulString> = AttrType::new(1);
    const ID: AttrType<U64> = AttrType::new(8);
    const COUNT: AttrType<U32> = AttrType::new(11);

    #[test]
    fn policy_is_indexed_by_attribute_and_sized_by_the_highest() {
        let p = policy![COUNT.range(1, 4096), MSG.nul_string(1024)];
        assert_eq!(p.maxattr(), 11);
        let e = p.entries();
        assert_eq!(e.len(), 12);
        assert_eq!(u32::from(e[1].nla_type()), bindings::NLA_NUL_STRING);
        assert_eq!(e[1].len(), 1024);
        assert_eq!(u32::from(e[11].nla_type()), bindings::NLA_U32);
        assert_eq!(e[11].range(), Some((1, 4096)));
        assert_eq!(e[1].range(), None);
        // Every attribute not listed: NLA_UNSPEC, all zero.
        for (i, entry) in e.iter().enumerate() {
            if i != 1 && i != 11 {
                assert_eq!(u32::from(entry.nla_type()), bindings::NLA_UNSPEC);
                assert_eq!(entry.len(), 0);
            }
        }
        assert_eq!(p.as_ptr(), e.as_ptr().cast());
    }

    #[test]
    fn one_attribute_policy() {
        let p = policy![ID.any()];
        assert_eq!(p.maxattr(), 8);
        assert_eq!(u32::from(p.entries()[8].nla_type()), bindings::NLA_U64);
    }

    #[test]
    fn reject_all_and_none() {
        let r = PolicyRef::reject_all();
        assert_eq!(r.maxattr(), 0);
        assert_eq!(u32::from(r.entries()[0].nla_type()), bindings::NLA_REJECT);
        assert!(PolicyRef::NONE.as_ptr().is_null());
        assert_eq!(PolicyRef::NONE.maxattr(), 0);
    }

    /// The range's bounds sit where the C initializer `NLA_POLICY_RANGE` puts them: the
    /// union's `min` and `max` (two `s16`), after `type`, `validation_type`, `len` and the
    /// padding to the union's pointer alignment.
    #[test]
    fn range_layout_matches_c() {
        use bindings::{
            nla_policy,
            nla_policy__bindgen_ty_1__bindgen_ty_1 as MinMax, //
        };
        assert_eq!(core::mem::offset_of!(nla_policy, type_), 0);
        assert_eq!(core::mem::offset_of!(nla_policy, validation_type), 1);
        assert_eq!(core::mem::offset_of!(nla_policy, len), 2);
        assert_eq!(
            core::mem::offset_of!(nla_policy, __bindgen_anon_1),
            core::mem::align_of::<*const u8>()
        );
        assert_eq!(core::mem::offset_of!(MinMax, min), 0);
        assert_eq!(core::mem::offset_of!(MinMax, max), 2);
        let e = COUNT.range(1, 4096).policy;
        assert_eq!(u32::from(e.nla_type()), bindings::NLA_U32);
        assert_eq!(
            u32::from(e.0.validation_type),
            bindings::nla_policy_validation_NLA_VALIDATE_RANGE
        );
        assert_eq!(e.range(), Some((1, 4096)));
    }
}
