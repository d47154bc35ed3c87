//! The golden kernel-side files, compiled on the host against a model of the kernel API
//! (support/kernel_api_host.rs: the names and signatures the module must provide), and
//! checked against what the kernel's own generated C says for the same specs
//! (net/handshake/genl.c, net/core/netdev-genl-gen.c) and against genltest's
//! hand-written module/family.rs tables they replace.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../support/kernel_api_host.rs"]
mod kernel_api;

/// Where the generated files look for the API (`crate::netlink::ynl`).
mod netlink {
    pub(crate) use super::kernel_api as ynl;
}

#[path = "golden/genltest/kernel.rs"]
mod genltest;
#[path = "golden/handshake/kernel.rs"]
mod handshake;
#[allow(unexpected_cfgs)]
#[path = "golden/netdev/kernel.rs"]
mod netdev;
#[path = "golden/nlctrl/kernel.rs"]
mod nlctrl;

use netlink::ynl::{
    AttrPolicy, DoInfo, DumpInfo, Error, Handler, NlaType, Result, SplitOp, Validation,
    GENL_ADMIN_PERM, GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP, GENL_UNS_ADMIN_PERM,
};

/// A family state that counts the calls of each handler.
#[derive(Default)]
struct Genltest {
    calls: std::sync::Mutex<Vec<&'static str>>,
}

impl Genltest {
    fn called(&self, name: &'static str) -> Result {
        self.calls.lock().unwrap().push(name);
        Ok(())
    }
}

impl genltest::GenltestOps for Genltest {
    fn echo_doit(&self, _info: &mut DoInfo<'_>) -> Result {
        self.called("echo")
    }
    fn get_stats_doit(&self, _info: &mut DoInfo<'_>) -> Result {
        self.called("get-stats")
    }
    fn history_doit(&self, _info: &mut DoInfo<'_>) -> Result {
        self.called("history-do")
    }
    fn history_dumpit(&self, _dump: &mut DumpInfo<'_>) -> Result {
        self.called("history")
    }
    fn reset_doit(&self, _info: &mut DoInfo<'_>) -> Result {
        Err(Error(-1))
    }
    fn burst_doit(&self, _info: &mut DoInfo<'_>) -> Result {
        self.called("burst")
    }
}

/// What the module's table gets: one static, built at compile time.
static GENLTEST_OPS: [SplitOp<Genltest>; genltest::N_OPS] = genltest::ops::<Genltest>();

/// The policy of `op`, or `None`, with its `maxattr`.
fn policy<T>(op: &SplitOp<T>) -> Option<(usize, &'static [AttrPolicy])> {
    op.policy.map(|p| (p.len() - 1, p))
}

fn is_do<T>(op: &SplitOp<T>) -> bool {
    matches!(op.handler, Handler::Do(_))
}

#[test]
fn genltest_ops_equal_the_hand_written_module_tables() {
    use genltest::{Cmd, GenltestAttr as A};
    let ops = &GENLTEST_OPS;
    let cmds: Vec<u8> = ops.iter().map(|o| o.cmd).collect();
    assert_eq!(cmds, [1, 2, 3, 3, 4, 5]);
    // ECHO: a do with MSG only, a NUL-terminated string of at most 1024 bytes (maxattr 1).
    assert_eq!(ops[0].cmd, Cmd::Echo as u8);
    assert!(is_do(&ops[0]));
    assert_eq!(ops[0].flags, GENL_CMD_CAP_DO);
    let (maxattr, p) = policy(&ops[0]).unwrap();
    assert_eq!(maxattr, 1);
    assert_eq!(
        p[A::Msg as usize],
        AttrPolicy::string(NlaType::NulString, 1024)
    );
    assert_eq!(p[0], AttrPolicy::UNSPEC);
    // GET_STATS and RESET take no attributes: no policy, so the core's reject-all one.
    assert!(policy(&ops[1]).is_none() && policy(&ops[4]).is_none());
    // HISTORY is a do taking ID (u64, maxattr 8) and a dump taking nothing, in that order.
    assert!(is_do(&ops[2]));
    assert_eq!(ops[2].flags, GENL_CMD_CAP_DO);
    let (maxattr, p) = policy(&ops[2]).unwrap();
    assert_eq!(maxattr, A::Id as usize);
    assert_eq!(p[A::Id as usize], AttrPolicy::new(NlaType::U64));
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
        p[A::Count as usize].validation,
        Validation::Range {
            min: Some(1),
            max: Some(4096)
        }
    );
    assert_eq!(p[A::Count as usize].ty, NlaType::U32);
    assert_eq!(
        p[A::Msg as usize],
        AttrPolicy::string(NlaType::NulString, 1024)
    );
    let unused = p.iter().filter(|e| **e == AttrPolicy::UNSPEC).count();
    assert_eq!(unused, 10);
    assert!(ops.iter().all(|o| o.validate == 0));
    assert_eq!(
        genltest::MCGRPS[genltest::McastGroup::Mcgrp as usize].name,
        c"mcgrp"
    );
    assert_eq!(
        genltest::Ntf::Ping.group(),
        Some(genltest::McastGroup::Mcgrp)
    );
    assert_eq!(genltest::FAMILY_NAME, c"genltest");
    assert_eq!(genltest::GenltestAttr::MAX, 11);
}

#[test]
fn genltest_handlers_are_reached_through_the_table() {
    let state = Genltest::default();
    let mut info = DoInfo { attrs: &[] };
    let mut dump = DumpInfo { attrs: &[] };
    for op in &GENLTEST_OPS {
        let result = match op.handler {
            Handler::Do(f) => f(&state, &mut info),
            Handler::Dump(f) => f(&state, &mut dump),
        };
        assert_eq!(result.is_err(), op.cmd == genltest::Cmd::Reset as u8);
    }
    assert_eq!(
        *state.calls.lock().unwrap(),
        ["echo", "get-stats", "history-do", "history", "burst"]
    );
}

struct Handshake;

impl handshake::HandshakeOps for Handshake {
    fn accept_doit(&self, _info: &mut DoInfo<'_>) -> Result {
        Ok(())
    }
    fn done_doit(&self, _info: &mut DoInfo<'_>) -> Result {
        Ok(())
    }
}

static HANDSHAKE_OPS: [SplitOp<Handshake>; handshake::N_OPS] = handshake::ops::<Handshake>();

#[test]
fn handshake_tables_match_the_kernels_generated_genl_c() {
    use handshake::{AcceptAttr, DoneAttr};
    // handshake_accept_nl_policy[HANDSHAKE_A_ACCEPT_HANDLER_CLASS + 1] =
    //     { [HANDLER_CLASS] = NLA_POLICY_MAX(NLA_U32, 2) }
    let (maxattr, p) = policy(&HANDSHAKE_OPS[0]).unwrap();
    assert_eq!(maxattr, AcceptAttr::HandlerClass as usize);
    assert_eq!(
        p[AcceptAttr::HandlerClass as usize],
        AttrPolicy::max(NlaType::U32, 2)
    );
    // handshake_done_nl_policy[HANDSHAKE_A_DONE_REMOTE_AUTH + 1] = { [STATUS] =
    //     NLA_POLICY_MAX(NLA_U32, MAX_ERRNO), [SOCKFD] = { NLA_S32 }, [REMOTE_AUTH] = { NLA_U32 } }
    let (maxattr, p) = policy(&HANDSHAKE_OPS[1]).unwrap();
    assert_eq!(maxattr, DoneAttr::RemoteAuth as usize);
    assert_eq!(
        p[DoneAttr::Status as usize],
        AttrPolicy::max(NlaType::U32, 4095)
    );
    assert_eq!(p[DoneAttr::Sockfd as usize], AttrPolicy::new(NlaType::S32));
    assert_eq!(
        p[DoneAttr::RemoteAuth as usize],
        AttrPolicy::new(NlaType::U32)
    );
    // .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO for both.
    assert!(HANDSHAKE_OPS
        .iter()
        .all(|o| o.flags == GENL_ADMIN_PERM | GENL_CMD_CAP_DO));
    let groups: Vec<_> = handshake::MCGRPS.iter().map(|g| g.name).collect();
    assert_eq!(groups, [c"none", c"tlshd"]);
}

struct Netdev;

impl netdev::NetdevOps for Netdev {
    fn dev_get_doit(&self, _: &mut DoInfo<'_>) -> Result {
        Ok(())
    }
    fn dev_get_dumpit(&self, _: &mut DumpInfo<'_>) -> Result {
        Ok(())
    }
    fn queue_get_doit(&self, _: &mut DoInfo<'_>) -> Result {
        Ok(())
    }
    fn queue_get_dumpit(&self, _: &mut DumpInfo<'_>) -> Result {
        Ok(())
    }
    fn napi_get_doit(&self, _: &mut DoInfo<'_>) -> Result {
        Ok(())
    }
    fn napi_get_dumpit(&self, _: &mut DumpInfo<'_>) -> Result {
        Ok(())
    }
    fn qstats_get_dumpit(&self, _: &mut DumpInfo<'_>) -> Result {
        Ok(())
    }
    fn bind_rx_doit(&self, _: &mut DoInfo<'_>) -> Result {
        Ok(())
    }
    fn napi_set_doit(&self, _: &mut DoInfo<'_>) -> Result {
        Ok(())
    }
    fn bind_tx_doit(&self, _: &mut DoInfo<'_>) -> Result {
        Ok(())
    }
    fn queue_create_doit(&self, _: &mut DoInfo<'_>) -> Result {
        Ok(())
    }
}

static NETDEV_OPS: [SplitOp<Netdev>; netdev::N_OPS] = netdev::ops::<Netdev>();

#[test]
fn netdev_tables_match_the_kernels_generated_netdev_genl_gen_c() {
    use netdev::{DmabufAttr, NapiAttr, QstatsAttr, QueueAttr};
    // Without CONFIG_PAGE_POOL and CONFIG_PAGE_POOL_STATS the four page-pool entries go.
    assert_eq!(NETDEV_OPS.len(), 11);
    let find = |cmd: netdev::Cmd, dump: bool| {
        NETDEV_OPS
            .iter()
            .find(|o| o.cmd == cmd as u8 && is_do(o) != dump)
            .unwrap()
    };
    // DEV_GET dump: .dumpit, .flags = GENL_CMD_CAP_DUMP, no policy.
    let op = find(netdev::Cmd::DevGet, true);
    assert!(policy(op).is_none() && op.flags == GENL_CMD_CAP_DUMP);
    // netdev_qstats_get_nl_policy: [IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
    // [SCOPE] = NLA_POLICY_MASK(NLA_UINT, 0x1).
    let (maxattr, p) = policy(find(netdev::Cmd::QstatsGet, true)).unwrap();
    assert_eq!(maxattr, QstatsAttr::Scope as usize);
    assert_eq!(
        p[QstatsAttr::Ifindex as usize],
        AttrPolicy::min(NlaType::U32, 1)
    );
    assert_eq!(
        p[QstatsAttr::Scope as usize],
        AttrPolicy::mask(NlaType::Uint, 0x1)
    );
    // netdev_bind_rx_nl_policy: [QUEUES] = NLA_POLICY_NESTED(netdev_queue_id_nl_policy),
    // [RX_PAGE_SIZE] = NLA_POLICY_FULL_RANGE(NLA_U32, {PAGE_SIZE, U32_MAX}).
    let op = find(netdev::Cmd::BindRx, false);
    assert_eq!(op.flags, GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO);
    let (_, p) = policy(op).unwrap();
    let queues = p[DmabufAttr::Queues as usize];
    assert_eq!(queues.ty, NlaType::Nested);
    let queue_id = queues.nested.unwrap();
    assert_eq!(queue_id.len() - 1, QueueAttr::Type as usize);
    assert_eq!(
        queue_id[QueueAttr::Id as usize],
        AttrPolicy::new(NlaType::U32)
    );
    assert_eq!(
        queue_id[QueueAttr::Type as usize],
        AttrPolicy::max(NlaType::U32, 1)
    );
    let Validation::FullRange(range) = p[DmabufAttr::RxPageSize as usize].validation else {
        panic!("rx-page-size has a full range");
    };
    assert_eq!((range.min, range.max), (4096, u64::from(u32::MAX)));
    // netdev_napi_set_nl_policy: [DEFER_HARD_IRQS] = FULL_RANGE(NLA_U32, {.max = S32_MAX}),
    // [THREADED] = NLA_POLICY_MAX(NLA_U32, 2).
    let op = find(netdev::Cmd::NapiSet, false);
    assert_eq!(op.flags, GENL_ADMIN_PERM | GENL_CMD_CAP_DO);
    let (maxattr, p) = policy(op).unwrap();
    assert_eq!(maxattr, NapiAttr::Threaded as usize);
    let Validation::FullRange(range) = p[NapiAttr::DeferHardIrqs as usize].validation else {
        panic!("defer-hard-irqs has a full range");
    };
    assert_eq!((range.min, range.max), (0, i32::MAX as u64));
    assert_eq!(
        p[NapiAttr::Threaded as usize],
        AttrPolicy::max(NlaType::U32, 2)
    );
    assert_eq!(
        p[NapiAttr::GroFlushTimeout as usize],
        AttrPolicy::new(NlaType::Uint)
    );
    // QUEUE_GET do and dump have their own policies (dual policy).
    let (do_max, _) = policy(find(netdev::Cmd::QueueGet, false)).unwrap();
    let (dump_max, _) = policy(find(netdev::Cmd::QueueGet, true)).unwrap();
    assert_eq!(
        (do_max, dump_max),
        (QueueAttr::Type as usize, QueueAttr::Ifindex as usize)
    );
}

struct Nlctrl;

impl nlctrl::NlctrlOps for Nlctrl {
    fn getfamily_doit(&self, _: &mut DoInfo<'_>) -> Result {
        Ok(())
    }
    fn getfamily_dumpit(&self, _: &mut DumpInfo<'_>) -> Result {
        Ok(())
    }
    fn getpolicy_dumpit(&self, _: &mut DumpInfo<'_>) -> Result {
        Ok(())
    }
}

static NLCTRL_OPS: [SplitOp<Nlctrl>; nlctrl::N_OPS] = nlctrl::ops::<Nlctrl>();

#[test]
fn nlctrl_ops_are_split_into_do_and_dump_with_directional_numbers() {
    use nlctrl::CtrlAttr;
    let kinds: Vec<(u8, bool)> = NLCTRL_OPS.iter().map(|o| (o.cmd, is_do(o))).collect();
    assert_eq!(kinds, [(3, true), (3, false), (10, false)]);
    assert_eq!(nlctrl::Cmd::Getfamily.reply(), 1);
    let (maxattr, p) = policy(&NLCTRL_OPS[0]).unwrap();
    assert_eq!(maxattr, CtrlAttr::FamilyName as usize);
    assert_eq!(
        p[CtrlAttr::FamilyName as usize],
        AttrPolicy::new(NlaType::NulString)
    );
    let (maxattr, p) = policy(&NLCTRL_OPS[2]).unwrap();
    assert_eq!(maxattr, CtrlAttr::Op as usize);
    assert_eq!(
        p[CtrlAttr::FamilyId as usize],
        AttrPolicy::new(NlaType::U16)
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
         #[path = {api:?}]\nmod kernel_api;\n\
         mod netlink {{\n    pub(crate) use super::kernel_api as ynl;\n}}\n\
         #[path = {gen:?}]\nmod {family};\n\
         use netlink::ynl::{{DoInfo, DumpInfo, Result, SplitOp}};\n{source}"
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

/// The handlers of genltest's trait, as a test module would write them, minus `skip`.
fn genltest_impl(skip: &str) -> String {
    let mut s = String::from("struct S;\nimpl genltest::GenltestOps for S {\n");
    for (name, arg) in [
        ("echo_doit", "DoInfo"),
        ("get_stats_doit", "DoInfo"),
        ("history_doit", "DoInfo"),
        ("history_dumpit", "DumpInfo"),
        ("reset_doit", "DoInfo"),
        ("burst_doit", "DoInfo"),
    ] {
        if name != skip {
            s += &format!("    fn {name}(&self, _: &mut {arg}<'_>) -> Result {{ Ok(()) }}\n");
        }
    }
    s + "}\nstatic OPS: [SplitOp<S>; genltest::N_OPS] = genltest::ops::<S>();\n"
}

#[test]
fn a_command_without_its_handler_does_not_compile_and_the_error_names_it() {
    let (ok, messages) = rustc("all-handlers", "genltest", &genltest_impl(""), &[]);
    assert!(ok, "the control case must build:\n{messages}");
    let (ok, messages) = rustc(
        "no-history",
        "genltest",
        &genltest_impl("history_dumpit"),
        &[],
    );
    assert!(!ok);
    assert!(
        messages
            .contains("error[E0046]: not all trait items implemented, missing: `history_dumpit`"),
        "{messages}"
    );
}

#[test]
fn netdev_config_conditions_add_their_operations_when_the_options_are_set() {
    let golden = std::fs::read_to_string(root().join("tests/golden/netdev/kernel.rs")).unwrap();
    // Every method of the trait, implemented.
    let mut source = String::from("struct S;\nimpl netdev::NetdevOps for S {\n");
    for line in golden.lines().map(str::trim) {
        if line.starts_with("fn ") && line.ends_with("-> Result;") {
            source += &format!("    {} {{ Ok(()) }}\n", line.trim_end_matches(';'));
        }
    }
    source += "}\nstatic OPS: [SplitOp<S>; netdev::N_OPS] = netdev::ops::<S>();\n\
               const _: () = assert!(netdev::N_OPS == 15);\n";
    let cfgs = ["CONFIG_PAGE_POOL", "CONFIG_PAGE_POOL_STATS"];
    let (ok, messages) = rustc("netdev-cfg", "netdev", &source, &cfgs);
    assert!(ok, "{messages}");
}
