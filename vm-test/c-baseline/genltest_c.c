// SPDX-License-Identifier: GPL-2.0
/*
 * genltest_c: the C baseline of scripts/bench-compare.
 *
 * The Generic Netlink family "genltest", version 1, as a plain C module would write its
 * ECHO: the same wire shape as genltest.ko (genltest.yaml) for that one command and
 * nothing else. No log lines, no history, no counters, no classic unit 31, no sysfs.
 *
 * - MSG (1): NLA_NUL_STRING of at most 1024 bytes before the NUL, checked by the policy.
 * - ECHO (1): requires MSG; replies with ECHO and MSG, the same text (nla_put_string).
 *   Passes over the text: the policy's memchr, nla_put_string's strlen and its copy.
 *   (genltest.ko makes one more, its history copy, and refuses a NUL before the end,
 *   which this module would echo up to that NUL.)
 * - Multicast group "mcgrp" (nothing is ever sent to it).
 * - Like genltest.ko: parallel_ops, netnsok, every command strictly validated
 *   (resv_start_op 0), the reply sized for exactly the attribute it carries.
 *
 * It registers the same family name as genltest.ko, so the two cannot be loaded together:
 * scripts/bench-compare loads one after the other in the same boot.
 */

#include <linux/module.h>
#include <net/genetlink.h>

#define GENLTEST_FAMILY_NAME	"genltest"
#define GENLTEST_FAMILY_VERSION	1

enum {
	GENLTEST_A_UNSPEC,
	GENLTEST_A_MSG,
	__GENLTEST_A_MAX_ECHO,
	GENLTEST_A_MAX_ECHO = __GENLTEST_A_MAX_ECHO - 1,
};

enum {
	GENLTEST_CMD_UNSPEC,
	GENLTEST_CMD_ECHO,
};

#define GENLTEST_MAX_MSG	1024

static const struct nla_policy genltest_echo_policy[GENLTEST_A_MAX_ECHO + 1] = {
	[GENLTEST_A_MSG] = { .type = NLA_NUL_STRING, .len = GENLTEST_MAX_MSG },
};

static struct genl_family genltest_family;

static int genltest_echo_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *msg;
	struct sk_buff *reply;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, GENLTEST_A_MSG))
		return -EINVAL;
	msg = info->attrs[GENLTEST_A_MSG];

	/*
	 * The policy found a NUL within the attribute: the text and its NUL fit in the
	 * attribute's length, which sizes the reply without a pass over the text.
	 */
	reply = genlmsg_new(nla_total_size(nla_len(msg)), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_put_reply(reply, info, &genltest_family, 0, GENLTEST_CMD_ECHO);
	if (!hdr) {
		err = -EMSGSIZE;
		goto free;
	}
	err = nla_put_string(reply, GENLTEST_A_MSG, nla_data(msg));
	if (err)
		goto free;
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);

free:
	nlmsg_free(reply);
	return err;
}

static const struct genl_split_ops genltest_ops[] = {
	{
		.cmd		= GENLTEST_CMD_ECHO,
		.doit		= genltest_echo_doit,
		.policy		= genltest_echo_policy,
		.maxattr	= GENLTEST_A_MAX_ECHO,
		.flags		= GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group genltest_mcgrps[] = {
	{ .name = "mcgrp" },
};

static struct genl_family genltest_family = {
	.name		= GENLTEST_FAMILY_NAME,
	.version	= GENLTEST_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= genltest_ops,
	.n_split_ops	= ARRAY_SIZE(genltest_ops),
	.mcgrps		= genltest_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(genltest_mcgrps),
	.resv_start_op	= 0,
};

static int __init genltest_c_init(void)
{
	return genl_register_family(&genltest_family);
}

static void __exit genltest_c_exit(void)
{
	genl_unregister_family(&genltest_family);
}

module_init(genltest_c_init);
module_exit(genltest_c_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("genltest's C baseline: the Generic Netlink family genltest, ECHO only");
