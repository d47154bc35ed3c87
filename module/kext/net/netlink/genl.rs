// SPDX-License-Identifier: GPL-2.0

//! Generic Netlink families with operations, policies, replies, notifications and dumps,
//! owning their state.
//!
//! C header: [`include/net/genetlink.h`](srctree/include/net/genetlink.h)
//!
//! Linux 7.3's `kernel::net::netlink` registers a `'static` [`Family`] with multicast
//! groups only. A family here is a type implementing [`Operations`]: its name, version,
//! groups and a table of split operations ([`SplitOp`], `struct genl_split_ops`), whose
//! handlers ([`DoIt`], [`DumpIt`]) receive the family's state. [`FamilyRegistration`]
//! pin-initialises that state next to the `genl_family` in one reference-counted
//! allocation, registers the family and unregisters it on drop, before the state goes.
//!
//! Reused from 7.3: [`MulticastGroup`] (the groups) and the bitfield technique and test of
//! `FamilyFlags`. Not reused, and why: `Family::const_new` has no operations and builds a
//! `static` (registration needs the family next to its state), and `Family::register`
//! takes `&'static self`, so the same family could be registered twice from safe code.
//! Here each registration owns its `genl_family`, so it is registered exactly once; a
//! second registration of the same name fails with `EEXIST` in the core.
//!
//! # Examples
//!
//! ```ignore
//! struct Counter;
//!
//! const CMD_BUMP: u8 = 1;
//! const VALUE: AttrType<U32> = AttrType::new(1);
//!
//! #[vtable]
//! impl Operations for Counter {
//!     type State = Atomic<u32>;
//!     const NAME: &'static CStr = c"counter";
//!     const VERSION: u32 = 1;
//!     const MCGRPS: &'static [MulticastGroup] = &[];
//!     const OPS: &'static [SplitOp<Self>] = &[SplitOp::doit::<Bump>(CMD_BUMP, OpFlags::NONE)];
//! }
//!
//! struct Bump;
//!
//! impl DoIt<Counter> for Bump {
//!     const POLICY: PolicyRef = PolicyRef::reject_all();
//!     fn doit(count: &Atomic<u32>, info: &mut Info<'_, Counter>) -> Result {
//!         let value = count.fetch_add(1, Relaxed) + 1;
//!         let mut reply = info.reply(CMD_BUMP, nla_total_size(4), GFP_KERNEL)?;
//!         reply.put_u32(VALUE, value)?;
//!         reply.send()
//!     }
//! }
//!
//! // The state's initialiser: a value is one (`Ok` gives it the error type `Error`).
//! let state = Ok::<_, Error>(Atomic::new(0));
//! let registration = FamilyRegistration::<Counter>::new(module, state, GFP_KERNEL)?;
//! ```
//!
//! [`Family`]: kernel::net::netlink::Family

use core::marker::PhantomData;

use kernel::{
    alloc::Flags,
    bindings,
    error::to_result,
    net::netlink::MulticastGroup,
    prelude::*,
    sync::{
        Arc,
        ArcBorrow, //
    },
    types::Opaque,
    ThisModule, //
};

use super::attr::{
    Attr,
    AttrType,
    Attrs, //
};
use super::dump::{
    done_trampoline,
    dumpit_trampoline,
    start_trampoline,
    DumpIt,
    Slot, //
};
use super::extack::ExtAck;
use super::msg::Reply;
use super::policy::PolicyRef;

/// A Generic Netlink family: the Rust face of `struct genl_family`.
///
/// `#[vtable]` as for other C ops tables: the family-wide hooks of `struct genl_family`
/// (`pre_doit`, `post_doit`, `sock_priv_init`/`destroy`) would be its optional methods;
/// genltest needs none of them yet, so the trait has only its required items.
#[vtable]
pub(crate) trait Operations: Sized + 'static {
    /// What the family's handlers share: counters, tables, locks.
    type State: Send + Sync;

    /// The family's name (at most `GENL_NAMSIZ - 1` bytes).
    const NAME: &'static CStr;

    /// The family's version (`genlmsghdr.version` of its messages).
    const VERSION: u32;

    /// The operations, sorted by command, a command's do before its dump (what
    /// `genl_validate_ops` requires, checked at compile time).
    const OPS: &'static [SplitOp<Self>];

    /// The multicast groups, indexed by [`Group`].
    const MCGRPS: &'static [MulticastGroup];
}

/// The `do` of one command of family `T`.
pub(crate) trait DoIt<T: Operations> {
    /// The policy of the request's attributes.
    const POLICY: PolicyRef;

    /// Handles a request. An error becomes the `NLMSG_ERROR` the sender receives, with
    /// what the handler set in the extended ACK.
    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result;
}

/// Flags of an operation (`GENL_*_PERM`); `GENL_CMD_CAP_DO`/`DUMP` are added by
/// [`SplitOp`]'s constructors.
#[derive(Clone, Copy)]
pub(crate) struct OpFlags(u8);

impl OpFlags {
    /// Anyone may call it.
    pub(crate) const NONE: OpFlags = OpFlags(0);
    /// Needs `CAP_NET_ADMIN` in the initial user namespace (`GENL_ADMIN_PERM`).
    pub(crate) const ADMIN_PERM: OpFlags = OpFlags(bindings::GENL_ADMIN_PERM as u8);
    /// Needs `CAP_NET_ADMIN` in the namespace's user namespace (`GENL_UNS_ADMIN_PERM`).
    #[cfg_attr(
        not(CONFIG_KUNIT = "y"),
        expect(
            dead_code,
            reason = "part of the API; genltest's commands use ADMIN_PERM"
        )
    )]
    pub(crate) const UNS_ADMIN_PERM: OpFlags = OpFlags(bindings::GENL_UNS_ADMIN_PERM as u8);
}

/// One entry of a family's operation table (`struct genl_split_ops`): a do or a dump of
/// one command, with its own policy and `maxattr`.
#[repr(transparent)]
pub(crate) struct SplitOp<T> {
    op: bindings::genl_split_ops,
    _family: PhantomData<fn() -> T>,
}

// SAFETY: Plain data and function pointers, never written after construction.
unsafe impl<T> Sync for SplitOp<T> {}

impl<T: Operations> SplitOp<T> {
    /// The do of `cmd`, handled by `H` with `H::POLICY`.
    pub(crate) const fn doit<H: DoIt<T>>(cmd: u8, flags: OpFlags) -> Self {
        SplitOp {
            op: bindings::genl_split_ops {
                __bindgen_anon_1: bindings::genl_split_ops__bindgen_ty_1 {
                    __bindgen_anon_1: bindings::genl_split_ops__bindgen_ty_1__bindgen_ty_1 {
                        pre_doit: None,
                        doit: Some(doit_trampoline::<T, H>),
                        post_doit: None,
                    },
                },
                policy: H::POLICY.as_ptr(),
                maxattr: H::POLICY.maxattr(),
                cmd,
                internal_flags: 0,
                flags: flags.0 | bindings::GENL_CMD_CAP_DO as u8,
                validate: 0,
            },
            _family: PhantomData,
        }
    }

    /// The dump of `cmd`, handled by `H` with `H::POLICY`.
    ///
    /// # Panics
    ///
    /// At compile time, if `H::Cursor` does not fit the callback's scratch space.
    pub(crate) const fn dumpit<H: DumpIt<T>>(cmd: u8, flags: OpFlags) -> Self {
        if !Slot::<T, H::Cursor>::FITS {
            panic!("a dump's cursor must fit netlink_callback.ctx with a pointer");
        }
        SplitOp {
            op: bindings::genl_split_ops {
                __bindgen_anon_1: bindings::genl_split_ops__bindgen_ty_1 {
                    __bindgen_anon_2: bindings::genl_split_ops__bindgen_ty_1__bindgen_ty_2 {
                        start: Some(start_trampoline::<T, H>),
                        dumpit: Some(dumpit_trampoline::<T, H>),
                        done: Some(done_trampoline::<T, H>),
                    },
                },
                policy: H::POLICY.as_ptr(),
                maxattr: H::POLICY.maxattr(),
                cmd,
                internal_flags: 0,
                flags: flags.0 | bindings::GENL_CMD_CAP_DUMP as u8,
                validate: 0,
            },
            _family: PhantomData,
        }
    }
}

impl<T> SplitOp<T> {
    /// The command.
    pub(crate) const fn cmd(&self) -> u8 {
        self.op.cmd
    }

    /// The flags, `GENL_CMD_CAP_DO` or `GENL_CMD_CAP_DUMP` included.
    pub(crate) const fn flags(&self) -> u8 {
        self.op.flags
    }

    /// The policy's `maxattr`. Only the KUnit tests need it.
    #[cfg(CONFIG_KUNIT = "y")]
    pub(crate) const fn maxattr(&self) -> u32 {
        self.op.maxattr
    }

    /// Whether this is a do (else a dump).
    pub(crate) const fn is_do(&self) -> bool {
        self.op.flags & bindings::GENL_CMD_CAP_DO as u8 != 0
    }
}

/// Whether `ops` is a table `genl_register_family` accepts without a warning
/// (`genl_validate_ops`): sorted by command, at most a do then a dump per command, both
/// with the same flags apart from `GENL_CMD_CAP_*`, at most 255 entries.
pub(crate) const fn ops_are_valid<T>(ops: &[SplitOp<T>]) -> bool {
    const CAPS: u8 = (bindings::GENL_CMD_CAP_DO | bindings::GENL_CMD_CAP_DUMP) as u8;
    if ops.len() > u8::MAX as usize {
        return false;
    }
    let mut i = 1;
    while i < ops.len() {
        let (a, b) = (&ops[i - 1], &ops[i]);
        if a.cmd() > b.cmd() {
            return false;
        }
        if a.cmd() == b.cmd()
            && !(a.is_do() && !b.is_do() && a.flags() & !CAPS == b.flags() & !CAPS)
        {
            return false;
        }
        i += 1;
    }
    true
}

/// A multicast group of family `T`, by its index in `T::MCGRPS`, checked at compile time.
pub(crate) struct Group<T> {
    index: u32,
    _family: PhantomData<fn() -> T>,
}

impl<T> Clone for Group<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Group<T> {}

impl<T: Operations> Group<T> {
    /// Group `I` of `T::MCGRPS`; does not build if there is no such group (the core would
    /// `WARN` on it).
    pub(crate) const fn new<const I: u32>() -> Self {
        const {
            assert!((I as usize) < T::MCGRPS.len(), "no such multicast group");
        }
        Group {
            index: I,
            _family: PhantomData,
        }
    }

    /// The index.
    pub(crate) const fn index(self) -> u32 {
        self.index
    }
}

/// The flags of a `genl_family` bitfield (the same technique as 7.3's private
/// `FamilyFlags`, with the same test below).
struct FamilyFlags {
    /// Whether the family is present in every network namespace.
    netnsok: bool,
    /// Whether the core runs handlers concurrently.
    parallel_ops: bool,
}

impl FamilyFlags {
    /// The bitfield unit of `genl_family`: bindgen's setters are not `const`.
    const fn into_bitfield(self) -> bindings::__BindgenBitfieldUnit<[u8; 1]> {
        let mut bits = 0u8;
        if self.netnsok {
            bits |= 1 << 0;
        }
        if self.parallel_ops {
            bits |= 1 << 1;
        }
        // SAFETY: The bitfield unit is one byte; `test_family_flags_bitfield` checks the
        // bit positions against bindgen's setters.
        unsafe { core::mem::transmute::<u8, bindings::__BindgenBitfieldUnit<[u8; 1]>>(bits) }
    }
}

/// What [`FamilyRegistration`] allocates: the C family next to the state its handlers use.
#[pin_data]
pub(super) struct Inner<T: Operations> {
    #[pin]
    family: Opaque<bindings::genl_family>,
    #[pin]
    state: T::State,
}

// SAFETY: The `genl_family` is written by the Netlink core under its own locks and only
// read by us; the state is `Send + Sync`.
unsafe impl<T: Operations> Send for Inner<T> {}
// SAFETY: As above.
unsafe impl<T: Operations> Sync for Inner<T> {}

impl<T: Operations> Inner<T> {
    /// The `Inner` whose `family` field `family` is, as a borrow of its `Arc`.
    ///
    /// # Safety
    ///
    /// `family` is the `genl_family` of an `Inner<T>` allocated by
    /// [`FamilyRegistration::<T>::new`], whose `Arc` stays alive during `'a`.
    pub(super) unsafe fn borrow_arc<'a>(
        family: *const bindings::genl_family,
    ) -> ArcBorrow<'a, Inner<T>> {
        let field = family.cast::<Opaque<bindings::genl_family>>().cast_mut();
        // SAFETY: The caller guarantees `family` is the `family` field of an `Inner<T>`.
        let inner = unsafe { kernel::container_of!(field, Inner<T>, family) };
        // SAFETY: `inner` is the contents of an `Arc` (equal to `Arc::as_ptr`), which the
        // caller keeps alive during `'a`; no `UniqueArc` to it exists.
        unsafe { ArcBorrow::from_raw(inner) }
    }

    /// The state.
    pub(super) fn state(&self) -> &T::State {
        &self.state
    }

    /// The C family.
    pub(super) fn family_ptr(&self) -> *const bindings::genl_family {
        self.family.get()
    }
}

/// Compile-time checks of family `T`, evaluated when it is registered.
struct Checks<T>(PhantomData<T>);

impl<T: Operations> Checks<T> {
    const OK: () = {
        assert!(ops_are_valid(T::OPS), "invalid operation table");
        assert!(
            T::MCGRPS.len() <= u8::MAX as usize,
            "too many multicast groups"
        );
        assert!(
            T::NAME.to_bytes_with_nul().len() <= bindings::GENL_NAMSIZ as usize,
            "family name too long"
        );
    };
}

/// A registered family `T` and its state. Dropping it unregisters the family (which waits
/// for running requests), then drops the state (after the last open dump, which holds a
/// reference to it).
pub(crate) struct FamilyRegistration<T: Operations> {
    inner: Arc<Inner<T>>,
}

impl<T: Operations> FamilyRegistration<T> {
    /// Initialises the state with `state` and registers the family: handlers run
    /// concurrently (`parallel_ops`), in every network namespace (`netnsok`), with strict
    /// validation and the header's reserved field checked for every command
    /// (`resv_start_op` 0). `EEXIST` if a family of that name is registered.
    pub(crate) fn new(
        module: &'static ThisModule,
        state: impl PinInit<T::State, Error>,
        flags: Flags,
    ) -> Result<Self> {
        let () = Checks::<T>::OK;
        let mut family = bindings::genl_family {
            version: T::VERSION,
            _bitfield_1: FamilyFlags {
                netnsok: true,
                parallel_ops: true,
            }
            .into_bitfield(),
            module: module.as_ptr(),
            split_ops: T::OPS.as_ptr().cast(),
            n_split_ops: T::OPS.len() as u8,
            mcgrps: T::MCGRPS.as_ptr().cast(),
            n_mcgrps: T::MCGRPS.len() as u8,
            resv_start_op: 0,
            ..pin_init::zeroed()
        };
        for (dst, src) in family.name.iter_mut().zip(T::NAME.to_bytes_with_nul()) {
            *dst = *src as c_char;
        }
        let inner = Arc::pin_init(
            try_pin_init!(Inner::<T> {
                family: Opaque::new(family),
                state <- state,
            }? Error),
            flags,
        )?;
        // SAFETY: The family lives inside the `Arc` and never moves; it outlives its
        // registration because `Drop` unregisters it before dropping this `Arc`, and dumps
        // hold their own reference.
        to_result(unsafe { bindings::genl_register_family(inner.family.get()) })?;
        // INVARIANT: Registered.
        Ok(FamilyRegistration { inner })
    }

    /// The state.
    pub(crate) fn state(&self) -> &T::State {
        &self.inner.state
    }

    /// The registered family, to build and send notifications.
    pub(crate) fn family(&self) -> FamilyRef<'_, T> {
        FamilyRef {
            family: &self.inner.family,
            _family: PhantomData,
        }
    }
}

impl<T: Operations> Drop for FamilyRegistration<T> {
    fn drop(&mut self) {
        // SAFETY: Registered in `new`; this is the only unregistration. It waits for running
        // do handlers (the core's `cb_lock`); open dumps keep their own reference.
        unsafe { bindings::genl_unregister_family(self.inner.family.get()) };
    }
}

/// A registered family `T`, for the duration `'a` during which it stays registered.
pub(crate) struct FamilyRef<'a, T> {
    family: &'a Opaque<bindings::genl_family>,
    _family: PhantomData<fn() -> T>,
}

impl<T> Clone for FamilyRef<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for FamilyRef<'_, T> {}

impl<T> FamilyRef<'_, T> {
    /// The C family.
    pub(crate) fn as_raw(self) -> *const bindings::genl_family {
        self.family.get()
    }
}

/// A do request being handled: its sender, sequence number, attributes and extended ACK.
///
/// `'a` brands the request (invariant): its attributes, extended ACK and reply carry it.
pub(crate) struct Info<'a, T> {
    info: &'a bindings::genl_info,
    family: &'a Opaque<bindings::genl_family>,
    attrs: Attrs<'a>,
    _family: PhantomData<fn() -> T>,
}

impl<'a, T: Operations> Info<'a, T> {
    /// The sender's port id (from the socket, never from the header).
    pub(crate) fn sender_port(&self) -> u32 {
        self.info.snd_portid
    }

    /// The request's sequence number.
    pub(crate) fn seq(&self) -> u32 {
        self.info.snd_seq
    }

    /// The attribute `ty`, if the request has it.
    pub(crate) fn attr<K>(&self, ty: AttrType<K>) -> Option<Attr<'a, K>> {
        self.attrs.get(ty)
    }

    /// The request's extended ACK.
    pub(crate) fn extack(&self) -> ExtAck<'a> {
        // SAFETY: The core's extack is valid for the handler's duration and the request's
        // attributes stay alive until the ACK is built.
        unsafe { ExtAck::from_raw(self.info.extack) }
    }

    /// `EINVAL` for a missing attribute, with `msg` and the attribute's type in the
    /// extended ACK (`NL_SET_ERR_MSG` and `NL_SET_ERR_ATTR_MISS`).
    pub(crate) fn missing<K>(&self, ty: AttrType<K>, msg: &'static CStr) -> Error {
        let mut extack = self.extack();
        extack.set_msg(msg);
        extack.set_missing(ty);
        EINVAL
    }

    /// `err` about `attr`, with `msg` and the attribute's offset in the extended ACK
    /// (`NL_SET_ERR_MSG_ATTR`).
    pub(crate) fn bad_attr<K>(&self, attr: &Attr<'a, K>, msg: &'static CStr, err: Error) -> Error {
        let mut extack = self.extack();
        extack.set_msg(msg);
        extack.set_bad_attr(attr);
        err
    }

    /// Starts a reply of `cmd` to the sender, with room for `payload` bytes of attributes.
    pub(crate) fn reply(&self, cmd: u8, payload: usize, flags: Flags) -> Result<Reply<'a>> {
        // SAFETY: `info` is the request being handled; its family is registered while the
        // handler runs.
        unsafe { Reply::new(self.info, cmd, payload, flags) }
    }

    /// The request's family, registered while the request is handled.
    pub(crate) fn family(&self) -> FamilyRef<'a, T> {
        FamilyRef {
            family: self.family,
            _family: PhantomData,
        }
    }
}

/// `doit` of an operation: finds the family's state and calls the handler.
///
/// # Safety
///
/// Called by the Generic Netlink core with a request of family `T`, parsed with
/// `H::POLICY`, while the family is registered.
unsafe extern "C" fn doit_trampoline<T: Operations, H: DoIt<T>>(
    _skb: *mut bindings::sk_buff,
    info: *mut bindings::genl_info,
) -> c_int {
    // SAFETY: `info` is valid for the call.
    let info = unsafe { &*info };
    // SAFETY: The request is of family `T`, registered (its `Arc` alive) during the call:
    // unregistering waits for running handlers.
    let inner = unsafe { Inner::<T>::borrow_arc(info.family) };
    // SAFETY: The core parsed the request with `H::POLICY` into `maxattr + 1` entries.
    let attrs = unsafe { Attrs::from_raw(info.attrs, H::POLICY.maxattr()) };
    let mut request = Info {
        info,
        family: &inner.family,
        attrs,
        _family: PhantomData,
    };
    match H::doit(&inner.state, &mut request) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

#[kunit_tests(genltest_kext_genl)]
mod tests {
    use super::*;
    use crate::kext::net::netlink::dump::Dump;

    #[test]
    fn test_family_flags_bitfield() {
        for netnsok in [false, true] {
            for parallel_ops in [false, true] {
                let mut b_fam = bindings::genl_family {
                    ..Default::default()
                };
                b_fam.set_netnsok(if netnsok { 1 } else { 0 });
                b_fam.set_parallel_ops(if parallel_ops { 1 } else { 0 });
                let c_bitfield = FamilyFlags {
                    netnsok,
                    parallel_ops,
                }
                .into_bitfield();
                // SAFETY: The bit field is stored as u8.
                let b_val: u8 = unsafe { core::mem::transmute(b_fam._bitfield_1) };
                // SAFETY: The bit field is stored as u8.
                let c_val: u8 = unsafe { core::mem::transmute(c_bitfield) };
                assert_eq!(b_val, c_val);
            }
        }
    }

    /// A family for the table tests, registered only by the registration test.
    struct Test;

    /// A do handler that answers nothing.
    struct Do;

    /// A dump handler that sends nothing.
    struct Dumper;

    impl DoIt<Test> for Do {
        const POLICY: PolicyRef = PolicyRef::reject_all();
        fn doit((): &(), _: &mut Info<'_, Test>) -> Result {
            Ok(())
        }
    }

    impl DumpIt<Test> for Dumper {
        type Cursor = u64;
        fn start((): &()) -> Result<u64> {
            Ok(0)
        }
        fn dumpit((): &(), _: &mut u64, _: &mut Dump<'_>) -> Result {
            Ok(())
        }
    }

    #[vtable]
    impl Operations for Test {
        type State = ();
        const NAME: &'static CStr = c"genltest_kunit";
        const VERSION: u32 = 1;
        const OPS: &'static [SplitOp<Self>] = &[
            SplitOp::doit::<Do>(1, OpFlags::NONE),
            SplitOp::doit::<Do>(2, OpFlags::ADMIN_PERM),
            SplitOp::dumpit::<Dumper>(2, OpFlags::ADMIN_PERM),
            SplitOp::dumpit::<Dumper>(3, OpFlags::NONE),
        ];
        const MCGRPS: &'static [MulticastGroup] = &[
            MulticastGroup::const_new(c"a"),
            MulticastGroup::const_new(c"b"),
        ];
    }

    #[test]
    fn split_ops_carry_caps_flags_and_policy() {
        let ops = Test::OPS;
        assert!(ops_are_valid(ops));
        let caps: [u8; 4] = [
            ops[0].flags(),
            ops[1].flags(),
            ops[2].flags(),
            ops[3].flags(),
        ];
        let (d, u, a) = (
            bindings::GENL_CMD_CAP_DO as u8,
            bindings::GENL_CMD_CAP_DUMP as u8,
            bindings::GENL_ADMIN_PERM as u8,
        );
        assert_eq!(caps, [d, d | a, u | a, u]);
        assert!(ops[1].is_do() && !ops[2].is_do());
        assert_eq!(
            SplitOp::<Test>::doit::<Do>(9, OpFlags::UNS_ADMIN_PERM).flags(),
            d | bindings::GENL_UNS_ADMIN_PERM as u8
        );
        assert_eq!(ops[0].maxattr(), 0);
        assert!(!ops[0].op.policy.is_null());
        // A dump without a policy leaves it to the core's reject-all.
        assert!(ops[3].op.policy.is_null());
        // SAFETY: Reading the union member the constructor wrote.
        let dump = unsafe { ops[3].op.__bindgen_anon_1.__bindgen_anon_2 };
        assert!(dump.start.is_some() && dump.dumpit.is_some() && dump.done.is_some());
    }

    #[test]
    fn invalid_tables_are_refused() {
        let unsorted = [
            SplitOp::<Test>::doit::<Do>(2, OpFlags::NONE),
            SplitOp::<Test>::doit::<Do>(1, OpFlags::NONE),
        ];
        assert!(!ops_are_valid(&unsorted));
        let dump_first = [
            SplitOp::<Test>::dumpit::<Dumper>(1, OpFlags::NONE),
            SplitOp::<Test>::doit::<Do>(1, OpFlags::NONE),
        ];
        assert!(!ops_are_valid(&dump_first));
        let two_dos = [
            SplitOp::<Test>::doit::<Do>(1, OpFlags::NONE),
            SplitOp::<Test>::doit::<Do>(1, OpFlags::NONE),
        ];
        assert!(!ops_are_valid(&two_dos));
        let flags_differ = [
            SplitOp::<Test>::doit::<Do>(1, OpFlags::ADMIN_PERM),
            SplitOp::<Test>::dumpit::<Dumper>(1, OpFlags::NONE),
        ];
        assert!(!ops_are_valid(&flags_differ));
    }

    #[test]
    fn groups_are_indexed() {
        assert_eq!(Group::<Test>::new::<0>().index(), 0);
        assert_eq!(Group::<Test>::new::<1>().index(), 1);
        // `Group::<Test>::new::<2>()` does not build: `Test` has two groups.
    }

    /// One registration per family: the second of the same name fails, the first keeps
    /// working, and after both are gone the name can be registered again.
    #[test]
    fn a_second_registration_fails_with_eexist() -> Result {
        let module = kernel::module::this_module::<crate::LocalModule>();
        let first = FamilyRegistration::<Test>::new(module, Ok::<(), Error>(()), GFP_KERNEL)?;
        let second = FamilyRegistration::<Test>::new(module, Ok::<(), Error>(()), GFP_KERNEL);
        assert!(matches!(second, Err(e) if e == EEXIST));
        drop(first);
        let again = FamilyRegistration::<Test>::new(module, Ok::<(), Error>(()), GFP_KERNEL)?;
        drop(again);
        Ok(())
    }
}
