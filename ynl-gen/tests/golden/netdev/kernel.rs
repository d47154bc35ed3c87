// generated from netdev.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)

//! The Generic Netlink family `netdev`, kernel side: its constants, attribute numbers, policies,
//! split operations and multicast groups, and the trait its hand-written handlers implement (what
//! `ynl_gen_c.py` writes into a family's `-genl-gen.c` and `.h`).
//!
//! netdev configuration over generic netlink.

#![allow(dead_code, reason = "the tables name every value of the spec")]

use kernel::{
    net::netlink::MulticastGroup,
    prelude::*, //
};

use crate::kext::net::netlink::{
    attr::{
        AttrType,
        Nested,
        Pad,
        Uint,
        S32,
        U32,
        U64, //
    },
    dump::{
        Dump,
        DumpIt, //
    },
    genl::{
        DoIt,
        Info,
        OpFlags,
        Operations,
        SplitOp, //
    },
    policy::{
        policy,
        PolicyRef,
        RangeUnsigned, //
    },
};

/// The spec's `definitions`: constants, enums and flags.
pub(crate) mod defs {
    /// Bits of `xdp-act`.
    pub(crate) mod xdp_act {
        /// XDP features set supported by all drivers (XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX)
        pub(crate) const BASIC: u32 = 1 << 0;

        /// The netdev supports XDP_REDIRECT
        pub(crate) const REDIRECT: u32 = 1 << 1;

        /// This feature informs if netdev implements ndo_xdp_xmit callback.
        pub(crate) const NDO_XMIT: u32 = 1 << 2;

        /// This feature informs if netdev supports AF_XDP in zero copy mode.
        pub(crate) const XSK_ZEROCOPY: u32 = 1 << 3;

        /// This feature informs if netdev supports XDP hw offloading.
        pub(crate) const HW_OFFLOAD: u32 = 1 << 4;

        /// This feature informs if netdev implements non-linear XDP buffer support in the driver
        /// napi callback.
        pub(crate) const RX_SG: u32 = 1 << 5;

        /// This feature informs if netdev implements non-linear XDP buffer support in ndo_xdp_xmit
        /// callback.
        pub(crate) const NDO_XMIT_SG: u32 = 1 << 6;
    }

    /// Bits of `xdp-rx-metadata`.
    pub(crate) mod xdp_rx_metadata {
        /// Device is capable of exposing receive HW timestamp via bpf_xdp_metadata_rx_timestamp().
        pub(crate) const TIMESTAMP: u32 = 1 << 0;

        /// Device is capable of exposing receive packet hash via bpf_xdp_metadata_rx_hash().
        pub(crate) const HASH: u32 = 1 << 1;

        /// Device is capable of exposing receive packet VLAN tag via
        /// bpf_xdp_metadata_rx_vlan_tag().
        pub(crate) const VLAN_TAG: u32 = 1 << 2;
    }

    /// Bits of `xsk-flags`.
    pub(crate) mod xsk_flags {
        /// HW timestamping egress packets is supported by the driver.
        pub(crate) const TX_TIMESTAMP: u32 = 1 << 0;

        /// L3 checksum HW offload is supported by the driver.
        pub(crate) const TX_CHECKSUM: u32 = 1 << 1;

        /// Launch time HW offload is supported by the driver.
        pub(crate) const TX_LAUNCH_TIME_FIFO: u32 = 1 << 2;
    }

    /// Values of `queue-type`.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    #[repr(u32)]
    pub(crate) enum QueueType {
        /// `rx`.
        Rx = 0,
        /// `tx`.
        Tx = 1,
    }

    /// Bits of `qstats-scope`.
    pub(crate) mod qstats_scope {
        /// `queue`.
        pub(crate) const QUEUE: u32 = 1 << 0;
    }

    /// Values of `napi-threaded`.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    #[repr(u32)]
    pub(crate) enum NapiThreaded {
        /// `disabled`.
        Disabled = 0,
        /// `enabled`.
        Enabled = 1,
        /// `busy-poll`.
        BusyPoll = 2,
    }
}

/// The family's name (`genl_family.name`).
pub(crate) const FAMILY_NAME: &CStr = c"netdev";
/// The family's version (`genl_family.version`).
pub(crate) const FAMILY_VERSION: u32 = 1;

/// Command `dev-get` (`genlmsghdr.cmd` of requests): Get / dump information about a netdev.
pub(crate) const CMD_DEV_GET: u8 = 1;

/// Command `page-pool-get` (`genlmsghdr.cmd` of requests): Get / dump information about Page Pools.
/// Only Page Pools associated by the driver with a net_device can be listed. ifindex will not be
/// reported if the net_device no longer exists.
pub(crate) const CMD_PAGE_POOL_GET: u8 = 5;

/// Command `page-pool-stats-get` (`genlmsghdr.cmd` of requests): Get page pool statistics.
pub(crate) const CMD_PAGE_POOL_STATS_GET: u8 = 9;

/// Command `queue-get` (`genlmsghdr.cmd` of requests): Get queue information from the kernel. Only
/// configured queues will be reported (as opposed to all available hardware queues).
pub(crate) const CMD_QUEUE_GET: u8 = 10;

/// Command `napi-get` (`genlmsghdr.cmd` of requests): Get information about NAPI instances
/// configured on the system.
pub(crate) const CMD_NAPI_GET: u8 = 11;

/// Command `qstats-get` (`genlmsghdr.cmd` of requests): Get / dump fine grained statistics. Which
/// statistics are reported depends on the device and the driver, and whether the driver stores
/// software counters per-queue.
pub(crate) const CMD_QSTATS_GET: u8 = 12;

/// Command `bind-rx` (`genlmsghdr.cmd` of requests): Bind dmabuf to netdev
pub(crate) const CMD_BIND_RX: u8 = 13;

/// Command `napi-set` (`genlmsghdr.cmd` of requests): Set configurable NAPI instance settings.
pub(crate) const CMD_NAPI_SET: u8 = 14;

/// Command `bind-tx` (`genlmsghdr.cmd` of requests): Bind dmabuf to netdev for TX
pub(crate) const CMD_BIND_TX: u8 = 15;

/// Command `queue-create` (`genlmsghdr.cmd` of requests): Create a new queue for the given
/// netdevice. Whether this operation is supported depends on the device and the driver.
pub(crate) const CMD_QUEUE_CREATE: u8 = 16;

/// Notification `dev-add-ntf` (`genlmsghdr.cmd`, sent to group `mgmt`): Notification about device
/// appearing.
pub(crate) const NTF_DEV_ADD_NTF: u8 = 2;

/// Notification `dev-del-ntf` (`genlmsghdr.cmd`, sent to group `mgmt`): Notification about device
/// disappearing.
pub(crate) const NTF_DEV_DEL_NTF: u8 = 3;

/// Notification `dev-change-ntf` (`genlmsghdr.cmd`, sent to group `mgmt`): Notification about
/// device configuration being changed.
pub(crate) const NTF_DEV_CHANGE_NTF: u8 = 4;

/// Notification `page-pool-add-ntf` (`genlmsghdr.cmd`, sent to group `page-pool`): Notification
/// about page pool appearing.
pub(crate) const NTF_PAGE_POOL_ADD_NTF: u8 = 6;

/// Notification `page-pool-del-ntf` (`genlmsghdr.cmd`, sent to group `page-pool`): Notification
/// about page pool disappearing.
pub(crate) const NTF_PAGE_POOL_DEL_NTF: u8 = 7;

/// Notification `page-pool-change-ntf` (`genlmsghdr.cmd`, sent to group `page-pool`): Notification
/// about page pool configuration being changed.
pub(crate) const NTF_PAGE_POOL_CHANGE_NTF: u8 = 8;

/// Attribute `dev.ifindex`: netdev ifindex
pub(crate) const A_DEV_IFINDEX: AttrType<U32> = AttrType::new(1);

/// Attribute `dev.pad`.
pub(crate) const A_DEV_PAD: AttrType<Pad> = AttrType::new(2);

/// Attribute `dev.xdp-features`: Bitmask of enabled xdp-features.
pub(crate) const A_DEV_XDP_FEATURES: AttrType<U64> = AttrType::new(3);

/// Attribute `dev.xdp-zc-max-segs`: max fragment count supported by ZC driver
pub(crate) const A_DEV_XDP_ZC_MAX_SEGS: AttrType<U32> = AttrType::new(4);

/// Attribute `dev.xdp-rx-metadata-features`: Bitmask of supported XDP receive metadata features.
/// See Documentation/networking/xdp-rx-metadata.rst for more details.
pub(crate) const A_DEV_XDP_RX_METADATA_FEATURES: AttrType<U64> = AttrType::new(5);

/// Attribute `dev.xsk-features`: Bitmask of enabled AF_XDP features.
pub(crate) const A_DEV_XSK_FEATURES: AttrType<U64> = AttrType::new(6);

/// Attribute `io-uring-provider-info.rx-buf-len`: RX buffer length in bytes for this io_uring
/// memory provider. Reflects the rx_buf_len passed at io_uring zerocopy rx registration time.
pub(crate) const A_IO_URING_PROVIDER_INFO_RX_BUF_LEN: AttrType<Uint> = AttrType::new(1);

/// Attribute `page-pool.id`: Unique ID of a Page Pool instance.
pub(crate) const A_PAGE_POOL_ID: AttrType<Uint> = AttrType::new(1);

/// Attribute `page-pool.ifindex`: ifindex of the netdev to which the pool belongs. May not be
/// reported if the page pool was allocated for a netdev which got destroyed already (page pools may
/// outlast their netdevs because they wait for all memory to be returned).
pub(crate) const A_PAGE_POOL_IFINDEX: AttrType<U32> = AttrType::new(2);

/// Attribute `page-pool.napi-id`: Id of NAPI using this Page Pool instance.
pub(crate) const A_PAGE_POOL_NAPI_ID: AttrType<Uint> = AttrType::new(3);

/// Attribute `page-pool.inflight`: Number of outstanding references to this page pool (allocated
/// but yet to be freed pages). Allocated pages may be held in socket receive queues, driver receive
/// ring, page pool recycling ring, the page pool cache, etc.
pub(crate) const A_PAGE_POOL_INFLIGHT: AttrType<Uint> = AttrType::new(4);

/// Attribute `page-pool.inflight-mem`: Amount of memory held by inflight pages.
pub(crate) const A_PAGE_POOL_INFLIGHT_MEM: AttrType<Uint> = AttrType::new(5);

/// Attribute `page-pool.detach-time`: Seconds in CLOCK_BOOTTIME of when Page Pool was detached by
/// the driver. Once detached Page Pool can no longer be used to allocate memory. Page Pools wait
/// for all the memory allocated from them to be freed before truly disappearing. "Detached" Page
/// Pools cannot be "re-attached", they are just waiting to disappear. Attribute is absent if Page
/// Pool has not been detached, and can still be used to allocate new memory.
pub(crate) const A_PAGE_POOL_DETACH_TIME: AttrType<Uint> = AttrType::new(6);

/// Attribute `page-pool.dmabuf`: ID of the dmabuf this page-pool is attached to.
pub(crate) const A_PAGE_POOL_DMABUF: AttrType<U32> = AttrType::new(7);

/// Attribute `page-pool.io-uring`: io-uring memory provider information.
pub(crate) const A_PAGE_POOL_IO_URING: AttrType<Nested> = AttrType::new(8);

/// Attribute `page-pool-stats.info`: Page pool identifying information.
pub(crate) const A_PAGE_POOL_STATS_INFO: AttrType<Nested> = AttrType::new(1);

/// Attribute `page-pool-stats.alloc-fast`.
pub(crate) const A_PAGE_POOL_STATS_ALLOC_FAST: AttrType<Uint> = AttrType::new(8);

/// Attribute `page-pool-stats.alloc-slow`.
pub(crate) const A_PAGE_POOL_STATS_ALLOC_SLOW: AttrType<Uint> = AttrType::new(9);

/// Attribute `page-pool-stats.alloc-slow-high-order`.
pub(crate) const A_PAGE_POOL_STATS_ALLOC_SLOW_HIGH_ORDER: AttrType<Uint> = AttrType::new(10);

/// Attribute `page-pool-stats.alloc-empty`.
pub(crate) const A_PAGE_POOL_STATS_ALLOC_EMPTY: AttrType<Uint> = AttrType::new(11);

/// Attribute `page-pool-stats.alloc-refill`.
pub(crate) const A_PAGE_POOL_STATS_ALLOC_REFILL: AttrType<Uint> = AttrType::new(12);

/// Attribute `page-pool-stats.alloc-waive`.
pub(crate) const A_PAGE_POOL_STATS_ALLOC_WAIVE: AttrType<Uint> = AttrType::new(13);

/// Attribute `page-pool-stats.recycle-cached`.
pub(crate) const A_PAGE_POOL_STATS_RECYCLE_CACHED: AttrType<Uint> = AttrType::new(14);

/// Attribute `page-pool-stats.recycle-cache-full`.
pub(crate) const A_PAGE_POOL_STATS_RECYCLE_CACHE_FULL: AttrType<Uint> = AttrType::new(15);

/// Attribute `page-pool-stats.recycle-ring`.
pub(crate) const A_PAGE_POOL_STATS_RECYCLE_RING: AttrType<Uint> = AttrType::new(16);

/// Attribute `page-pool-stats.recycle-ring-full`.
pub(crate) const A_PAGE_POOL_STATS_RECYCLE_RING_FULL: AttrType<Uint> = AttrType::new(17);

/// Attribute `page-pool-stats.recycle-released-refcnt`.
pub(crate) const A_PAGE_POOL_STATS_RECYCLE_RELEASED_REFCNT: AttrType<Uint> = AttrType::new(18);

/// Attribute `napi.ifindex`: ifindex of the netdevice to which NAPI instance belongs.
pub(crate) const A_NAPI_IFINDEX: AttrType<U32> = AttrType::new(1);

/// Attribute `napi.id`: ID of the NAPI instance.
pub(crate) const A_NAPI_ID: AttrType<U32> = AttrType::new(2);

/// Attribute `napi.irq`: The associated interrupt vector number for the napi
pub(crate) const A_NAPI_IRQ: AttrType<U32> = AttrType::new(3);

/// Attribute `napi.pid`: PID of the napi thread, if NAPI is configured to operate in threaded mode.
/// If NAPI is not in threaded mode (i.e. uses normal softirq context), the attribute will be
/// absent.
pub(crate) const A_NAPI_PID: AttrType<U32> = AttrType::new(4);

/// Attribute `napi.defer-hard-irqs`: The number of consecutive empty polls before IRQ deferral ends
/// and hardware IRQs are re-enabled.
pub(crate) const A_NAPI_DEFER_HARD_IRQS: AttrType<U32> = AttrType::new(5);

/// Attribute `napi.gro-flush-timeout`: The timeout, in nanoseconds, of when to trigger the NAPI
/// watchdog timer which schedules NAPI processing. Additionally, a non-zero value will also prevent
/// GRO from flushing recent super-frames at the end of a NAPI cycle. This may add receive latency
/// in exchange for reducing the number of frames processed by the network stack.
pub(crate) const A_NAPI_GRO_FLUSH_TIMEOUT: AttrType<Uint> = AttrType::new(6);

/// Attribute `napi.irq-suspend-timeout`: The timeout, in nanoseconds, of how long to suspend irq
/// processing, if event polling finds events
pub(crate) const A_NAPI_IRQ_SUSPEND_TIMEOUT: AttrType<Uint> = AttrType::new(7);

/// Attribute `napi.threaded`: Whether the NAPI is configured to operate in threaded polling mode.
/// If this is set to enabled then the NAPI context operates in threaded polling mode. If this is
/// set to busy-poll, then the threaded polling mode also busy polls.
pub(crate) const A_NAPI_THREADED: AttrType<U32> = AttrType::new(8);

/// Attribute `queue.id`: Queue index; most queue types are indexed like a C array, with indexes
/// starting at 0 and ending at queue count - 1. Queue indexes are scoped to an interface and queue
/// type.
pub(crate) const A_QUEUE_ID: AttrType<U32> = AttrType::new(1);

/// Attribute `queue.ifindex`: ifindex of the netdevice to which the queue belongs.
pub(crate) const A_QUEUE_IFINDEX: AttrType<U32> = AttrType::new(2);

/// Attribute `queue.type`: Queue type as rx, tx. Each queue type defines a separate ID space. XDP
/// TX queues allocated in the kernel are not linked to NAPIs and thus not listed. AF_XDP queues
/// will have more information set in the xsk attribute.
pub(crate) const A_QUEUE_TYPE: AttrType<U32> = AttrType::new(3);

/// Attribute `queue.napi-id`: ID of the NAPI instance which services this queue.
pub(crate) const A_QUEUE_NAPI_ID: AttrType<U32> = AttrType::new(4);

/// Attribute `queue.dmabuf`: ID of the dmabuf attached to this queue, if any.
pub(crate) const A_QUEUE_DMABUF: AttrType<U32> = AttrType::new(5);

/// Attribute `queue.io-uring`: io_uring memory provider information.
pub(crate) const A_QUEUE_IO_URING: AttrType<Nested> = AttrType::new(6);

/// Attribute `queue.xsk`: XSK information for this queue, if any.
pub(crate) const A_QUEUE_XSK: AttrType<Nested> = AttrType::new(7);

/// Attribute `queue.lease`: A queue from a virtual device can have a lease which refers to another
/// queue from a physical device. This is useful for memory providers and AF_XDP operations which
/// take an ifindex and queue id to allow applications to bind against virtual devices in
/// containers.
pub(crate) const A_QUEUE_LEASE: AttrType<Nested> = AttrType::new(8);

/// Attribute `qstats.ifindex`: ifindex of the netdevice to which stats belong.
pub(crate) const A_QSTATS_IFINDEX: AttrType<U32> = AttrType::new(1);

/// Attribute `qstats.queue-type`: Queue type as rx, tx, for queue-id.
pub(crate) const A_QSTATS_QUEUE_TYPE: AttrType<U32> = AttrType::new(2);

/// Attribute `qstats.queue-id`: Queue ID, if stats are scoped to a single queue instance.
pub(crate) const A_QSTATS_QUEUE_ID: AttrType<U32> = AttrType::new(3);

/// Attribute `qstats.scope`: What object type should be used to iterate over the stats.
pub(crate) const A_QSTATS_SCOPE: AttrType<Uint> = AttrType::new(4);

/// Attribute `qstats.rx-packets`: Number of wire packets successfully received and passed to the
/// stack. For drivers supporting XDP, XDP is considered the first layer of the stack, so packets
/// consumed by XDP are still counted here.
pub(crate) const A_QSTATS_RX_PACKETS: AttrType<Uint> = AttrType::new(8);

/// Attribute `qstats.rx-bytes`: Successfully received bytes, see `rx-packets`.
pub(crate) const A_QSTATS_RX_BYTES: AttrType<Uint> = AttrType::new(9);

/// Attribute `qstats.tx-packets`: Number of wire packets successfully sent. Packet is considered to
/// be successfully sent once it is in device memory (usually this means the device has issued a DMA
/// completion for the packet).
pub(crate) const A_QSTATS_TX_PACKETS: AttrType<Uint> = AttrType::new(10);

/// Attribute `qstats.tx-bytes`: Successfully sent bytes, see `tx-packets`.
pub(crate) const A_QSTATS_TX_BYTES: AttrType<Uint> = AttrType::new(11);

/// Attribute `qstats.rx-alloc-fail`: Number of times skb or buffer allocation failed on the Rx
/// datapath. Allocation failure may, or may not result in a packet drop, depending on driver
/// implementation and whether system recovers quickly.
pub(crate) const A_QSTATS_RX_ALLOC_FAIL: AttrType<Uint> = AttrType::new(12);

/// Attribute `qstats.rx-hw-drops`: Number of all packets which entered the device, but never left
/// it, including but not limited to: packets dropped due to lack of buffer space, processing
/// errors, explicit or implicit policies and packet filters.
pub(crate) const A_QSTATS_RX_HW_DROPS: AttrType<Uint> = AttrType::new(13);

/// Attribute `qstats.rx-hw-drop-overruns`: Number of packets dropped due to transient lack of
/// resources, such as buffer space, host descriptors etc.
pub(crate) const A_QSTATS_RX_HW_DROP_OVERRUNS: AttrType<Uint> = AttrType::new(14);

/// Attribute `qstats.rx-csum-complete`: Number of packets that were marked as CHECKSUM_COMPLETE.
pub(crate) const A_QSTATS_RX_CSUM_COMPLETE: AttrType<Uint> = AttrType::new(15);

/// Attribute `qstats.rx-csum-unnecessary`: Number of packets that were marked as
/// CHECKSUM_UNNECESSARY.
pub(crate) const A_QSTATS_RX_CSUM_UNNECESSARY: AttrType<Uint> = AttrType::new(16);

/// Attribute `qstats.rx-csum-none`: Number of packets that were not checksummed by device.
pub(crate) const A_QSTATS_RX_CSUM_NONE: AttrType<Uint> = AttrType::new(17);

/// Attribute `qstats.rx-csum-bad`: Number of packets with bad checksum. The packets are not
/// discarded, but still delivered to the stack.
pub(crate) const A_QSTATS_RX_CSUM_BAD: AttrType<Uint> = AttrType::new(18);

/// Attribute `qstats.rx-hw-gro-packets`: Number of packets that were coalesced from smaller packets
/// by the device. Counts only packets coalesced with the HW-GRO netdevice feature, LRO-coalesced
/// packets are not counted.
pub(crate) const A_QSTATS_RX_HW_GRO_PACKETS: AttrType<Uint> = AttrType::new(19);

/// Attribute `qstats.rx-hw-gro-bytes`: See `rx-hw-gro-packets`.
pub(crate) const A_QSTATS_RX_HW_GRO_BYTES: AttrType<Uint> = AttrType::new(20);

/// Attribute `qstats.rx-hw-gro-wire-packets`: Number of packets that were coalesced to bigger
/// packetss with the HW-GRO netdevice feature. LRO-coalesced packets are not counted.
pub(crate) const A_QSTATS_RX_HW_GRO_WIRE_PACKETS: AttrType<Uint> = AttrType::new(21);

/// Attribute `qstats.rx-hw-gro-wire-bytes`: See `rx-hw-gro-wire-packets`.
pub(crate) const A_QSTATS_RX_HW_GRO_WIRE_BYTES: AttrType<Uint> = AttrType::new(22);

/// Attribute `qstats.rx-hw-drop-ratelimits`: Number of the packets dropped by the device due to the
/// received packets bitrate exceeding the device rate limit.
pub(crate) const A_QSTATS_RX_HW_DROP_RATELIMITS: AttrType<Uint> = AttrType::new(23);

/// Attribute `qstats.tx-hw-drops`: Number of packets that arrived at the device but never left it,
/// encompassing packets dropped for reasons such as processing errors, as well as those affected by
/// explicitly defined policies and packet filtering criteria.
pub(crate) const A_QSTATS_TX_HW_DROPS: AttrType<Uint> = AttrType::new(24);

/// Attribute `qstats.tx-hw-drop-errors`: Number of packets dropped because they were invalid or
/// malformed.
pub(crate) const A_QSTATS_TX_HW_DROP_ERRORS: AttrType<Uint> = AttrType::new(25);

/// Attribute `qstats.tx-csum-none`: Number of packets that did not require the device to calculate
/// the checksum.
pub(crate) const A_QSTATS_TX_CSUM_NONE: AttrType<Uint> = AttrType::new(26);

/// Attribute `qstats.tx-needs-csum`: Number of packets that required the device to calculate the
/// checksum. This counter includes the number of GSO wire packets for which device calculated the
/// L4 checksum.
pub(crate) const A_QSTATS_TX_NEEDS_CSUM: AttrType<Uint> = AttrType::new(27);

/// Attribute `qstats.tx-hw-gso-packets`: Number of packets that necessitated segmentation into
/// smaller packets by the device.
pub(crate) const A_QSTATS_TX_HW_GSO_PACKETS: AttrType<Uint> = AttrType::new(28);

/// Attribute `qstats.tx-hw-gso-bytes`: See `tx-hw-gso-packets`.
pub(crate) const A_QSTATS_TX_HW_GSO_BYTES: AttrType<Uint> = AttrType::new(29);

/// Attribute `qstats.tx-hw-gso-wire-packets`: Number of wire-sized packets generated by processing
/// `tx-hw-gso-packets`
pub(crate) const A_QSTATS_TX_HW_GSO_WIRE_PACKETS: AttrType<Uint> = AttrType::new(30);

/// Attribute `qstats.tx-hw-gso-wire-bytes`: See `tx-hw-gso-wire-packets`.
pub(crate) const A_QSTATS_TX_HW_GSO_WIRE_BYTES: AttrType<Uint> = AttrType::new(31);

/// Attribute `qstats.tx-hw-drop-ratelimits`: Number of the packets dropped by the device due to the
/// transmit packets bitrate exceeding the device rate limit.
pub(crate) const A_QSTATS_TX_HW_DROP_RATELIMITS: AttrType<Uint> = AttrType::new(32);

/// Attribute `qstats.tx-stop`: Number of times driver paused accepting new tx packets from the
/// stack to this queue, because the queue was full. Note that if BQL is supported and enabled on
/// the device the networking stack will avoid queuing a lot of data at once.
pub(crate) const A_QSTATS_TX_STOP: AttrType<Uint> = AttrType::new(33);

/// Attribute `qstats.tx-wake`: Number of times driver re-started accepting send requests to this
/// queue from the stack.
pub(crate) const A_QSTATS_TX_WAKE: AttrType<Uint> = AttrType::new(34);

/// Attribute `lease.ifindex`: The netdev ifindex to lease the queue from.
pub(crate) const A_LEASE_IFINDEX: AttrType<U32> = AttrType::new(1);

/// Attribute `lease.queue`: The netdev queue to lease from.
pub(crate) const A_LEASE_QUEUE: AttrType<Nested> = AttrType::new(2);

/// Attribute `lease.netns-id`: The network namespace id of the netdev.
pub(crate) const A_LEASE_NETNS_ID: AttrType<S32> = AttrType::new(3);

/// Attribute `dmabuf.ifindex`: netdev ifindex to bind the dmabuf to.
pub(crate) const A_DMABUF_IFINDEX: AttrType<U32> = AttrType::new(1);

/// Attribute `dmabuf.queues`: receive queues to bind the dmabuf to.
pub(crate) const A_DMABUF_QUEUES: AttrType<Nested> = AttrType::new(2);

/// Attribute `dmabuf.fd`: dmabuf file descriptor to bind.
pub(crate) const A_DMABUF_FD: AttrType<U32> = AttrType::new(3);

/// Attribute `dmabuf.id`: id of the dmabuf binding
pub(crate) const A_DMABUF_ID: AttrType<U32> = AttrType::new(4);

/// Attribute `dmabuf.rx-page-size`: Size in bytes of each device page the NIC writes into from the
/// bound dmabuf. Must be a power of two and \>= PAGE_SIZE; defaults to PAGE_SIZE.
pub(crate) const A_DMABUF_RX_PAGE_SIZE: AttrType<U32> = AttrType::new(5);

/// The multicast groups (`genl_family.mcgrps`), indexed by the `NLGRP_*` constants.
pub(crate) const MCGRPS: &[MulticastGroup] = &[
    MulticastGroup::const_new(c"mgmt"),
    MulticastGroup::const_new(c"page-pool"),
];
/// The index of group `mgmt` in [`MCGRPS`].
pub(crate) const NLGRP_MGMT: u32 = 0;
/// The index of group `page-pool` in [`MCGRPS`].
pub(crate) const NLGRP_PAGE_POOL: u32 = 1;

/// The range of `page-pool-info.id` (`struct netlink_range_validation`).
pub(crate) const PAGE_POOL_ID_RANGE: RangeUnsigned = RangeUnsigned::new(1, u32::MAX as u64);

/// The range of `page-pool-info.ifindex` (`struct netlink_range_validation`).
pub(crate) const PAGE_POOL_IFINDEX_RANGE: RangeUnsigned = RangeUnsigned::new(1, i32::MAX as u64);

/// The range of `dmabuf.rx-page-size` (`struct netlink_range_validation`).
pub(crate) const DMABUF_RX_PAGE_SIZE_RANGE: RangeUnsigned =
    RangeUnsigned::new(kernel::bindings::PAGE_SIZE as u64, u32::MAX as u64);

/// The range of `napi.defer-hard-irqs` (`struct netlink_range_validation`).
pub(crate) const NAPI_DEFER_HARD_IRQS_RANGE: RangeUnsigned = RangeUnsigned::new(0, i32::MAX as u64);

/// Attributes inside a `lease` nest.
pub(crate) const LEASE_POLICY: PolicyRef = policy![
    A_LEASE_IFINDEX.min(1),
    A_LEASE_QUEUE.nested(QUEUE_ID_POLICY),
    A_LEASE_NETNS_ID.min(0),
];

/// Attributes inside a `page-pool-info` nest.
pub(crate) const PAGE_POOL_INFO_POLICY: PolicyRef = policy![
    A_PAGE_POOL_ID.full_range(&PAGE_POOL_ID_RANGE),
    A_PAGE_POOL_IFINDEX.full_range(&PAGE_POOL_IFINDEX_RANGE),
];

/// Attributes inside a `queue-id` nest.
pub(crate) const QUEUE_ID_POLICY: PolicyRef = policy![A_QUEUE_ID.any(), A_QUEUE_TYPE.max(1)];

/// `DEV_GET` (do): the attributes a request may carry.
pub(crate) const DEV_GET_POLICY: PolicyRef = policy![A_DEV_IFINDEX.min(1)];

/// `PAGE_POOL_GET` (do): the attributes a request may carry.
#[cfg(CONFIG_PAGE_POOL)]
pub(crate) const PAGE_POOL_GET_DO_POLICY: PolicyRef =
    policy![A_PAGE_POOL_ID.full_range(&PAGE_POOL_ID_RANGE)];

/// `PAGE_POOL_GET` (dump): the attributes a request may carry.
#[cfg(CONFIG_PAGE_POOL)]
pub(crate) const PAGE_POOL_GET_DUMP_POLICY: PolicyRef =
    policy![A_PAGE_POOL_IFINDEX.full_range(&PAGE_POOL_IFINDEX_RANGE)];

/// `PAGE_POOL_STATS_GET` (do): the attributes a request may carry.
#[cfg(CONFIG_PAGE_POOL_STATS)]
pub(crate) const PAGE_POOL_STATS_GET_DO_POLICY: PolicyRef =
    policy![A_PAGE_POOL_STATS_INFO.nested(PAGE_POOL_INFO_POLICY)];

/// `PAGE_POOL_STATS_GET` (dump): the attributes a request may carry.
#[cfg(CONFIG_PAGE_POOL_STATS)]
pub(crate) const PAGE_POOL_STATS_GET_DUMP_POLICY: PolicyRef =
    policy![A_PAGE_POOL_STATS_INFO.nested(PAGE_POOL_INFO_POLICY)];

/// `QUEUE_GET` (do): the attributes a request may carry.
pub(crate) const QUEUE_GET_DO_POLICY: PolicyRef = policy![
    A_QUEUE_IFINDEX.min(1),
    A_QUEUE_TYPE.max(1),
    A_QUEUE_ID.any(),
];

/// `QUEUE_GET` (dump): the attributes a request may carry.
pub(crate) const QUEUE_GET_DUMP_POLICY: PolicyRef = policy![A_QUEUE_IFINDEX.min(1)];

/// `NAPI_GET` (do): the attributes a request may carry.
pub(crate) const NAPI_GET_DO_POLICY: PolicyRef = policy![A_NAPI_ID.any()];

/// `NAPI_GET` (dump): the attributes a request may carry.
pub(crate) const NAPI_GET_DUMP_POLICY: PolicyRef = policy![A_NAPI_IFINDEX.min(1)];

/// `QSTATS_GET` (dump): the attributes a request may carry.
pub(crate) const QSTATS_GET_POLICY: PolicyRef =
    policy![A_QSTATS_IFINDEX.min(1), A_QSTATS_SCOPE.mask(0x1)];

/// `BIND_RX` (do): the attributes a request may carry.
pub(crate) const BIND_RX_POLICY: PolicyRef = policy![
    A_DMABUF_IFINDEX.min(1),
    A_DMABUF_FD.any(),
    A_DMABUF_QUEUES.nested(QUEUE_ID_POLICY),
    A_DMABUF_RX_PAGE_SIZE.full_range(&DMABUF_RX_PAGE_SIZE_RANGE),
];

/// `NAPI_SET` (do): the attributes a request may carry.
pub(crate) const NAPI_SET_POLICY: PolicyRef = policy![
    A_NAPI_ID.any(),
    A_NAPI_DEFER_HARD_IRQS.full_range(&NAPI_DEFER_HARD_IRQS_RANGE),
    A_NAPI_GRO_FLUSH_TIMEOUT.any(),
    A_NAPI_IRQ_SUSPEND_TIMEOUT.any(),
    A_NAPI_THREADED.max(2),
];

/// `BIND_TX` (do): the attributes a request may carry.
pub(crate) const BIND_TX_POLICY: PolicyRef = policy![A_DMABUF_IFINDEX.min(1), A_DMABUF_FD.any()];

/// `QUEUE_CREATE` (do): the attributes a request may carry.
pub(crate) const QUEUE_CREATE_POLICY: PolicyRef = policy![
    A_QUEUE_IFINDEX.min(1),
    A_QUEUE_TYPE.max(1),
    A_QUEUE_LEASE.nested(LEASE_POLICY),
];

/// The handlers of `netdev`: a function per do, a cursor type and two functions per
/// dump (the `*_doit` and `*_dumpit` functions the C generator declares). The family
/// implements this trait; a command without its handler does not compile, and the
/// error names the missing item.
pub(crate) trait NetdevHandlers: Operations {
    /// `DEV_GET` (do): Get / dump information about a netdev.
    fn dev_get_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// What a `DEV_GET` dump remembers between calls.
    type DevGetCursor: Send;

    /// Starts a `DEV_GET` dump: the cursor of its first call.
    fn dev_get_start(state: &Self::State) -> Result<Self::DevGetCursor>;

    /// `DEV_GET` (dump): Get / dump information about a netdev.
    fn dev_get_dumpit(
        state: &Self::State,
        cursor: &mut Self::DevGetCursor,
        dump: &mut Dump<'_>,
    ) -> Result;

    /// `PAGE_POOL_GET` (do): Get / dump information about Page Pools. Only Page Pools associated by
    /// the driver with a net_device can be listed. ifindex will not be reported if the net_device
    /// no longer exists.
    #[cfg(CONFIG_PAGE_POOL)]
    fn page_pool_get_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// What a `PAGE_POOL_GET` dump remembers between calls.
    #[cfg(CONFIG_PAGE_POOL)]
    type PagePoolGetCursor: Send;

    /// Starts a `PAGE_POOL_GET` dump: the cursor of its first call.
    #[cfg(CONFIG_PAGE_POOL)]
    fn page_pool_get_start(state: &Self::State) -> Result<Self::PagePoolGetCursor>;

    /// `PAGE_POOL_GET` (dump): Get / dump information about Page Pools. Only Page Pools associated
    /// by the driver with a net_device can be listed. ifindex will not be reported if the
    /// net_device no longer exists.
    #[cfg(CONFIG_PAGE_POOL)]
    fn page_pool_get_dumpit(
        state: &Self::State,
        cursor: &mut Self::PagePoolGetCursor,
        dump: &mut Dump<'_>,
    ) -> Result;

    /// `PAGE_POOL_STATS_GET` (do): Get page pool statistics.
    #[cfg(CONFIG_PAGE_POOL_STATS)]
    fn page_pool_stats_get_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// What a `PAGE_POOL_STATS_GET` dump remembers between calls.
    #[cfg(CONFIG_PAGE_POOL_STATS)]
    type PagePoolStatsGetCursor: Send;

    /// Starts a `PAGE_POOL_STATS_GET` dump: the cursor of its first call.
    #[cfg(CONFIG_PAGE_POOL_STATS)]
    fn page_pool_stats_get_start(state: &Self::State) -> Result<Self::PagePoolStatsGetCursor>;

    /// `PAGE_POOL_STATS_GET` (dump): Get page pool statistics.
    #[cfg(CONFIG_PAGE_POOL_STATS)]
    fn page_pool_stats_get_dumpit(
        state: &Self::State,
        cursor: &mut Self::PagePoolStatsGetCursor,
        dump: &mut Dump<'_>,
    ) -> Result;

    /// `QUEUE_GET` (do): Get queue information from the kernel. Only configured queues will be
    /// reported (as opposed to all available hardware queues).
    fn queue_get_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// What a `QUEUE_GET` dump remembers between calls.
    type QueueGetCursor: Send;

    /// Starts a `QUEUE_GET` dump: the cursor of its first call.
    fn queue_get_start(state: &Self::State) -> Result<Self::QueueGetCursor>;

    /// `QUEUE_GET` (dump): Get queue information from the kernel. Only configured queues will be
    /// reported (as opposed to all available hardware queues).
    fn queue_get_dumpit(
        state: &Self::State,
        cursor: &mut Self::QueueGetCursor,
        dump: &mut Dump<'_>,
    ) -> Result;

    /// `NAPI_GET` (do): Get information about NAPI instances configured on the system.
    fn napi_get_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// What a `NAPI_GET` dump remembers between calls.
    type NapiGetCursor: Send;

    /// Starts a `NAPI_GET` dump: the cursor of its first call.
    fn napi_get_start(state: &Self::State) -> Result<Self::NapiGetCursor>;

    /// `NAPI_GET` (dump): Get information about NAPI instances configured on the system.
    fn napi_get_dumpit(
        state: &Self::State,
        cursor: &mut Self::NapiGetCursor,
        dump: &mut Dump<'_>,
    ) -> Result;

    /// What a `QSTATS_GET` dump remembers between calls.
    type QstatsGetCursor: Send;

    /// Starts a `QSTATS_GET` dump: the cursor of its first call.
    fn qstats_get_start(state: &Self::State) -> Result<Self::QstatsGetCursor>;

    /// `QSTATS_GET` (dump): Get / dump fine grained statistics. Which statistics are reported
    /// depends on the device and the driver, and whether the driver stores software counters
    /// per-queue.
    fn qstats_get_dumpit(
        state: &Self::State,
        cursor: &mut Self::QstatsGetCursor,
        dump: &mut Dump<'_>,
    ) -> Result;

    /// `BIND_RX` (do): Bind dmabuf to netdev
    fn bind_rx_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// `NAPI_SET` (do): Set configurable NAPI instance settings.
    fn napi_set_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// `BIND_TX` (do): Bind dmabuf to netdev for TX
    fn bind_tx_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// `QUEUE_CREATE` (do): Create a new queue for the given netdevice. Whether this operation is
    /// supported depends on the device and the driver.
    fn queue_create_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;
}

/// The do of `DEV_GET`: `NetdevHandlers::dev_get_doit` with `DEV_GET_POLICY`.
pub(crate) struct DevGetDo;

impl<T: NetdevHandlers> DoIt<T> for DevGetDo {
    const POLICY: PolicyRef = DEV_GET_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::dev_get_doit(state, info)
    }
}

/// The dump of `DEV_GET`: `NetdevHandlers::dev_get_dumpit` with no policy (the core refuses every
/// attribute).
pub(crate) struct DevGetDump;

impl<T: NetdevHandlers> DumpIt<T> for DevGetDump {
    const POLICY: PolicyRef = PolicyRef::NONE;
    type Cursor = T::DevGetCursor;

    fn start(state: &T::State) -> Result<T::DevGetCursor> {
        T::dev_get_start(state)
    }

    fn dumpit(state: &T::State, cursor: &mut T::DevGetCursor, dump: &mut Dump<'_>) -> Result {
        T::dev_get_dumpit(state, cursor, dump)
    }
}

/// The do of `PAGE_POOL_GET`: `NetdevHandlers::page_pool_get_doit` with `PAGE_POOL_GET_DO_POLICY`.
#[cfg(CONFIG_PAGE_POOL)]
pub(crate) struct PagePoolGetDo;

#[cfg(CONFIG_PAGE_POOL)]
impl<T: NetdevHandlers> DoIt<T> for PagePoolGetDo {
    const POLICY: PolicyRef = PAGE_POOL_GET_DO_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::page_pool_get_doit(state, info)
    }
}

/// The dump of `PAGE_POOL_GET`: `NetdevHandlers::page_pool_get_dumpit` with
/// `PAGE_POOL_GET_DUMP_POLICY`.
#[cfg(CONFIG_PAGE_POOL)]
pub(crate) struct PagePoolGetDump;

#[cfg(CONFIG_PAGE_POOL)]
impl<T: NetdevHandlers> DumpIt<T> for PagePoolGetDump {
    const POLICY: PolicyRef = PAGE_POOL_GET_DUMP_POLICY;
    type Cursor = T::PagePoolGetCursor;

    fn start(state: &T::State) -> Result<T::PagePoolGetCursor> {
        T::page_pool_get_start(state)
    }

    fn dumpit(state: &T::State, cursor: &mut T::PagePoolGetCursor, dump: &mut Dump<'_>) -> Result {
        T::page_pool_get_dumpit(state, cursor, dump)
    }
}

/// The do of `PAGE_POOL_STATS_GET`: `NetdevHandlers::page_pool_stats_get_doit` with
/// `PAGE_POOL_STATS_GET_DO_POLICY`.
#[cfg(CONFIG_PAGE_POOL_STATS)]
pub(crate) struct PagePoolStatsGetDo;

#[cfg(CONFIG_PAGE_POOL_STATS)]
impl<T: NetdevHandlers> DoIt<T> for PagePoolStatsGetDo {
    const POLICY: PolicyRef = PAGE_POOL_STATS_GET_DO_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::page_pool_stats_get_doit(state, info)
    }
}

/// The dump of `PAGE_POOL_STATS_GET`: `NetdevHandlers::page_pool_stats_get_dumpit` with
/// `PAGE_POOL_STATS_GET_DUMP_POLICY`.
#[cfg(CONFIG_PAGE_POOL_STATS)]
pub(crate) struct PagePoolStatsGetDump;

#[cfg(CONFIG_PAGE_POOL_STATS)]
impl<T: NetdevHandlers> DumpIt<T> for PagePoolStatsGetDump {
    const POLICY: PolicyRef = PAGE_POOL_STATS_GET_DUMP_POLICY;
    type Cursor = T::PagePoolStatsGetCursor;

    fn start(state: &T::State) -> Result<T::PagePoolStatsGetCursor> {
        T::page_pool_stats_get_start(state)
    }

    fn dumpit(
        state: &T::State,
        cursor: &mut T::PagePoolStatsGetCursor,
        dump: &mut Dump<'_>,
    ) -> Result {
        T::page_pool_stats_get_dumpit(state, cursor, dump)
    }
}

/// The do of `QUEUE_GET`: `NetdevHandlers::queue_get_doit` with `QUEUE_GET_DO_POLICY`.
pub(crate) struct QueueGetDo;

impl<T: NetdevHandlers> DoIt<T> for QueueGetDo {
    const POLICY: PolicyRef = QUEUE_GET_DO_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::queue_get_doit(state, info)
    }
}

/// The dump of `QUEUE_GET`: `NetdevHandlers::queue_get_dumpit` with `QUEUE_GET_DUMP_POLICY`.
pub(crate) struct QueueGetDump;

impl<T: NetdevHandlers> DumpIt<T> for QueueGetDump {
    const POLICY: PolicyRef = QUEUE_GET_DUMP_POLICY;
    type Cursor = T::QueueGetCursor;

    fn start(state: &T::State) -> Result<T::QueueGetCursor> {
        T::queue_get_start(state)
    }

    fn dumpit(state: &T::State, cursor: &mut T::QueueGetCursor, dump: &mut Dump<'_>) -> Result {
        T::queue_get_dumpit(state, cursor, dump)
    }
}

/// The do of `NAPI_GET`: `NetdevHandlers::napi_get_doit` with `NAPI_GET_DO_POLICY`.
pub(crate) struct NapiGetDo;

impl<T: NetdevHandlers> DoIt<T> for NapiGetDo {
    const POLICY: PolicyRef = NAPI_GET_DO_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::napi_get_doit(state, info)
    }
}

/// The dump of `NAPI_GET`: `NetdevHandlers::napi_get_dumpit` with `NAPI_GET_DUMP_POLICY`.
pub(crate) struct NapiGetDump;

impl<T: NetdevHandlers> DumpIt<T> for NapiGetDump {
    const POLICY: PolicyRef = NAPI_GET_DUMP_POLICY;
    type Cursor = T::NapiGetCursor;

    fn start(state: &T::State) -> Result<T::NapiGetCursor> {
        T::napi_get_start(state)
    }

    fn dumpit(state: &T::State, cursor: &mut T::NapiGetCursor, dump: &mut Dump<'_>) -> Result {
        T::napi_get_dumpit(state, cursor, dump)
    }
}

/// The dump of `QSTATS_GET`: `NetdevHandlers::qstats_get_dumpit` with `QSTATS_GET_POLICY`.
pub(crate) struct QstatsGetDump;

impl<T: NetdevHandlers> DumpIt<T> for QstatsGetDump {
    const POLICY: PolicyRef = QSTATS_GET_POLICY;
    type Cursor = T::QstatsGetCursor;

    fn start(state: &T::State) -> Result<T::QstatsGetCursor> {
        T::qstats_get_start(state)
    }

    fn dumpit(state: &T::State, cursor: &mut T::QstatsGetCursor, dump: &mut Dump<'_>) -> Result {
        T::qstats_get_dumpit(state, cursor, dump)
    }
}

/// The do of `BIND_RX`: `NetdevHandlers::bind_rx_doit` with `BIND_RX_POLICY`.
pub(crate) struct BindRxDo;

impl<T: NetdevHandlers> DoIt<T> for BindRxDo {
    const POLICY: PolicyRef = BIND_RX_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::bind_rx_doit(state, info)
    }
}

/// The do of `NAPI_SET`: `NetdevHandlers::napi_set_doit` with `NAPI_SET_POLICY`.
pub(crate) struct NapiSetDo;

impl<T: NetdevHandlers> DoIt<T> for NapiSetDo {
    const POLICY: PolicyRef = NAPI_SET_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::napi_set_doit(state, info)
    }
}

/// The do of `BIND_TX`: `NetdevHandlers::bind_tx_doit` with `BIND_TX_POLICY`.
pub(crate) struct BindTxDo;

impl<T: NetdevHandlers> DoIt<T> for BindTxDo {
    const POLICY: PolicyRef = BIND_TX_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::bind_tx_doit(state, info)
    }
}

/// The do of `QUEUE_CREATE`: `NetdevHandlers::queue_create_doit` with `QUEUE_CREATE_POLICY`.
pub(crate) struct QueueCreateDo;

impl<T: NetdevHandlers> DoIt<T> for QueueCreateDo {
    const POLICY: PolicyRef = QUEUE_CREATE_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::queue_create_doit(state, info)
    }
}

/// How many entries [`ops`] has: one per do and one per dump.
pub(crate) const N_OPS: usize = {
    let mut n = 11;
    if cfg!(CONFIG_PAGE_POOL) {
        n += 2;
    }
    if cfg!(CONFIG_PAGE_POOL_STATS) {
        n += 2;
    }
    n
};

/// The split operations (`struct genl_split_ops`), for `Operations::OPS`: for each do
/// and each dump, its command, its handler with its policy, and its flags.
pub(crate) const fn ops<T: NetdevHandlers>() -> [SplitOp<T>; N_OPS] {
    [
        SplitOp::doit::<DevGetDo>(CMD_DEV_GET, OpFlags::NONE),
        SplitOp::dumpit::<DevGetDump>(CMD_DEV_GET, OpFlags::NONE),
        #[cfg(CONFIG_PAGE_POOL)]
        SplitOp::doit::<PagePoolGetDo>(CMD_PAGE_POOL_GET, OpFlags::NONE),
        #[cfg(CONFIG_PAGE_POOL)]
        SplitOp::dumpit::<PagePoolGetDump>(CMD_PAGE_POOL_GET, OpFlags::NONE),
        #[cfg(CONFIG_PAGE_POOL_STATS)]
        SplitOp::doit::<PagePoolStatsGetDo>(CMD_PAGE_POOL_STATS_GET, OpFlags::NONE),
        #[cfg(CONFIG_PAGE_POOL_STATS)]
        SplitOp::dumpit::<PagePoolStatsGetDump>(CMD_PAGE_POOL_STATS_GET, OpFlags::NONE),
        SplitOp::doit::<QueueGetDo>(CMD_QUEUE_GET, OpFlags::NONE),
        SplitOp::dumpit::<QueueGetDump>(CMD_QUEUE_GET, OpFlags::NONE),
        SplitOp::doit::<NapiGetDo>(CMD_NAPI_GET, OpFlags::NONE),
        SplitOp::dumpit::<NapiGetDump>(CMD_NAPI_GET, OpFlags::NONE),
        SplitOp::dumpit::<QstatsGetDump>(CMD_QSTATS_GET, OpFlags::NONE),
        SplitOp::doit::<BindRxDo>(CMD_BIND_RX, OpFlags::UNS_ADMIN_PERM),
        SplitOp::doit::<NapiSetDo>(CMD_NAPI_SET, OpFlags::ADMIN_PERM),
        SplitOp::doit::<BindTxDo>(CMD_BIND_TX, OpFlags::NONE),
        SplitOp::doit::<QueueCreateDo>(CMD_QUEUE_CREATE, OpFlags::ADMIN_PERM),
    ]
}
