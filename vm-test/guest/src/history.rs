//! `HISTORY` as a do (one entry by `ID`) beside its dump: one command, two split
//! operations, each with its own policy, as the kernel reports them.

use genltest::ctrl;
use genltest::family::{self, Attr, Cmd, FAMILY_VERSION};
use genltest::gen::nlctrl::op_flags;
use genltest::wire::{MessageBuilder, NLM_F_ACK, NLM_F_REQUEST};

use crate::malformed::FIRST_ATTR;
use crate::util::*;

type TestResult = Result<(), String>;

/// The extack message of a `HISTORY` do without `ID`.
pub const HISTORY_ID_MISSING: &str =
    "genltest: HISTORY requires the ID attribute (or NLM_F_DUMP for all)";
/// The extack message of a `HISTORY` do with an id the history does not keep.
pub const HISTORY_NO_SUCH_ID: &str = "genltest: no history entry has this ID";

/// A `HISTORY` do request with the attributes `attrs` adds.
fn history_do(
    attrs: impl FnOnce(MessageBuilder<'_>) -> MessageBuilder<'_>,
) -> Result<genltest::error::Ack, String> {
    raw_genl(|buf, id| {
        attrs(
            MessageBuilder::new(buf, id, NLM_F_REQUEST | NLM_F_ACK, 9)
                .genl(Cmd::History as u8, FAMILY_VERSION),
        )
        .finish();
    })
}

/// An `ID` attribute holding `value`.
fn id_attr(value: &[u8]) -> impl FnOnce(MessageBuilder<'_>) -> MessageBuilder<'_> + '_ {
    move |m| m.attr(Attr::Id as u16, value)
}

/// Every entry the dump lists, asked for by its id, is the same entry: one reply of
/// command `HISTORY` with `ID`, `PORTID` and `MSG`.
pub fn genl_history_do_returns_the_entry_with_that_id() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    c.reset().map_err(|e| e.to_string())?;
    for text in [&b"first"[..], b"second", &[b'z'; 1024]] {
        c.echo(text).map_err(|e| e.to_string())?;
    }
    let all = c.history().map_err(|e| e.to_string())?;
    check_eq(all.len(), 3, "entries dumped")?;
    for e in &all {
        let got = c.history_entry(e.id).map_err(|e| e.to_string())?;
        check_eq(&got, e, "the do's entry equals the dump's")?;
    }
    check_eq(&all[2].msg[..], &[b'z'; 1024][..], "the longest text")
}

/// An id the history does not keep (never given, or cleared by `RESET`): `ENOENT`, an
/// extack message and the offset of `ID` in the request.
pub fn genl_history_do_unknown_id_is_enoent_at_the_attribute() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    c.echo(b"kept").map_err(|e| e.to_string())?;
    let last = c
        .history()
        .map_err(|e| e.to_string())?
        .last()
        .map(|e| e.id)
        .ok_or("an entry")?;
    for id in [last + 1, last + 1000, 0, u64::MAX] {
        let ack = history_do(id_attr(&id.to_ne_bytes()))?;
        check_ack(
            &ack,
            libc::ENOENT,
            Some(HISTORY_NO_SUCH_ID),
            Some(FIRST_ATTR),
        )?;
    }
    c.reset().map_err(|e| e.to_string())?;
    let ack = history_do(id_attr(&last.to_ne_bytes()))?;
    check_ack(
        &ack,
        libc::ENOENT,
        Some(HISTORY_NO_SUCH_ID),
        Some(FIRST_ATTR),
    )
}

/// Without `ID`: `EINVAL`, an extack message and `ID` as the missing attribute; an `ID`
/// that is not 8 bytes fails the policy (`NLA_U64`).
pub fn genl_history_do_needs_an_8_byte_id() -> TestResult {
    let ack = history_do(|m| m)?;
    check_ack(&ack, libc::EINVAL, Some(HISTORY_ID_MISSING), None)?;
    check_eq(ack.missing_type, Some(Attr::Id as u32), "missing type")?;
    let ack = history_do(id_attr(&7u32.to_ne_bytes()))?;
    check_eq(
        (-ack.error, ack.bad_offset),
        (libc::EINVAL, Some(FIRST_ATTR)),
        "a 4-byte ID is refused at the attribute",
    )?;
    // MSG is in the family's attribute set but not in this operation's policy.
    let ack = history_do(|m| {
        m.attr(Attr::Id as u16, &1u64.to_ne_bytes())
            .attr_str(Attr::Msg as u16, b"x")
    })?;
    check_eq(ack.error, -libc::EINVAL, "MSG on the do")
}

/// `CTRL_CMD_GETFAMILY` lists `HISTORY` once, with both capabilities and a policy;
/// `CTRL_CMD_GETPOLICY` gives its do the policy of `ID` (a u64, maxattr 8) and its dump
/// none of its own (no attribute accepted).
pub fn genl_history_is_do_and_dump_in_getfamily_and_getpolicy() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    let ops: Vec<&ctrl::Op> = c
        .family
        .ops
        .iter()
        .filter(|o| o.id == Cmd::History as u32)
        .collect();
    check_eq(ops.len(), 1, "HISTORY listed once")?;
    check_eq(
        ops[0].flags & (op_flags::CMD_CAP_DO | op_flags::CMD_CAP_DUMP | op_flags::CMD_CAP_HASPOL),
        op_flags::CMD_CAP_DO | op_flags::CMD_CAP_DUMP | op_flags::CMD_CAP_HASPOL,
        "HISTORY's op flags",
    )?;
    check_eq(
        ops[0].flags & op_flags::ADMIN_PERM,
        0,
        "HISTORY is open to everyone",
    )?;
    let policies = c.policies().map_err(|e| e.to_string())?;
    let op = policies
        .ops
        .iter()
        .find(|o| o.cmd == Cmd::History as u32)
        .ok_or("HISTORY in GETPOLICY")?;
    let do_policy = op.do_policy.ok_or("HISTORY's do has a policy")?;
    let attrs: Vec<(u32, &str)> = policies
        .attrs
        .iter()
        .filter(|a| a.policy == do_policy)
        .map(|a| (a.attr, a.kind.as_str()))
        .collect();
    check_eq(attrs, vec![(Attr::Id as u32, "u64")], "the do's policy")?;
    if let Some(dump_policy) = op.dump_policy {
        check(
            dump_policy != do_policy,
            "the dump does not share the do's policy",
        )?;
        check_eq(
            policies
                .attrs
                .iter()
                .filter(|a| a.policy == dump_policy)
                .count(),
            0,
            "attributes the dump accepts",
        )?;
    }
    // The other commands kept their flags: ECHO a do with a policy.
    let echo = c
        .family
        .ops
        .iter()
        .find(|o| o.id == Cmd::Echo as u32)
        .ok_or("ECHO")?;
    check_eq(
        echo.flags,
        op_flags::CMD_CAP_DO | op_flags::CMD_CAP_HASPOL,
        "ECHO's op flags",
    )
}

/// `genltest history --id N` prints that entry like a dump's line; an unknown id exits 1
/// with the kernel's explanation.
pub fn cli_history_id_prints_one_entry_or_exits_1() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    c.echo(b"by id").map_err(|e| e.to_string())?;
    let e = c
        .history()
        .map_err(|e| e.to_string())?
        .pop()
        .ok_or("an entry")?;
    let out = cli(&["history", "--id", &e.id.to_string()]);
    expect_status(&out, 0)?;
    check_eq(
        out.stdout.clone(),
        format!("{} {} by id\n", e.id, e.portid),
        "one line",
    )?;
    let out = cli(&["--json", "history", "--id", &e.id.to_string()]);
    expect_status(&out, 0)?;
    check_eq(
        out.stdout.trim().to_owned(),
        format!(r#"{{"id":{},"msg":"by id","portid":{}}}"#, e.id, e.portid),
        "one JSON object",
    )?;
    let out = cli(&["history", "--id", &(e.id + 5000).to_string()]);
    expect_status(&out, 1)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: history: the kernel answered ENOENT: genltest: no history entry has \
         this ID (attribute ID) [at byte 20 of the request]\n",
        "one line: operation, errno, extack message, attribute and offset",
    )?;
    let out = cli(&["history", "--id", "x"]);
    expect_status(&out, 2)
}
