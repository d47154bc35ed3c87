// generated from netdev.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)

//! The Generic Netlink family `netdev`, kernel side: its constants, attribute policies, split
//! operations and multicast groups, and the trait its hand-written handlers implement (what
//! `ynl_gen_c.py` writes into a family's `-genl-gen.c` and `.h`).
//!
//! netdev configuration over generic netlink.

#![allow(dead_code, reason = "the tables name every value of the spec")]

use crate::netlink::ynl::{
    AttrPolicy,
    DoInfo,
    DumpInfo,
    Handler,
    MulticastGroup,
    NlaType,
    RangeUnsigned,
    Result,
    SplitOp,
    GENL_ADMIN_PERM,
    GENL_CMD_CAP_DO,
    GENL_CMD_CAP_DUMP,
    GENL_UNS_ADMIN_PERM,
    PAGE_SIZE, //
};

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

    /// This feature informs if netdev implements non-linear XDP buffer support in the driver napi
    /// callback.
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

    /// Device is capable of exposing receive packet VLAN tag via bpf_xdp_metadata_rx_vlan_tag().
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

/// The family's name (`genl_family.name`).
pub(crate) const FAMILY_NAME: &core::ffi::CStr = c"netdev";
/// The family's version (`genl_family.version`).
pub(crate) const FAMILY_VERSION: u32 = 1;

/// A request command (`genlmsghdr.cmd`), one per operation with a do or a dump.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum Cmd {
    /// Get / dump information about a netdev.
    DevGet = 1,
    /// Get / dump information about Page Pools. Only Page Pools associated by the driver with a
    /// net_device can be listed. ifindex will not be reported if the net_device no longer exists.
    PagePoolGet = 5,
    /// Get page pool statistics.
    PagePoolStatsGet = 9,
    /// Get queue information from the kernel. Only configured queues will be reported (as opposed
    /// to all available hardware queues).
    QueueGet = 10,
    /// Get information about NAPI instances configured on the system.
    NapiGet = 11,
    /// Get / dump fine grained statistics. Which statistics are reported depends on the device and
    /// the driver, and whether the driver stores software counters per-queue.
    QstatsGet = 12,
    /// Bind dmabuf to netdev
    BindRx = 13,
    /// Set configurable NAPI instance settings.
    NapiSet = 14,
    /// Bind dmabuf to netdev for TX
    BindTx = 15,
    /// Create a new queue for the given netdevice. Whether this operation is supported depends on
    /// the device and the driver.
    QueueCreate = 16,
}

/// A notification (`genlmsghdr.cmd` of messages sent to a multicast group).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum Ntf {
    /// Notification about device appearing.
    DevAdd = 2,
    /// Notification about device disappearing.
    DevDel = 3,
    /// Notification about device configuration being changed.
    DevChange = 4,
    /// Notification about page pool appearing.
    PagePoolAdd = 6,
    /// Notification about page pool disappearing.
    PagePoolDel = 7,
    /// Notification about page pool configuration being changed.
    PagePoolChange = 8,
}

impl Ntf {
    /// The group the spec sends this notification to.
    pub(crate) const fn group(self) -> Option<McastGroup> {
        match self {
            Ntf::DevAdd => Some(McastGroup::Mgmt),
            Ntf::DevDel => Some(McastGroup::Mgmt),
            Ntf::DevChange => Some(McastGroup::Mgmt),
            Ntf::PagePoolAdd => Some(McastGroup::PagePool),
            Ntf::PagePoolDel => Some(McastGroup::PagePool),
            Ntf::PagePoolChange => Some(McastGroup::PagePool),
        }
    }
}

/// Attributes of set `dev`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum DevAttr {
    /// netdev ifindex
    Ifindex = 1,
    /// `pad`.
    Pad = 2,
    /// Bitmask of enabled xdp-features.
    XdpFeatures = 3,
    /// max fragment count supported by ZC driver
    XdpZcMaxSegs = 4,
    /// Bitmask of supported XDP receive metadata features. See
    /// Documentation/networking/xdp-rx-metadata.rst for more details.
    XdpRxMetadataFeatures = 5,
    /// Bitmask of enabled AF_XDP features.
    XskFeatures = 6,
}

impl DevAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 6;
}

/// Attributes of set `io-uring-provider-info`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum IoUringProviderInfoAttr {
    /// RX buffer length in bytes for this io_uring memory provider. Reflects the rx_buf_len passed
    /// at io_uring zerocopy rx registration time.
    RxBufLen = 1,
}

impl IoUringProviderInfoAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 1;
}

/// Attributes of set `page-pool`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum PagePoolAttr {
    /// Unique ID of a Page Pool instance.
    Id = 1,
    /// ifindex of the netdev to which the pool belongs. May not be reported if the page pool was
    /// allocated for a netdev which got destroyed already (page pools may outlast their netdevs
    /// because they wait for all memory to be returned).
    Ifindex = 2,
    /// Id of NAPI using this Page Pool instance.
    NapiId = 3,
    /// Number of outstanding references to this page pool (allocated but yet to be freed pages).
    /// Allocated pages may be held in socket receive queues, driver receive ring, page pool
    /// recycling ring, the page pool cache, etc.
    Inflight = 4,
    /// Amount of memory held by inflight pages.
    InflightMem = 5,
    /// Seconds in CLOCK_BOOTTIME of when Page Pool was detached by the driver. Once detached Page
    /// Pool can no longer be used to allocate memory. Page Pools wait for all the memory allocated
    /// from them to be freed before truly disappearing. "Detached" Page Pools cannot be
    /// "re-attached", they are just waiting to disappear. Attribute is absent if Page Pool has not
    /// been detached, and can still be used to allocate new memory.
    DetachTime = 6,
    /// ID of the dmabuf this page-pool is attached to.
    Dmabuf = 7,
    /// io-uring memory provider information.
    IoUring = 8,
}

impl PagePoolAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 8;
}

/// Page pool statistics, see docs for struct page_pool_stats for information about individual
/// statistics.
///
/// Attribute set `page-pool-stats`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum PagePoolStatsAttr {
    /// Page pool identifying information.
    Info = 1,
    /// `alloc-fast`.
    AllocFast = 8,
    /// `alloc-slow`.
    AllocSlow = 9,
    /// `alloc-slow-high-order`.
    AllocSlowHighOrder = 10,
    /// `alloc-empty`.
    AllocEmpty = 11,
    /// `alloc-refill`.
    AllocRefill = 12,
    /// `alloc-waive`.
    AllocWaive = 13,
    /// `recycle-cached`.
    RecycleCached = 14,
    /// `recycle-cache-full`.
    RecycleCacheFull = 15,
    /// `recycle-ring`.
    RecycleRing = 16,
    /// `recycle-ring-full`.
    RecycleRingFull = 17,
    /// `recycle-released-refcnt`.
    RecycleReleasedRefcnt = 18,
}

impl PagePoolStatsAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 18;
}

/// Attributes of set `napi`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum NapiAttr {
    /// ifindex of the netdevice to which NAPI instance belongs.
    Ifindex = 1,
    /// ID of the NAPI instance.
    Id = 2,
    /// The associated interrupt vector number for the napi
    Irq = 3,
    /// PID of the napi thread, if NAPI is configured to operate in threaded mode. If NAPI is not in
    /// threaded mode (i.e. uses normal softirq context), the attribute will be absent.
    Pid = 4,
    /// The number of consecutive empty polls before IRQ deferral ends and hardware IRQs are
    /// re-enabled.
    DeferHardIrqs = 5,
    /// The timeout, in nanoseconds, of when to trigger the NAPI watchdog timer which schedules NAPI
    /// processing. Additionally, a non-zero value will also prevent GRO from flushing recent
    /// super-frames at the end of a NAPI cycle. This may add receive latency in exchange for
    /// reducing the number of frames processed by the network stack.
    GroFlushTimeout = 6,
    /// The timeout, in nanoseconds, of how long to suspend irq processing, if event polling finds
    /// events
    IrqSuspendTimeout = 7,
    /// Whether the NAPI is configured to operate in threaded polling mode. If this is set to
    /// enabled then the NAPI context operates in threaded polling mode. If this is set to
    /// busy-poll, then the threaded polling mode also busy polls.
    Threaded = 8,
}

impl NapiAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 8;
}

/// Attributes of set `xsk-info`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum XskInfoAttr {}

impl XskInfoAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 0;
}

/// Attributes of set `queue`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum QueueAttr {
    /// Queue index; most queue types are indexed like a C array, with indexes starting at 0 and
    /// ending at queue count - 1. Queue indexes are scoped to an interface and queue type.
    Id = 1,
    /// ifindex of the netdevice to which the queue belongs.
    Ifindex = 2,
    /// Queue type as rx, tx. Each queue type defines a separate ID space. XDP TX queues allocated
    /// in the kernel are not linked to NAPIs and thus not listed. AF_XDP queues will have more
    /// information set in the xsk attribute.
    Type = 3,
    /// ID of the NAPI instance which services this queue.
    NapiId = 4,
    /// ID of the dmabuf attached to this queue, if any.
    Dmabuf = 5,
    /// io_uring memory provider information.
    IoUring = 6,
    /// XSK information for this queue, if any.
    Xsk = 7,
    /// A queue from a virtual device can have a lease which refers to another queue from a physical
    /// device. This is useful for memory providers and AF_XDP operations which take an ifindex and
    /// queue id to allow applications to bind against virtual devices in containers.
    Lease = 8,
}

impl QueueAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 8;
}

/// Get device statistics, scoped to a device or a queue. These statistics extend (and partially
/// duplicate) statistics available in struct rtnl_link_stats64. Value of the `scope` attribute
/// determines how statistics are aggregated. When aggregated for the entire device the statistics
/// represent the total number of events since last explicit reset of the device (i.e. not a
/// reconfiguration like changing queue count). When reported per-queue, however, the statistics may
/// not add up to the total number of events, will only be reported for currently active objects,
/// and will likely report the number of events since last reconfiguration.
///
/// Attribute set `qstats`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum QstatsAttr {
    /// ifindex of the netdevice to which stats belong.
    Ifindex = 1,
    /// Queue type as rx, tx, for queue-id.
    QueueType = 2,
    /// Queue ID, if stats are scoped to a single queue instance.
    QueueId = 3,
    /// What object type should be used to iterate over the stats.
    Scope = 4,
    /// Number of wire packets successfully received and passed to the stack. For drivers supporting
    /// XDP, XDP is considered the first layer of the stack, so packets consumed by XDP are still
    /// counted here.
    RxPackets = 8,
    /// Successfully received bytes, see `rx-packets`.
    RxBytes = 9,
    /// Number of wire packets successfully sent. Packet is considered to be successfully sent once
    /// it is in device memory (usually this means the device has issued a DMA completion for the
    /// packet).
    TxPackets = 10,
    /// Successfully sent bytes, see `tx-packets`.
    TxBytes = 11,
    /// Number of times skb or buffer allocation failed on the Rx datapath. Allocation failure may,
    /// or may not result in a packet drop, depending on driver implementation and whether system
    /// recovers quickly.
    RxAllocFail = 12,
    /// Number of all packets which entered the device, but never left it, including but not limited
    /// to: packets dropped due to lack of buffer space, processing errors, explicit or implicit
    /// policies and packet filters.
    RxHwDrops = 13,
    /// Number of packets dropped due to transient lack of resources, such as buffer space, host
    /// descriptors etc.
    RxHwDropOverruns = 14,
    /// Number of packets that were marked as CHECKSUM_COMPLETE.
    RxCsumComplete = 15,
    /// Number of packets that were marked as CHECKSUM_UNNECESSARY.
    RxCsumUnnecessary = 16,
    /// Number of packets that were not checksummed by device.
    RxCsumNone = 17,
    /// Number of packets with bad checksum. The packets are not discarded, but still delivered to
    /// the stack.
    RxCsumBad = 18,
    /// Number of packets that were coalesced from smaller packets by the device. Counts only
    /// packets coalesced with the HW-GRO netdevice feature, LRO-coalesced packets are not counted.
    RxHwGroPackets = 19,
    /// See `rx-hw-gro-packets`.
    RxHwGroBytes = 20,
    /// Number of packets that were coalesced to bigger packetss with the HW-GRO netdevice feature.
    /// LRO-coalesced packets are not counted.
    RxHwGroWirePackets = 21,
    /// See `rx-hw-gro-wire-packets`.
    RxHwGroWireBytes = 22,
    /// Number of the packets dropped by the device due to the received packets bitrate exceeding
    /// the device rate limit.
    RxHwDropRatelimits = 23,
    /// Number of packets that arrived at the device but never left it, encompassing packets dropped
    /// for reasons such as processing errors, as well as those affected by explicitly defined
    /// policies and packet filtering criteria.
    TxHwDrops = 24,
    /// Number of packets dropped because they were invalid or malformed.
    TxHwDropErrors = 25,
    /// Number of packets that did not require the device to calculate the checksum.
    TxCsumNone = 26,
    /// Number of packets that required the device to calculate the checksum. This counter includes
    /// the number of GSO wire packets for which device calculated the L4 checksum.
    TxNeedsCsum = 27,
    /// Number of packets that necessitated segmentation into smaller packets by the device.
    TxHwGsoPackets = 28,
    /// See `tx-hw-gso-packets`.
    TxHwGsoBytes = 29,
    /// Number of wire-sized packets generated by processing `tx-hw-gso-packets`
    TxHwGsoWirePackets = 30,
    /// See `tx-hw-gso-wire-packets`.
    TxHwGsoWireBytes = 31,
    /// Number of the packets dropped by the device due to the transmit packets bitrate exceeding
    /// the device rate limit.
    TxHwDropRatelimits = 32,
    /// Number of times driver paused accepting new tx packets from the stack to this queue, because
    /// the queue was full. Note that if BQL is supported and enabled on the device the networking
    /// stack will avoid queuing a lot of data at once.
    TxStop = 33,
    /// Number of times driver re-started accepting send requests to this queue from the stack.
    TxWake = 34,
}

impl QstatsAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 34;
}

/// Attributes of set `lease`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum LeaseAttr {
    /// The netdev ifindex to lease the queue from.
    Ifindex = 1,
    /// The netdev queue to lease from.
    Queue = 2,
    /// The network namespace id of the netdev.
    NetnsId = 3,
}

impl LeaseAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 3;
}

/// Attributes of set `dmabuf`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum DmabufAttr {
    /// netdev ifindex to bind the dmabuf to.
    Ifindex = 1,
    /// receive queues to bind the dmabuf to.
    Queues = 2,
    /// dmabuf file descriptor to bind.
    Fd = 3,
    /// id of the dmabuf binding
    Id = 4,
    /// Size in bytes of each device page the NIC writes into from the bound dmabuf. Must be a power
    /// of two and \>= PAGE_SIZE; defaults to PAGE_SIZE.
    RxPageSize = 5,
}

impl DmabufAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 5;
}

/// A multicast group, by its index in [`MCGRPS`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum McastGroup {
    /// `mgmt`.
    Mgmt = 0,
    /// `page-pool`.
    PagePool = 1,
}

/// The multicast groups, indexed by [`McastGroup`] (`genl_family.mcgrps`).
pub(crate) static MCGRPS: [MulticastGroup; 2] = [
    MulticastGroup::const_new(c"mgmt"),
    MulticastGroup::const_new(c"page-pool"),
];

/// The range of `page-pool-info.id` (`struct netlink_range_validation`).
pub(crate) static PAGE_POOL_ID_RANGE: RangeUnsigned = RangeUnsigned::new(1, u32::MAX as u64);

/// The range of `page-pool-info.ifindex` (`struct netlink_range_validation`).
pub(crate) static PAGE_POOL_IFINDEX_RANGE: RangeUnsigned = RangeUnsigned::new(1, i32::MAX as u64);

/// The range of `dmabuf.rx-page-size` (`struct netlink_range_validation`).
pub(crate) static DMABUF_RX_PAGE_SIZE_RANGE: RangeUnsigned =
    RangeUnsigned::new(PAGE_SIZE as u64, u32::MAX as u64);

/// The range of `napi.defer-hard-irqs` (`struct netlink_range_validation`).
pub(crate) static NAPI_DEFER_HARD_IRQS_RANGE: RangeUnsigned =
    RangeUnsigned::new(0, i32::MAX as u64);

/// Attributes inside a `lease` nest.
pub(crate) static LEASE_POLICY: [AttrPolicy; LeaseAttr::NetnsId as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; LeaseAttr::NetnsId as usize + 1];
    p[LeaseAttr::Ifindex as usize] = AttrPolicy::min(NlaType::U32, 1);
    p[LeaseAttr::Queue as usize] = AttrPolicy::nested(&QUEUE_ID_POLICY);
    p[LeaseAttr::NetnsId as usize] = AttrPolicy::min(NlaType::S32, 0);
    p
};

/// Attributes inside a `page-pool-info` nest.
pub(crate) static PAGE_POOL_INFO_POLICY: [AttrPolicy; PagePoolAttr::Ifindex as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; PagePoolAttr::Ifindex as usize + 1];
    p[PagePoolAttr::Id as usize] = AttrPolicy::full_range(NlaType::Uint, &PAGE_POOL_ID_RANGE);
    p[PagePoolAttr::Ifindex as usize] =
        AttrPolicy::full_range(NlaType::U32, &PAGE_POOL_IFINDEX_RANGE);
    p
};

/// Attributes inside a `queue-id` nest.
pub(crate) static QUEUE_ID_POLICY: [AttrPolicy; QueueAttr::Type as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; QueueAttr::Type as usize + 1];
    p[QueueAttr::Id as usize] = AttrPolicy::new(NlaType::U32);
    p[QueueAttr::Type as usize] = AttrPolicy::max(NlaType::U32, 1);
    p
};

/// `DEV_GET` (do): the attributes a request may carry.
pub(crate) static DEV_GET_POLICY: [AttrPolicy; DevAttr::Ifindex as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; DevAttr::Ifindex as usize + 1];
    p[DevAttr::Ifindex as usize] = AttrPolicy::min(NlaType::U32, 1);
    p
};

/// `PAGE_POOL_GET` (do): the attributes a request may carry.
#[cfg(CONFIG_PAGE_POOL)]
pub(crate) static PAGE_POOL_GET_DO_POLICY: [AttrPolicy; PagePoolAttr::Id as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; PagePoolAttr::Id as usize + 1];
    p[PagePoolAttr::Id as usize] = AttrPolicy::full_range(NlaType::Uint, &PAGE_POOL_ID_RANGE);
    p
};

/// `PAGE_POOL_GET` (dump): the attributes a request may carry.
#[cfg(CONFIG_PAGE_POOL)]
pub(crate) static PAGE_POOL_GET_DUMP_POLICY: [AttrPolicy; PagePoolAttr::Ifindex as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; PagePoolAttr::Ifindex as usize + 1];
    p[PagePoolAttr::Ifindex as usize] =
        AttrPolicy::full_range(NlaType::U32, &PAGE_POOL_IFINDEX_RANGE);
    p
};

/// `PAGE_POOL_STATS_GET` (do): the attributes a request may carry.
#[cfg(CONFIG_PAGE_POOL_STATS)]
pub(crate) static PAGE_POOL_STATS_GET_DO_POLICY: [AttrPolicy;
    PagePoolStatsAttr::Info as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; PagePoolStatsAttr::Info as usize + 1];
    p[PagePoolStatsAttr::Info as usize] = AttrPolicy::nested(&PAGE_POOL_INFO_POLICY);
    p
};

/// `PAGE_POOL_STATS_GET` (dump): the attributes a request may carry.
#[cfg(CONFIG_PAGE_POOL_STATS)]
pub(crate) static PAGE_POOL_STATS_GET_DUMP_POLICY: [AttrPolicy;
    PagePoolStatsAttr::Info as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; PagePoolStatsAttr::Info as usize + 1];
    p[PagePoolStatsAttr::Info as usize] = AttrPolicy::nested(&PAGE_POOL_INFO_POLICY);
    p
};

/// `QUEUE_GET` (do): the attributes a request may carry.
pub(crate) static QUEUE_GET_DO_POLICY: [AttrPolicy; QueueAttr::Type as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; QueueAttr::Type as usize + 1];
    p[QueueAttr::Ifindex as usize] = AttrPolicy::min(NlaType::U32, 1);
    p[QueueAttr::Type as usize] = AttrPolicy::max(NlaType::U32, 1);
    p[QueueAttr::Id as usize] = AttrPolicy::new(NlaType::U32);
    p
};

/// `QUEUE_GET` (dump): the attributes a request may carry.
pub(crate) static QUEUE_GET_DUMP_POLICY: [AttrPolicy; QueueAttr::Ifindex as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; QueueAttr::Ifindex as usize + 1];
    p[QueueAttr::Ifindex as usize] = AttrPolicy::min(NlaType::U32, 1);
    p
};

/// `NAPI_GET` (do): the attributes a request may carry.
pub(crate) static NAPI_GET_DO_POLICY: [AttrPolicy; NapiAttr::Id as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; NapiAttr::Id as usize + 1];
    p[NapiAttr::Id as usize] = AttrPolicy::new(NlaType::U32);
    p
};

/// `NAPI_GET` (dump): the attributes a request may carry.
pub(crate) static NAPI_GET_DUMP_POLICY: [AttrPolicy; NapiAttr::Ifindex as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; NapiAttr::Ifindex as usize + 1];
    p[NapiAttr::Ifindex as usize] = AttrPolicy::min(NlaType::U32, 1);
    p
};

/// `QSTATS_GET` (dump): the attributes a request may carry.
pub(crate) static QSTATS_GET_POLICY: [AttrPolicy; QstatsAttr::Scope as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; QstatsAttr::Scope as usize + 1];
    p[QstatsAttr::Ifindex as usize] = AttrPolicy::min(NlaType::U32, 1);
    p[QstatsAttr::Scope as usize] = AttrPolicy::mask(NlaType::Uint, 0x1);
    p
};

/// `BIND_RX` (do): the attributes a request may carry.
pub(crate) static BIND_RX_POLICY: [AttrPolicy; DmabufAttr::RxPageSize as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; DmabufAttr::RxPageSize as usize + 1];
    p[DmabufAttr::Ifindex as usize] = AttrPolicy::min(NlaType::U32, 1);
    p[DmabufAttr::Fd as usize] = AttrPolicy::new(NlaType::U32);
    p[DmabufAttr::Queues as usize] = AttrPolicy::nested(&QUEUE_ID_POLICY);
    p[DmabufAttr::RxPageSize as usize] =
        AttrPolicy::full_range(NlaType::U32, &DMABUF_RX_PAGE_SIZE_RANGE);
    p
};

/// `NAPI_SET` (do): the attributes a request may carry.
pub(crate) static NAPI_SET_POLICY: [AttrPolicy; NapiAttr::Threaded as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; NapiAttr::Threaded as usize + 1];
    p[NapiAttr::Id as usize] = AttrPolicy::new(NlaType::U32);
    p[NapiAttr::DeferHardIrqs as usize] =
        AttrPolicy::full_range(NlaType::U32, &NAPI_DEFER_HARD_IRQS_RANGE);
    p[NapiAttr::GroFlushTimeout as usize] = AttrPolicy::new(NlaType::Uint);
    p[NapiAttr::IrqSuspendTimeout as usize] = AttrPolicy::new(NlaType::Uint);
    p[NapiAttr::Threaded as usize] = AttrPolicy::max(NlaType::U32, 2);
    p
};

/// `BIND_TX` (do): the attributes a request may carry.
pub(crate) static BIND_TX_POLICY: [AttrPolicy; DmabufAttr::Fd as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; DmabufAttr::Fd as usize + 1];
    p[DmabufAttr::Ifindex as usize] = AttrPolicy::min(NlaType::U32, 1);
    p[DmabufAttr::Fd as usize] = AttrPolicy::new(NlaType::U32);
    p
};

/// `QUEUE_CREATE` (do): the attributes a request may carry.
pub(crate) static QUEUE_CREATE_POLICY: [AttrPolicy; QueueAttr::Lease as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; QueueAttr::Lease as usize + 1];
    p[QueueAttr::Ifindex as usize] = AttrPolicy::min(NlaType::U32, 1);
    p[QueueAttr::Type as usize] = AttrPolicy::max(NlaType::U32, 1);
    p[QueueAttr::Lease as usize] = AttrPolicy::nested(&LEASE_POLICY);
    p
};

/// The handlers of `netdev`: one method per do and per dump of the spec (the
/// `*_doit` and `*_dumpit` functions the C generator declares). The module
/// implements this trait on its family state; a command without its handler does not
/// compile, and the error names the missing method.
pub(crate) trait NetdevOps: Sized {
    /// `DEV_GET` (do): Get / dump information about a netdev.
    fn dev_get_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `DEV_GET` (dump): Get / dump information about a netdev.
    fn dev_get_dumpit(&self, dump: &mut DumpInfo<'_>) -> Result;

    /// `PAGE_POOL_GET` (do): Get / dump information about Page Pools. Only Page Pools associated by
    /// the driver with a net_device can be listed. ifindex will not be reported if the net_device
    /// no longer exists.
    #[cfg(CONFIG_PAGE_POOL)]
    fn page_pool_get_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `PAGE_POOL_GET` (dump): Get / dump information about Page Pools. Only Page Pools associated
    /// by the driver with a net_device can be listed. ifindex will not be reported if the
    /// net_device no longer exists.
    #[cfg(CONFIG_PAGE_POOL)]
    fn page_pool_get_dumpit(&self, dump: &mut DumpInfo<'_>) -> Result;

    /// `PAGE_POOL_STATS_GET` (do): Get page pool statistics.
    #[cfg(CONFIG_PAGE_POOL_STATS)]
    fn page_pool_stats_get_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `PAGE_POOL_STATS_GET` (dump): Get page pool statistics.
    #[cfg(CONFIG_PAGE_POOL_STATS)]
    fn page_pool_stats_get_dumpit(&self, dump: &mut DumpInfo<'_>) -> Result;

    /// `QUEUE_GET` (do): Get queue information from the kernel. Only configured queues will be
    /// reported (as opposed to all available hardware queues).
    fn queue_get_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `QUEUE_GET` (dump): Get queue information from the kernel. Only configured queues will be
    /// reported (as opposed to all available hardware queues).
    fn queue_get_dumpit(&self, dump: &mut DumpInfo<'_>) -> Result;

    /// `NAPI_GET` (do): Get information about NAPI instances configured on the system.
    fn napi_get_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `NAPI_GET` (dump): Get information about NAPI instances configured on the system.
    fn napi_get_dumpit(&self, dump: &mut DumpInfo<'_>) -> Result;

    /// `QSTATS_GET` (dump): Get / dump fine grained statistics. Which statistics are reported
    /// depends on the device and the driver, and whether the driver stores software counters
    /// per-queue.
    fn qstats_get_dumpit(&self, dump: &mut DumpInfo<'_>) -> Result;

    /// `BIND_RX` (do): Bind dmabuf to netdev
    fn bind_rx_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `NAPI_SET` (do): Set configurable NAPI instance settings.
    fn napi_set_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `BIND_TX` (do): Bind dmabuf to netdev for TX
    fn bind_tx_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `QUEUE_CREATE` (do): Create a new queue for the given netdevice. Whether this operation is
    /// supported depends on the device and the driver.
    fn queue_create_doit(&self, info: &mut DoInfo<'_>) -> Result;
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

/// The split operations (`struct genl_split_ops`): for each do and each dump, its
/// command, its handler, the policy of its requests and its flags.
pub(crate) const fn ops<T: NetdevOps>() -> [SplitOp<T>; N_OPS] {
    [
        SplitOp {
            cmd: Cmd::DevGet as u8,
            handler: Handler::Do(T::dev_get_doit),
            policy: Some(&DEV_GET_POLICY),
            flags: GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::DevGet as u8,
            handler: Handler::Dump(T::dev_get_dumpit),
            policy: None,
            flags: GENL_CMD_CAP_DUMP,
            validate: 0,
        },
        #[cfg(CONFIG_PAGE_POOL)]
        SplitOp {
            cmd: Cmd::PagePoolGet as u8,
            handler: Handler::Do(T::page_pool_get_doit),
            policy: Some(&PAGE_POOL_GET_DO_POLICY),
            flags: GENL_CMD_CAP_DO,
            validate: 0,
        },
        #[cfg(CONFIG_PAGE_POOL)]
        SplitOp {
            cmd: Cmd::PagePoolGet as u8,
            handler: Handler::Dump(T::page_pool_get_dumpit),
            policy: Some(&PAGE_POOL_GET_DUMP_POLICY),
            flags: GENL_CMD_CAP_DUMP,
            validate: 0,
        },
        #[cfg(CONFIG_PAGE_POOL_STATS)]
        SplitOp {
            cmd: Cmd::PagePoolStatsGet as u8,
            handler: Handler::Do(T::page_pool_stats_get_doit),
            policy: Some(&PAGE_POOL_STATS_GET_DO_POLICY),
            flags: GENL_CMD_CAP_DO,
            validate: 0,
        },
        #[cfg(CONFIG_PAGE_POOL_STATS)]
        SplitOp {
            cmd: Cmd::PagePoolStatsGet as u8,
            handler: Handler::Dump(T::page_pool_stats_get_dumpit),
            policy: Some(&PAGE_POOL_STATS_GET_DUMP_POLICY),
            flags: GENL_CMD_CAP_DUMP,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::QueueGet as u8,
            handler: Handler::Do(T::queue_get_doit),
            policy: Some(&QUEUE_GET_DO_POLICY),
            flags: GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::QueueGet as u8,
            handler: Handler::Dump(T::queue_get_dumpit),
            policy: Some(&QUEUE_GET_DUMP_POLICY),
            flags: GENL_CMD_CAP_DUMP,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::NapiGet as u8,
            handler: Handler::Do(T::napi_get_doit),
            policy: Some(&NAPI_GET_DO_POLICY),
            flags: GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::NapiGet as u8,
            handler: Handler::Dump(T::napi_get_dumpit),
            policy: Some(&NAPI_GET_DUMP_POLICY),
            flags: GENL_CMD_CAP_DUMP,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::QstatsGet as u8,
            handler: Handler::Dump(T::qstats_get_dumpit),
            policy: Some(&QSTATS_GET_POLICY),
            flags: GENL_CMD_CAP_DUMP,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::BindRx as u8,
            handler: Handler::Do(T::bind_rx_doit),
            policy: Some(&BIND_RX_POLICY),
            flags: GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::NapiSet as u8,
            handler: Handler::Do(T::napi_set_doit),
            policy: Some(&NAPI_SET_POLICY),
            flags: GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::BindTx as u8,
            handler: Handler::Do(T::bind_tx_doit),
            policy: Some(&BIND_TX_POLICY),
            flags: GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::QueueCreate as u8,
            handler: Handler::Do(T::queue_create_doit),
            policy: Some(&QUEUE_CREATE_POLICY),
            flags: GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
            validate: 0,
        },
    ]
}
