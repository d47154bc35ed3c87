//! The golden kernel-side files, compiled on the host against a model of the module's
//! Generic Netlink abstraction (support/kernel_api_host.rs: the names and signatures of
//! module/kext/net/netlink/), and checked against what the kernel's own generated C says
//! for the same specs (net/handshake/genl.c, net/core/netdev-genl-gen.c) and against the
//! tables genltest's module had by hand before they were generated.

// The generated files name `kernel::…` and `crate::kext::…`, as in the module.
extern crate self as kernel;

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../support/kernel_api_host.rs"]
mod host;

use host::{bindings, kext, net, prelude};

#[path = "golden/genltest/kernel.rs"]
mod genltest;
#[path = "golden/handshake/kernel.rs"]
mod handshake;
#[allow(unexpected_cfgs)]
#[path = "golden/netdev/kernel.rs"]
mod netdev;
#[path = "golden/nlctrl/kernel.rs"]
mod nlctrl;

use kext::net::netlink::{
    attr::NlaType,
    dump::Dump,
    genl::{
        Handler, Info, Operations, SplitOp, GENL_ADMIN_PERM, GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP,
        GENL_UNS_ADMIN_PERM,
    },
    policy::{Policy, RangeUnsigned, Validation},
};
use net::netlink::MulticastGroup;
use prelude::{CStr, Error, Result};

/// A handler's entry with a type and nothing else.
fn plain(ty: NlaType) -> Policy {
    Policy::of(ty)
}

/// The policy of `op`, if it has one, with its `maxattr`.
fn policy<T: Operations>(op: &SplitOp<T>) -> Option<(usize, &'static [Policy])> {
    op.policy
        .is_some()
        .then(|| (op.policy.maxattr() as usize, op.policy.entries()))
}

fn is_do<T: Operations>(op: &SplitOp<T>) -> bool {
    matches!(op.handler, Handler::Do(_))
}

/// Handlers that do nothing, for a family whose tables alone are tested.
macro_rules! null_handlers {
    (do: [$($d:ident),*]; dump: [$($cursor:ident $start:ident $dumpit:ident),*]) => {
        $(fn $d(_: &(), _: &mut Info<'_, Self>) -> Result {
            Ok(())
        })*
        $(
            type $cursor = ();
            fn $start(_: &()) -> Result {
                Ok(())
            }
            fn $dumpit(_: &(), _: &mut (), _: &mut Dump<'_>) -> Result {
                Ok(())
            }
        )*
    };
}

/// genltest, with a state that records the calls of each handler.
struct Genltest;

#[derive(Default)]
struct Calls(std::sync::Mutex<Vec<&'static str>>);

impl Calls {
    fn called(&self, name: &'static str) -> Result {
        self.0.lock().unwrap().push(name);
        Ok(())
    }
}

impl Operations for Genltest {
    type State = Calls;
    const NAME: &'static CStr = genltest::FAMILY_NAME;
    const VERSION: u32 = genltest::FAMILY_VERSION;
    const OPS: &'static [SplitOp<Self>] = &genltest::ops::<Self>();
    const MCGRPS: &'static [MulticastGroup] = genltest::MCGRPS;
}

impl genltest::GenltestHandlers for Genltest {
    fn echo_doit(state: &Calls, _: &mut Info<'_, Self>) -> Result {
        state.called("echo")
    }
    fn get_stats_doit(state: &Calls, _: &mut Info<'_, Self>) -> Result {
        state.called("get-stats")
    }
    fn history_doit(state: &Calls, _: &mut Info<'_, Self>) -> Result {
        state.called("history-do")
    }
    type HistoryCursor = u64;
    fn history_start(state: &Calls) -> Result<u64> {
        state.called("history-start")?;
        Ok(7)
    }
    fn history_dumpit(state: &Calls, cursor: &mut u64, _: &mut Dump<'_>) -> Result {
        assert_eq!(*cursor, 7);
        state.called("history")
    }
    fn reset_doit(_: &Calls, _: &mut Info<'_, Self>) -> Result {
        Err(Error(-1))
    }
    fn burst_doit(state: &Calls, _: &mut Info<'_, Self>) -> Result {
        state.called("burst")
    }
}

#[test]
fn genltest_ops_equal_the_tables_the_module_had_by_hand() {
    use genltest::{A_COUNT, A_ID, A_MSG, CMD_ECHO};
    let ops = Genltest::OPS;
    let cmds: Vec<u8> = ops.iter().map(|o| o.cmd).collect();
    assert_eq!(cmds, [1, 2, 3, 3, 4, 5]);
    // ECHO: a do with MSG only, a NUL-terminated string of at most 1024 bytes (maxattr 1).
    assert_eq!(ops[0].cmd, CMD_ECHO);
    assert!(is_do(&ops[0]));
    assert_eq!(ops[0].flags, GENL_CMD_CAP_DO);
    let (maxattr, p) = policy(&ops[0]).unwrap();
    assert_eq!(maxattr, 1);
    let string = Policy {
        len: 1024,
        ..plain(NlaType::NulString)
    };
    assert_eq!(p[A_MSG.get() as usize], string);
    assert_eq!(p[0], Policy::UNSPEC);
    // GET_STATS and RESET take no attributes: a policy of their own with one NLA_REJECT
    // entry, maxattr 0 (what GETPOLICY reports for them).
    for i in [1, 4] {
        assert_eq!(policy(&ops[i]).unwrap(), (0, &[Policy::reject()][..]));
    }
    // HISTORY is a do taking ID (u64, maxattr 8) and a dump taking nothing, in that order.
    assert!(is_do(&ops[2]));
    assert_eq!(ops[2].flags, GENL_CMD_CAP_DO);
    let (maxattr, p) = policy(&ops[2]).unwrap();
    assert_eq!(maxattr, A_ID.get() as usize);
    assert_eq!(p[8], plain(NlaType::U64));
    assert!(!is_do(&ops[3]));
    assert_eq!(ops[3].flags, GENL_CMD_CAP_DUMP);
    assert!(policy(&ops[3]).is_none());
    // RESET and BURST need CAP_NET_ADMIN.
    assert_eq!(ops[4].flags, GENL_ADMIN_PERM | GENL_CMD_CAP_DO);
    assert_eq!(ops[5].flags, GENL_ADMIN_PERM | GENL_CMD_CAP_DO);
    // BURST: COUNT in 1..=4096 and MSG; maxattr 11, every other entry unused.
    let (maxattr, p) = policy(&ops[5]).unwrap();
    assert_eq!(maxattr, 11);
    assert_eq!(
        p[A_COUNT.get() as usize],
        Policy {
            validation: Validation::Range {
                min: Some(1),
                max: Some(4096)
            },
            ..plain(NlaType::U32)
        }
    );
    assert_eq!(p[A_MSG.get() as usize], string);
    let unused = p.iter().filter(|e| **e == Policy::UNSPEC).count();
    assert_eq!(unused, 10);
    assert_eq!(
        genltest::MCGRPS[genltest::NLGRP_MCGRP as usize].name,
        c"mcgrp"
    );
    assert_eq!(genltest::FAMILY_NAME, c"genltest");
    assert_eq!(genltest::NTF_PING_NTF, CMD_ECHO);
}

#[test]
fn genltest_handlers_are_reached_through_the_table() {
    let state = Calls::default();
    let mut info = Info {
        seq: 1,
        _family: std::marker::PhantomData,
    };
    for op in Genltest::OPS {
        let result = match op.handler {
            Handler::Do(f) => f(&state, &mut info),
            Handler::Dump(f) => f(&state),
        };
        assert_eq!(result.is_err(), op.cmd == genltest::CMD_RESET);
    }
    assert_eq!(
        *state.0.lock().unwrap(),
        [
            "echo",
            "get-stats",
            "history-do",
            "history-start",
            "history",
            "burst"
        ]
    );
}

struct Handshake;

impl Operations for Handshake {
    type State = ();
    const NAME: &'static CStr = handshake::FAMILY_NAME;
    const VERSION: u32 = handshake::FAMILY_VERSION;
    const OPS: &'static [SplitOp<Self>] = &handshake::ops::<Self>();
    const MCGRPS: &'static [MulticastGroup] = handshake::MCGRPS;
}

impl handshake::HandshakeHandlers for Handshake {
    null_handlers!(do: [accept_doit, done_doit]; dump: []);
}

#[test]
fn handshake_tables_match_the_kernels_generated_genl_c() {
    use handshake::{A_ACCEPT_HANDLER_CLASS, A_DONE_REMOTE_AUTH, A_DONE_SOCKFD, A_DONE_STATUS};
    let max = |ty, max| Policy {
        validation: Validation::Range {
            min: None,
            max: Some(max),
        },
        ..plain(ty)
    };
    let ops = Handshake::OPS;
    // handshake_accept_nl_policy[HANDSHAKE_A_ACCEPT_HANDLER_CLASS + 1] =
    //     { [HANDLER_CLASS] = NLA_POLICY_MAX(NLA_U32, 2) }
    let (maxattr, p) = policy(&ops[0]).unwrap();
    assert_eq!(maxattr, A_ACCEPT_HANDLER_CLASS.get() as usize);
    assert_eq!(p[maxattr], max(NlaType::U32, 2));
    // handshake_done_nl_policy[HANDSHAKE_A_DONE_REMOTE_AUTH + 1] = { [STATUS] =
    //     NLA_POLICY_MAX(NLA_U32, MAX_ERRNO), [SOCKFD] = { NLA_S32 }, [REMOTE_AUTH] = { NLA_U32 } }
    let (maxattr, p) = policy(&ops[1]).unwrap();
    assert_eq!(maxattr, A_DONE_REMOTE_AUTH.get() as usize);
    assert_eq!(
        p[A_DONE_STATUS.get() as usize],
        max(NlaType::U32, i64::from(bindings::MAX_ERRNO))
    );
    assert_eq!(p[A_DONE_SOCKFD.get() as usize], plain(NlaType::S32));
    assert_eq!(p[A_DONE_REMOTE_AUTH.get() as usize], plain(NlaType::U32));
    // .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO for both.
    assert!(ops
        .iter()
        .all(|o| o.flags == GENL_ADMIN_PERM | GENL_CMD_CAP_DO));
    let groups: Vec<_> = handshake::MCGRPS.iter().map(|g| g.name).collect();
    assert_eq!(groups, [c"none", c"tlshd"]);
}

struct Netdev;

impl Operations for Netdev {
    type State = ();
    const NAME: &'static CStr = netdev::FAMILY_NAME;
    const VERSION: u32 = netdev::FAMILY_VERSION;
    const OPS: &'static [SplitOp<Self>] = &netdev::ops::<Self>();
    const MCGRPS: &'static [MulticastGroup] = netdev::MCGRPS;
}

impl netdev::NetdevHandlers for Netdev {
    null_handlers!(
        do: [dev_get_doit, queue_get_doit, napi_get_doit, bind_rx_doit, napi_set_doit,
             bind_tx_doit, queue_create_doit];
        dump: [DevGetCursor dev_get_start dev_get_dumpit,
               QueueGetCursor queue_get_start queue_get_dumpit,
               NapiGetCursor napi_get_start napi_get_dumpit,
               QstatsGetCursor qstats_get_start qstats_get_dumpit]
    );
}

#[test]
fn netdev_tables_match_the_kernels_generated_netdev_genl_gen_c() {
    use netdev::*;
    let ops = Netdev::OPS;
    // Without CONFIG_PAGE_POOL and CONFIG_PAGE_POOL_STATS the four page-pool entries go.
    assert_eq!(ops.len(), 11);
    let find = |cmd: u8, dump: bool| {
        ops.iter()
            .find(|o| o.cmd == cmd && is_do(o) != dump)
            .unwrap()
    };
    let range = |ty, min, max| Policy {
        validation: Validation::Range { min, max },
        ..plain(ty)
    };
    // DEV_GET dump: .dumpit, .flags = GENL_CMD_CAP_DUMP, no policy.
    let op = find(CMD_DEV_GET, true);
    assert!(policy(op).is_none() && op.flags == GENL_CMD_CAP_DUMP);
    // netdev_qstats_get_nl_policy: [IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
    // [SCOPE] = NLA_POLICY_MASK(NLA_UINT, 0x1).
    let (maxattr, p) = policy(find(CMD_QSTATS_GET, true)).unwrap();
    assert_eq!(maxattr, A_QSTATS_SCOPE.get() as usize);
    assert_eq!(p[1], range(NlaType::U32, Some(1), None));
    assert_eq!(
        p[maxattr],
        Policy {
            validation: Validation::Mask(0x1),
            ..plain(NlaType::Uint)
        }
    );
    // netdev_bind_rx_nl_policy: [QUEUES] = NLA_POLICY_NESTED(netdev_queue_id_nl_policy),
    // [RX_PAGE_SIZE] = NLA_POLICY_FULL_RANGE(NLA_U32, {PAGE_SIZE, U32_MAX}).
    let op = find(CMD_BIND_RX, false);
    assert_eq!(op.flags, GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO);
    let (_, p) = policy(op).unwrap();
    let queues = p[A_DMABUF_QUEUES.get() as usize];
    assert_eq!(queues.ty, NlaType::Nested);
    let Validation::Nested(queue_id) = queues.validation else {
        panic!("queues is a nest");
    };
    assert_eq!(queue_id.len() - 1, A_QUEUE_TYPE.get() as usize);
    assert_eq!(queues.len as usize, queue_id.len() - 1);
    assert_eq!(queue_id[A_QUEUE_ID.get() as usize], plain(NlaType::U32));
    assert_eq!(
        queue_id[A_QUEUE_TYPE.get() as usize],
        range(NlaType::U32, None, Some(1))
    );
    assert_eq!(
        p[A_DMABUF_RX_PAGE_SIZE.get() as usize].validation,
        Validation::FullRange(RangeUnsigned::new(4096, u64::from(u32::MAX)))
    );
    // netdev_napi_set_nl_policy: [DEFER_HARD_IRQS] = FULL_RANGE(NLA_U32, {.max = S32_MAX}),
    // [THREADED] = NLA_POLICY_MAX(NLA_U32, 2).
    let op = find(CMD_NAPI_SET, false);
    assert_eq!(op.flags, GENL_ADMIN_PERM | GENL_CMD_CAP_DO);
    let (maxattr, p) = policy(op).unwrap();
    assert_eq!(maxattr, A_NAPI_THREADED.get() as usize);
    assert_eq!(
        p[A_NAPI_DEFER_HARD_IRQS.get() as usize].validation,
        Validation::FullRange(RangeUnsigned::new(0, i32::MAX as u64))
    );
    assert_eq!(p[maxattr], range(NlaType::U32, None, Some(2)));
    assert_eq!(
        p[A_NAPI_GRO_FLUSH_TIMEOUT.get() as usize],
        plain(NlaType::Uint)
    );
    // QUEUE_GET do and dump have their own policies (dual policy).
    let (do_max, _) = policy(find(CMD_QUEUE_GET, false)).unwrap();
    let (dump_max, _) = policy(find(CMD_QUEUE_GET, true)).unwrap();
    assert_eq!(
        (do_max, dump_max),
        (A_QUEUE_TYPE.get() as usize, A_QUEUE_IFINDEX.get() as usize)
    );
}

struct Nlctrl;

impl Operations for Nlctrl {
    type State = ();
    const NAME: &'static CStr = nlctrl::FAMILY_NAME;
    const VERSION: u32 = nlctrl::FAMILY_VERSION;
    const OPS: &'static [SplitOp<Self>] = &nlctrl::ops::<Self>();
    const MCGRPS: &'static [MulticastGroup] = nlctrl::MCGRPS;
}

impl nlctrl::NlctrlHandlers for Nlctrl {
    null_handlers!(
        do: [getfamily_doit];
        dump: [GetfamilyCursor getfamily_start getfamily_dumpit,
               GetpolicyCursor getpolicy_start getpolicy_dumpit]
    );
}

#[test]
fn nlctrl_ops_are_split_into_do_and_dump_with_directional_numbers() {
    use nlctrl::*;
    let ops = Nlctrl::OPS;
    let kinds: Vec<(u8, bool)> = ops.iter().map(|o| (o.cmd, is_do(o))).collect();
    assert_eq!(kinds, [(3, true), (3, false), (10, false)]);
    assert_eq!(CMD_GETFAMILY_REPLY, 1);
    let (maxattr, p) = policy(&ops[0]).unwrap();
    assert_eq!(maxattr, A_CTRL_ATTRS_FAMILY_NAME.get() as usize);
    assert_eq!(p[maxattr], plain(NlaType::NulString));
    let (maxattr, p) = policy(&ops[2]).unwrap();
    assert_eq!(maxattr, A_CTRL_ATTRS_OP.get() as usize);
    assert_eq!(
        p[A_CTRL_ATTRS_FAMILY_ID.get() as usize],
        plain(NlaType::U16)
    );
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compiles `source` (with the host API and the golden kernel file of `family` as
/// modules) as a library with rustc; returns whether it built and rustc's messages.
fn rustc(name: &str, family: &str, source: &str, cfgs: &[&str]) -> (bool, String) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("rustc-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    let api = root().join("support/kernel_api_host.rs");
    let gen = root().join("tests/golden").join(family).join("kernel.rs");
    let text = format!(
        "#![allow(dead_code, unexpected_cfgs)]\n\
         extern crate self as kernel;\n\
         #[path = {api:?}]\nmod host;\n\
         use host::{{bindings, kext, net, prelude}};\n\
         #[path = {gen:?}]\nmod {family};\n\
         use kext::net::netlink::{{dump::Dump, genl::{{Info, Operations, SplitOp}}}};\n\
         use prelude::{{CStr, Result}};\n\
         struct S;\n\
         impl Operations for S {{\n\
             type State = ();\n\
             const NAME: &'static CStr = {family}::FAMILY_NAME;\n\
             const VERSION: u32 = 1;\n\
             const OPS: &'static [SplitOp<Self>] = &{family}::ops::<Self>();\n\
             const MCGRPS: &'static [net::netlink::MulticastGroup] = &[];\n\
         }}\n\
         const _: usize = S::OPS.len();\n\
         {source}"
    );
    let file = dir.join("lib.rs");
    std::fs::write(&file, text).unwrap();
    let mut cmd = Command::new("rustc");
    cmd.args([
        "--edition",
        "2021",
        "--crate-type",
        "lib",
        "--emit",
        "metadata",
        "--out-dir",
    ])
    .arg(&dir)
    .arg(&file);
    for c in cfgs {
        cmd.args(["--cfg", c]);
    }
    let out = cmd.output().expect("rustc runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// An implementation of every item of the handler trait `name` of a golden file (as a
/// module would write them, with no-op bodies), minus `skip`.
fn handlers_impl(family: &str, name: &str, skip: &str) -> String {
    let golden =
        std::fs::read_to_string(root().join("tests/golden").join(family).join("kernel.rs"))
            .unwrap();
    let start = golden
        .find(&format!("pub(crate) trait {name}: Operations {{"))
        .unwrap();
    let end = start + golden[start..].find("\n}\n").unwrap();
    let mut s = format!("impl {family}::{name} for S {{\n");
    for line in golden[start..end].lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("fn ").or(line.strip_prefix("type ")) else {
            continue;
        };
        let item = rest.split(['(', ':']).next().unwrap();
        if item == skip {
            continue;
        }
        s += &if line.starts_with("type ") {
            format!("    type {item} = ();\n")
        } else if item.ends_with("_doit") {
            format!("    fn {item}(_: &(), _: &mut Info<'_, Self>) -> Result {{ Ok(()) }}\n")
        } else if item.ends_with("_start") {
            format!("    fn {item}(_: &()) -> Result {{ Ok(()) }}\n")
        } else {
            format!("    fn {item}(_: &(), _: &mut (), _: &mut Dump<'_>) -> Result {{ Ok(()) }}\n")
        };
    }
    s + "}\n"
}

#[test]
fn a_command_without_its_handler_does_not_compile_and_the_error_names_it() {
    let all = handlers_impl("genltest", "GenltestHandlers", "");
    assert_eq!(all.matches("    fn ").count(), 7, "{all}");
    let (ok, messages) = rustc("all-handlers", "genltest", &all, &[]);
    assert!(ok, "the control case must build:\n{messages}");
    for (skip, name) in [
        ("history_dumpit", "no-history-dump"),
        ("burst_doit", "no-burst"),
        ("HistoryCursor", "no-cursor"),
    ] {
        let source = handlers_impl("genltest", "GenltestHandlers", skip);
        let (ok, messages) = rustc(name, "genltest", &source, &[]);
        assert!(!ok);
        assert!(
            messages.contains(&format!(
                "error[E0046]: not all trait items implemented, missing: `{skip}`"
            )),
            "{messages}"
        );
    }
}

#[test]
fn netdev_config_conditions_add_their_operations_when_the_options_are_set() {
    let mut source = handlers_impl("netdev", "NetdevHandlers", "");
    source += "const _: () = assert!(netdev::N_OPS == 15 && S::OPS.len() == 15);\n";
    let cfgs = ["CONFIG_PAGE_POOL", "CONFIG_PAGE_POOL_STATS"];
    let (ok, messages) = rustc("netdev-cfg", "netdev", &source, &cfgs);
    assert!(ok, "{messages}");
}
