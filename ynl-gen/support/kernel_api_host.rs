//! The kernel API that ynl-gen's kernel-side code is written against, modelled on the
//! host: the module's Generic Netlink abstraction (`module/kext/net/netlink/`, by default
//! at `crate::kext::net::netlink`) with the same names and signatures, and the few items
//! of the `kernel` crate the generated code uses (`prelude`, `net::netlink::
//! MulticastGroup`, `bindings`). Plain data stands where the module has
//! `bindings::nla_policy` and `bindings::genl_split_ops`, so the tests can read the tables.
//!
//! A test crate includes this file as a module `host` and, at its root, writes
//! `extern crate self as kernel;` and `use host::{bindings, kext, net, prelude};`, so that
//! `kernel::…` and `crate::kext::…` resolve as in the module.
//!
//! The module has the constructors genltest needs (`nul_string`, `range` on `U32`, `any`
//! on `U64`, `reject`); the other constructors and kinds here (`mask`, `full_range`,
//! `nested`, lengths, the other integer kinds) are what the kernel's own specs need
//! beyond them, modelled with the same shape.

#![allow(dead_code)]

/// `kernel::prelude`: what the generated code takes from it.
pub(crate) mod prelude {
    pub(crate) use core::ffi::CStr;

    /// An error number (`kernel::error::Error`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) struct Error(pub(crate) i32);

    /// `kernel::error::Result`.
    pub(crate) type Result<T = (), E = Error> = core::result::Result<T, E>;
}

/// `kernel::bindings`: constants of C headers that specs name in checks.
pub(crate) mod bindings {
    /// `include/linux/err.h`.
    pub(crate) const MAX_ERRNO: u32 = 4095;
    /// x86-64's.
    pub(crate) const PAGE_SIZE: usize = 4096;
}

/// `kernel::net::netlink` of Linux 7.3.
pub(crate) mod net {
    pub(crate) mod netlink {
        use core::ffi::CStr;

        /// A multicast group (`struct genl_multicast_group`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) struct MulticastGroup {
            /// Its name.
            pub(crate) name: &'static CStr,
        }

        impl MulticastGroup {
            /// The group `name`.
            pub(crate) const fn const_new(name: &'static CStr) -> MulticastGroup {
                MulticastGroup { name }
            }
        }
    }
}

/// `crate::kext`: the module's abstraction.
pub(crate) mod kext {
    pub(crate) mod net {
        pub(crate) mod netlink {
            pub(crate) mod attr {
                use core::marker::PhantomData;

                /// `NLA_*` policy types, with the kernel's numbers (`enum nla_policy_type`).
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                #[repr(u8)]
                pub(crate) enum NlaType {
                    Unspec = 0,
                    U8 = 1,
                    U16 = 2,
                    U32 = 3,
                    U64 = 4,
                    String = 5,
                    Flag = 6,
                    Nested = 8,
                    NestedArray = 9,
                    NulString = 10,
                    Binary = 11,
                    S8 = 12,
                    S16 = 13,
                    S32 = 14,
                    S64 = 15,
                    Bitfield32 = 16,
                    Reject = 17,
                    Be16 = 18,
                    Be32 = 19,
                    Sint = 20,
                    Uint = 21,
                }

                /// The kind of value an attribute holds.
                pub(crate) trait Kind {
                    /// The policy type of its entries.
                    const NLA: NlaType;
                }

                macro_rules! kinds {
                    ($($name:ident => $nla:ident),* $(,)?) => {$(
                        #[doc = concat!("Attributes of type `NLA_", stringify!($nla), "`.")]
                        pub(crate) enum $name {}
                        impl Kind for $name {
                            const NLA: NlaType = NlaType::$nla;
                        }
                    )*};
                }

                kinds! {
                    Flag => Flag, U8 => U8, U16 => U16, U32 => U32, U64 => U64,
                    S8 => S8, S16 => S16, S32 => S32, S64 => S64, Uint => Uint,
                    Sint => Sint, Be16 => Be16, Be32 => Be32, Binary => Binary,
                    String => String, NulString => NulString, Nested => Nested,
                    IndexedArray => NestedArray, NestTypeValue => Nested,
                    Bitfield32 => Bitfield32, Pad => Unspec,
                }

                /// An attribute number whose values are of kind `K`.
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
                    /// Attribute number `ty`; panics (at compile time in a constant) for 0
                    /// or a number with the nested or byte-order flag bits.
                    pub(crate) const fn new(ty: u16) -> Self {
                        if ty == 0 || ty & 0xc000 != 0 {
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
            }

            pub(crate) mod policy {
                use super::attr::{AttrType, Kind, NlaType, NulString, String};

                /// `struct netlink_range_validation`.
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                pub(crate) struct RangeUnsigned {
                    pub(crate) min: u64,
                    pub(crate) max: u64,
                }

                impl RangeUnsigned {
                    pub(crate) const fn new(min: u64, max: u64) -> Self {
                        RangeUnsigned { min, max }
                    }
                }

                /// `struct netlink_range_validation_signed`.
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                pub(crate) struct RangeSigned {
                    pub(crate) min: i64,
                    pub(crate) max: i64,
                }

                impl RangeSigned {
                    pub(crate) const fn new(min: i64, max: i64) -> Self {
                        RangeSigned { min, max }
                    }
                }

                /// `enum nla_policy_validation` with its data.
                #[derive(Debug, Clone, Copy, PartialEq)]
                pub(crate) enum Validation {
                    None,
                    /// `NLA_VALIDATE_RANGE`, `_MIN`, `_MAX` (16-bit bounds in the entry).
                    Range {
                        min: Option<i64>,
                        max: Option<i64>,
                    },
                    /// `NLA_VALIDATE_RANGE_PTR`.
                    FullRange(RangeUnsigned),
                    /// `NLA_VALIDATE_RANGE_PTR`, signed.
                    FullRangeSigned(RangeSigned),
                    /// `NLA_VALIDATE_MASK`.
                    Mask(u64),
                    /// `NLA_POLICY_MIN_LEN`.
                    MinLen,
                    /// `NLA_POLICY_NESTED[_ARRAY]`: the nested policy.
                    Nested(&'static [Policy]),
                }

                /// One attribute policy (`struct nla_policy`).
                #[derive(Debug, Clone, Copy, PartialEq)]
                pub(crate) struct Policy {
                    pub(crate) ty: NlaType,
                    pub(crate) len: u16,
                    pub(crate) validation: Validation,
                }

                impl Policy {
                    /// `NLA_UNSPEC`, all zero.
                    pub(crate) const UNSPEC: Policy = Policy::of(NlaType::Unspec);

                    /// `NLA_REJECT`.
                    pub(crate) const fn reject() -> Policy {
                        Policy::of(NlaType::Reject)
                    }

                    pub(crate) const fn of(ty: NlaType) -> Policy {
                        Policy {
                            ty,
                            len: 0,
                            validation: Validation::None,
                        }
                    }
                }

                /// One entry of a policy: an attribute number and its policy.
                #[derive(Clone, Copy)]
                pub(crate) struct Entry {
                    pub(crate) ty: u16,
                    pub(crate) policy: Policy,
                }

                impl AttrType<NulString> {
                    /// `NLA_NUL_STRING` with `.len`.
                    pub(crate) const fn nul_string(self, max_len: u16) -> Entry {
                        self.entry(NlaType::NulString, max_len, Validation::None)
                    }
                }

                impl AttrType<String> {
                    /// `NLA_STRING` with `.len`.
                    pub(crate) const fn string(self, max_len: u16) -> Entry {
                        self.entry(NlaType::String, max_len, Validation::None)
                    }
                }

                const fn bound(v: i64) -> i64 {
                    if v < i16::MIN as i64 || v > i16::MAX as i64 {
                        panic!("16-bit policy bounds");
                    }
                    v
                }

                impl<K: Kind> AttrType<K> {
                    const fn entry(self, ty: NlaType, len: u16, validation: Validation) -> Entry {
                        Entry {
                            ty: self.get(),
                            policy: Policy {
                                ty,
                                len,
                                validation,
                            },
                        }
                    }

                    /// The kind's type, no other check.
                    pub(crate) const fn any(self) -> Entry {
                        self.entry(K::NLA, 0, Validation::None)
                    }

                    /// `NLA_POLICY_RANGE`.
                    pub(crate) const fn range(self, min: i64, max: i64) -> Entry {
                        if min > max {
                            panic!("range: need min <= max");
                        }
                        let v = Validation::Range {
                            min: Some(bound(min)),
                            max: Some(bound(max)),
                        };
                        self.entry(K::NLA, 0, v)
                    }

                    /// `NLA_POLICY_MIN`.
                    pub(crate) const fn min(self, min: i64) -> Entry {
                        let v = Validation::Range {
                            min: Some(bound(min)),
                            max: None,
                        };
                        self.entry(K::NLA, 0, v)
                    }

                    /// `NLA_POLICY_MAX`.
                    pub(crate) const fn max(self, max: i64) -> Entry {
                        let v = Validation::Range {
                            min: None,
                            max: Some(bound(max)),
                        };
                        self.entry(K::NLA, 0, v)
                    }

                    /// `NLA_POLICY_FULL_RANGE`.
                    pub(crate) const fn full_range(self, r: &RangeUnsigned) -> Entry {
                        self.entry(K::NLA, 0, Validation::FullRange(*r))
                    }

                    /// `NLA_POLICY_FULL_RANGE_SIGNED`.
                    pub(crate) const fn full_range_signed(self, r: &RangeSigned) -> Entry {
                        self.entry(K::NLA, 0, Validation::FullRangeSigned(*r))
                    }

                    /// `NLA_POLICY_MASK`.
                    pub(crate) const fn mask(self, mask: u64) -> Entry {
                        self.entry(K::NLA, 0, Validation::Mask(mask))
                    }

                    /// `NLA_POLICY_EXACT_LEN`.
                    pub(crate) const fn exact_len(self, len: u16) -> Entry {
                        let v = Validation::Range {
                            min: Some(len as i64),
                            max: Some(len as i64),
                        };
                        self.entry(NlaType::Binary, len, v)
                    }

                    /// `NLA_POLICY_MIN_LEN`.
                    pub(crate) const fn min_len(self, len: u16) -> Entry {
                        self.entry(NlaType::Binary, len, Validation::MinLen)
                    }

                    /// `NLA_POLICY_MAX_LEN`.
                    pub(crate) const fn max_len(self, len: u16) -> Entry {
                        self.entry(NlaType::Binary, len, Validation::None)
                    }

                    /// `NLA_POLICY_BITFIELD32`.
                    pub(crate) const fn bitfield32(self, mask: u32) -> Entry {
                        self.entry(NlaType::Bitfield32, 0, Validation::Mask(mask as u64))
                    }

                    /// `NLA_POLICY_NESTED`.
                    pub(crate) const fn nested(self, p: PolicyRef) -> Entry {
                        let t = p.entries();
                        self.entry(NlaType::Nested, t.len() as u16 - 1, Validation::Nested(t))
                    }

                    /// `NLA_POLICY_NESTED_ARRAY`.
                    pub(crate) const fn nested_array(self, p: PolicyRef) -> Entry {
                        let t = p.entries();
                        let v = Validation::Nested(t);
                        self.entry(NlaType::NestedArray, t.len() as u16 - 1, v)
                    }
                }

                /// The highest attribute number among `entries`.
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

                /// A policy array of `N` entries.
                pub(crate) struct Policies<const N: usize>([Policy; N]);

                impl<const N: usize> Policies<N> {
                    pub(crate) const fn new(entries: &[Entry]) -> Self {
                        if N != maxattr(entries) + 1 {
                            panic!("a policy has exactly maxattr + 1 entries");
                        }
                        let mut table = [Policy::UNSPEC; N];
                        let mut i = 0;
                        while i < entries.len() {
                            let e = &entries[i];
                            if !matches!(table[e.ty as usize].ty, NlaType::Unspec) {
                                panic!("an attribute is listed twice in a policy");
                            }
                            table[e.ty as usize] = e.policy;
                            i += 1;
                        }
                        Policies(table)
                    }

                    pub(crate) const fn as_ref(&'static self) -> PolicyRef {
                        PolicyRef {
                            table: Some(&self.0),
                        }
                    }
                }

                /// The policy of an operation, or none.
                #[derive(Debug, Clone, Copy, PartialEq)]
                pub(crate) struct PolicyRef {
                    table: Option<&'static [Policy]>,
                }

                const REJECT_ALL: &[Policy] = &[Policy::reject()];

                impl PolicyRef {
                    /// No policy.
                    pub(crate) const NONE: PolicyRef = PolicyRef { table: None };

                    /// One `NLA_REJECT` entry, `maxattr` 0.
                    pub(crate) const fn reject_all() -> PolicyRef {
                        PolicyRef {
                            table: Some(REJECT_ALL),
                        }
                    }

                    /// The entries, indexed by attribute number; empty for none.
                    pub(crate) const fn entries(self) -> &'static [Policy] {
                        match self.table {
                            Some(t) => t,
                            None => &[],
                        }
                    }

                    /// Whether there is a policy.
                    pub(crate) const fn is_some(self) -> bool {
                        self.table.is_some()
                    }

                    /// `maxattr`.
                    pub(crate) const fn maxattr(self) -> u32 {
                        match self.table {
                            Some(t) => t.len() as u32 - 1,
                            None => 0,
                        }
                    }
                }

                /// `policy![A.nul_string(1024), B.range(1, 4096)]`, as in the module.
                macro_rules! policy {
                    ($($entry:expr),+ $(,)?) => {{
                        const ENTRIES: &[$crate::kext::net::netlink::policy::Entry] =
                            &[$($entry),+];
                        const TABLE: &$crate::kext::net::netlink::policy::Policies<
                            { $crate::kext::net::netlink::policy::maxattr(ENTRIES) + 1 },
                        > = &$crate::kext::net::netlink::policy::Policies::new(ENTRIES);
                        TABLE.as_ref()
                    }};
                }
                pub(crate) use policy;
            }

            pub(crate) mod genl {
                use core::ffi::CStr;
                use core::marker::PhantomData;

                use super::policy::PolicyRef;
                use crate::net::netlink::MulticastGroup;
                use crate::prelude::Result;

                pub(crate) const GENL_ADMIN_PERM: u8 = 0x01;
                pub(crate) const GENL_CMD_CAP_DO: u8 = 0x02;
                pub(crate) const GENL_CMD_CAP_DUMP: u8 = 0x04;
                pub(crate) const GENL_UNS_ADMIN_PERM: u8 = 0x10;

                /// A family: `#[vtable]` in the module.
                pub(crate) trait Operations: Sized + 'static {
                    type State: Send + Sync;
                    const NAME: &'static CStr;
                    const VERSION: u32;
                    const OPS: &'static [SplitOp<Self>];
                    const MCGRPS: &'static [MulticastGroup];
                }

                /// A do request being handled.
                pub(crate) struct Info<'a, T> {
                    pub(crate) seq: u32,
                    pub(crate) _family: PhantomData<&'a T>,
                }

                /// The `do` of one command of family `T`.
                pub(crate) trait DoIt<T: Operations> {
                    const POLICY: PolicyRef;
                    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result;
                }

                /// `GENL_*_PERM`.
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                pub(crate) struct OpFlags(pub(crate) u8);

                impl OpFlags {
                    pub(crate) const NONE: OpFlags = OpFlags(0);
                    pub(crate) const ADMIN_PERM: OpFlags = OpFlags(GENL_ADMIN_PERM);
                    pub(crate) const UNS_ADMIN_PERM: OpFlags = OpFlags(GENL_UNS_ADMIN_PERM);
                }

                /// What the module's trampolines call.
                pub(crate) enum Handler<T: Operations> {
                    Do(fn(&T::State, &mut Info<'_, T>) -> Result),
                    Dump(fn(&T::State) -> Result),
                }

                /// One entry of the operation table (`struct genl_split_ops`).
                pub(crate) struct SplitOp<T: Operations> {
                    pub(crate) cmd: u8,
                    pub(crate) flags: u8,
                    pub(crate) policy: PolicyRef,
                    pub(crate) handler: Handler<T>,
                }

                impl<T: Operations> SplitOp<T> {
                    pub(crate) const fn doit<H: DoIt<T>>(cmd: u8, flags: OpFlags) -> Self {
                        SplitOp {
                            cmd,
                            flags: flags.0 | GENL_CMD_CAP_DO,
                            policy: H::POLICY,
                            handler: Handler::Do(H::doit),
                        }
                    }

                    pub(crate) const fn dumpit<H: super::dump::DumpIt<T>>(
                        cmd: u8,
                        flags: OpFlags,
                    ) -> Self {
                        SplitOp {
                            cmd,
                            flags: flags.0 | GENL_CMD_CAP_DUMP,
                            policy: H::POLICY,
                            handler: Handler::Dump(super::dump::run::<T, H>),
                        }
                    }
                }
            }

            pub(crate) mod dump {
                use super::genl::Operations;
                use super::policy::PolicyRef;
                use crate::prelude::Result;

                /// A dump call in progress.
                pub(crate) struct Dump<'a> {
                    pub(crate) entries: &'a mut u32,
                }

                /// The `dump` of one command of family `T`.
                pub(crate) trait DumpIt<T: Operations> {
                    const POLICY: PolicyRef = PolicyRef::NONE;
                    type Cursor: Send;
                    fn start(state: &T::State) -> Result<Self::Cursor>;
                    fn dumpit(
                        state: &T::State,
                        cursor: &mut Self::Cursor,
                        dump: &mut Dump<'_>,
                    ) -> Result;
                }

                /// A whole dump: start, then one call (the host has no buffers).
                pub(crate) fn run<T: Operations, H: DumpIt<T>>(state: &T::State) -> Result {
                    let mut cursor = H::start(state)?;
                    let mut n = 0;
                    H::dumpit(state, &mut cursor, &mut Dump { entries: &mut n })
                }
            }
        }
    }
}
