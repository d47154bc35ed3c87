// generated from netdev.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
//! The Generic Netlink family `netdev`, user side: its names, the tables an annotator looks them up
//! in, and typed requests and replies built on `wire.rs`.
//!
//! netdev configuration over generic netlink.

use crate::wire;
use crate::ynl;

/// The family's name, which nlctrl resolves to its id.
pub const FAMILY_NAME: &str = "netdev";
/// The family's version, sent in every `genlmsghdr`.
pub const FAMILY_VERSION: u8 = 1;

/// Bits of `xdp-act`.
pub mod xdp_act {
    /// XDP features set supported by all drivers (XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX)
    pub const BASIC: u32 = 1 << 0;

    /// The netdev supports XDP_REDIRECT
    pub const REDIRECT: u32 = 1 << 1;

    /// This feature informs if netdev implements ndo_xdp_xmit callback.
    pub const NDO_XMIT: u32 = 1 << 2;

    /// This feature informs if netdev supports AF_XDP in zero copy mode.
    pub const XSK_ZEROCOPY: u32 = 1 << 3;

    /// This feature informs if netdev supports XDP hw offloading.
    pub const HW_OFFLOAD: u32 = 1 << 4;

    /// This feature informs if netdev implements non-linear XDP buffer support in the driver napi
    /// callback.
    pub const RX_SG: u32 = 1 << 5;

    /// This feature informs if netdev implements non-linear XDP buffer support in ndo_xdp_xmit
    /// callback.
    pub const NDO_XMIT_SG: u32 = 1 << 6;
}

/// Bits of `xdp-rx-metadata`.
pub mod xdp_rx_metadata {
    /// Device is capable of exposing receive HW timestamp via bpf_xdp_metadata_rx_timestamp().
    pub const TIMESTAMP: u32 = 1 << 0;

    /// Device is capable of exposing receive packet hash via bpf_xdp_metadata_rx_hash().
    pub const HASH: u32 = 1 << 1;

    /// Device is capable of exposing receive packet VLAN tag via bpf_xdp_metadata_rx_vlan_tag().
    pub const VLAN_TAG: u32 = 1 << 2;
}

/// Bits of `xsk-flags`.
pub mod xsk_flags {
    /// HW timestamping egress packets is supported by the driver.
    pub const TX_TIMESTAMP: u32 = 1 << 0;

    /// L3 checksum HW offload is supported by the driver.
    pub const TX_CHECKSUM: u32 = 1 << 1;

    /// Launch time HW offload is supported by the driver.
    pub const TX_LAUNCH_TIME_FIFO: u32 = 1 << 2;
}

/// Values of `queue-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum QueueType {
    /// `rx`.
    Rx = 0,
    /// `tx`.
    Tx = 1,
}

impl QueueType {
    /// Every value, in spec order.
    pub const ALL: [QueueType; 2] = [QueueType::Rx, QueueType::Tx];

    /// The value's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            QueueType::Rx => "rx",
            QueueType::Tx => "tx",
        }
    }
}

impl From<QueueType> for u32 {
    fn from(value: QueueType) -> u32 {
        value as u32
    }
}

impl TryFrom<u32> for QueueType {
    type Error = u32;

    /// The value numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u32) -> Result<QueueType, u32> {
        match value {
            0 => Ok(QueueType::Rx),
            1 => Ok(QueueType::Tx),
            other => Err(other),
        }
    }
}

/// Bits of `qstats-scope`.
pub mod qstats_scope {
    /// `queue`.
    pub const QUEUE: u32 = 1 << 0;
}

/// Values of `napi-threaded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum NapiThreaded {
    /// `disabled`.
    Disabled = 0,
    /// `enabled`.
    Enabled = 1,
    /// `busy-poll`.
    BusyPoll = 2,
}

impl NapiThreaded {
    /// Every value, in spec order.
    pub const ALL: [NapiThreaded; 3] = [
        NapiThreaded::Disabled,
        NapiThreaded::Enabled,
        NapiThreaded::BusyPoll,
    ];

    /// The value's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            NapiThreaded::Disabled => "disabled",
            NapiThreaded::Enabled => "enabled",
            NapiThreaded::BusyPoll => "busy-poll",
        }
    }
}

impl From<NapiThreaded> for u32 {
    fn from(value: NapiThreaded) -> u32 {
        value as u32
    }
}

impl TryFrom<u32> for NapiThreaded {
    type Error = u32;

    /// The value numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u32) -> Result<NapiThreaded, u32> {
        match value {
            0 => Ok(NapiThreaded::Disabled),
            1 => Ok(NapiThreaded::Enabled),
            2 => Ok(NapiThreaded::BusyPoll),
            other => Err(other),
        }
    }
}

/// The names of `xdp-act`'s bits, for annotators.
pub static XDP_ACT_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "xdp-act",
    flags: true,
    entries: &[
        (1, "basic"),
        (2, "redirect"),
        (4, "ndo-xmit"),
        (8, "xsk-zerocopy"),
        (16, "hw-offload"),
        (32, "rx-sg"),
        (64, "ndo-xmit-sg"),
    ],
};

/// The names of `xdp-rx-metadata`'s bits, for annotators.
pub static XDP_RX_METADATA_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "xdp-rx-metadata",
    flags: true,
    entries: &[(1, "timestamp"), (2, "hash"), (4, "vlan-tag")],
};

/// The names of `xsk-flags`'s bits, for annotators.
pub static XSK_FLAGS_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "xsk-flags",
    flags: true,
    entries: &[
        (1, "tx-timestamp"),
        (2, "tx-checksum"),
        (4, "tx-launch-time-fifo"),
    ],
};

/// The names of `queue-type`'s values, for annotators.
pub static QUEUE_TYPE_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "queue-type",
    flags: false,
    entries: &[(0, "rx"), (1, "tx")],
};

/// The names of `qstats-scope`'s bits, for annotators.
pub static QSTATS_SCOPE_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "qstats-scope",
    flags: true,
    entries: &[(1, "queue")],
};

/// The names of `napi-threaded`'s values, for annotators.
pub static NAPI_THREADED_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "napi-threaded",
    flags: false,
    entries: &[(0, "disabled"), (1, "enabled"), (2, "busy-poll")],
};

/// A request of the family: `genlmsghdr.cmd` of the messages that ask the
/// kernel something, and of its replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Cmd {
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

impl Cmd {
    /// Every command, in spec order.
    pub const ALL: [Cmd; 10] = [
        Cmd::DevGet,
        Cmd::PagePoolGet,
        Cmd::PagePoolStatsGet,
        Cmd::QueueGet,
        Cmd::NapiGet,
        Cmd::QstatsGet,
        Cmd::BindRx,
        Cmd::NapiSet,
        Cmd::BindTx,
        Cmd::QueueCreate,
    ];

    /// The command's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            Cmd::DevGet => "dev-get",
            Cmd::PagePoolGet => "page-pool-get",
            Cmd::PagePoolStatsGet => "page-pool-stats-get",
            Cmd::QueueGet => "queue-get",
            Cmd::NapiGet => "napi-get",
            Cmd::QstatsGet => "qstats-get",
            Cmd::BindRx => "bind-rx",
            Cmd::NapiSet => "napi-set",
            Cmd::BindTx => "bind-tx",
            Cmd::QueueCreate => "queue-create",
        }
    }
}

impl From<Cmd> for u8 {
    fn from(value: Cmd) -> u8 {
        value as u8
    }
}

impl TryFrom<u8> for Cmd {
    type Error = u8;

    /// The command numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u8) -> Result<Cmd, u8> {
        match value {
            1 => Ok(Cmd::DevGet),
            5 => Ok(Cmd::PagePoolGet),
            9 => Ok(Cmd::PagePoolStatsGet),
            10 => Ok(Cmd::QueueGet),
            11 => Ok(Cmd::NapiGet),
            12 => Ok(Cmd::QstatsGet),
            13 => Ok(Cmd::BindRx),
            14 => Ok(Cmd::NapiSet),
            15 => Ok(Cmd::BindTx),
            16 => Ok(Cmd::QueueCreate),
            other => Err(other),
        }
    }
}

/// A notification of the family: `genlmsghdr.cmd` of the messages the kernel
/// sends to a multicast group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Ntf {
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
    /// Every notification, in spec order.
    pub const ALL: [Ntf; 6] = [
        Ntf::DevAdd,
        Ntf::DevDel,
        Ntf::DevChange,
        Ntf::PagePoolAdd,
        Ntf::PagePoolDel,
        Ntf::PagePoolChange,
    ];

    /// The notification's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            Ntf::DevAdd => "dev-add-ntf",
            Ntf::DevDel => "dev-del-ntf",
            Ntf::DevChange => "dev-change-ntf",
            Ntf::PagePoolAdd => "page-pool-add-ntf",
            Ntf::PagePoolDel => "page-pool-del-ntf",
            Ntf::PagePoolChange => "page-pool-change-ntf",
        }
    }
}

impl From<Ntf> for u8 {
    fn from(value: Ntf) -> u8 {
        value as u8
    }
}

impl TryFrom<u8> for Ntf {
    type Error = u8;

    /// The notification numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u8) -> Result<Ntf, u8> {
        match value {
            2 => Ok(Ntf::DevAdd),
            3 => Ok(Ntf::DevDel),
            4 => Ok(Ntf::DevChange),
            6 => Ok(Ntf::PagePoolAdd),
            7 => Ok(Ntf::PagePoolDel),
            8 => Ok(Ntf::PagePoolChange),
            other => Err(other),
        }
    }
}

/// A multicast group of the family. Its id is assigned when the family
/// registers: ask nlctrl for the id of [`McastGroup::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum McastGroup {
    /// `mgmt`.
    Mgmt = 0,
    /// `page-pool`.
    PagePool = 1,
}

impl McastGroup {
    /// Every group, in spec order.
    pub const ALL: [McastGroup; 2] = [McastGroup::Mgmt, McastGroup::PagePool];

    /// The group's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            McastGroup::Mgmt => "mgmt",
            McastGroup::PagePool => "page-pool",
        }
    }
}

impl From<McastGroup> for u8 {
    fn from(value: McastGroup) -> u8 {
        value as u8
    }
}

impl TryFrom<u8> for McastGroup {
    type Error = u8;

    /// The group numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u8) -> Result<McastGroup, u8> {
        match value {
            0 => Ok(McastGroup::Mgmt),
            1 => Ok(McastGroup::PagePool),
            other => Err(other),
        }
    }
}

/// Attributes of set `dev`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum DevAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [DevAttr; 6] = [
        DevAttr::Ifindex,
        DevAttr::Pad,
        DevAttr::XdpFeatures,
        DevAttr::XdpZcMaxSegs,
        DevAttr::XdpRxMetadataFeatures,
        DevAttr::XskFeatures,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            DevAttr::Ifindex => "ifindex",
            DevAttr::Pad => "pad",
            DevAttr::XdpFeatures => "xdp-features",
            DevAttr::XdpZcMaxSegs => "xdp-zc-max-segs",
            DevAttr::XdpRxMetadataFeatures => "xdp-rx-metadata-features",
            DevAttr::XskFeatures => "xsk-features",
        }
    }
}

impl From<DevAttr> for u16 {
    fn from(value: DevAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for DevAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<DevAttr, u16> {
        match value {
            1 => Ok(DevAttr::Ifindex),
            2 => Ok(DevAttr::Pad),
            3 => Ok(DevAttr::XdpFeatures),
            4 => Ok(DevAttr::XdpZcMaxSegs),
            5 => Ok(DevAttr::XdpRxMetadataFeatures),
            6 => Ok(DevAttr::XskFeatures),
            other => Err(other),
        }
    }
}

/// Attributes of set `io-uring-provider-info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum IoUringProviderInfoAttr {
    /// RX buffer length in bytes for this io_uring memory provider. Reflects the rx_buf_len passed
    /// at io_uring zerocopy rx registration time.
    RxBufLen = 1,
}

impl IoUringProviderInfoAttr {
    /// Every attribute, in spec order.
    pub const ALL: [IoUringProviderInfoAttr; 1] = [IoUringProviderInfoAttr::RxBufLen];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            IoUringProviderInfoAttr::RxBufLen => "rx-buf-len",
        }
    }
}

impl From<IoUringProviderInfoAttr> for u16 {
    fn from(value: IoUringProviderInfoAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for IoUringProviderInfoAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<IoUringProviderInfoAttr, u16> {
        match value {
            1 => Ok(IoUringProviderInfoAttr::RxBufLen),
            other => Err(other),
        }
    }
}

/// Attributes of set `page-pool`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum PagePoolAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [PagePoolAttr; 8] = [
        PagePoolAttr::Id,
        PagePoolAttr::Ifindex,
        PagePoolAttr::NapiId,
        PagePoolAttr::Inflight,
        PagePoolAttr::InflightMem,
        PagePoolAttr::DetachTime,
        PagePoolAttr::Dmabuf,
        PagePoolAttr::IoUring,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            PagePoolAttr::Id => "id",
            PagePoolAttr::Ifindex => "ifindex",
            PagePoolAttr::NapiId => "napi-id",
            PagePoolAttr::Inflight => "inflight",
            PagePoolAttr::InflightMem => "inflight-mem",
            PagePoolAttr::DetachTime => "detach-time",
            PagePoolAttr::Dmabuf => "dmabuf",
            PagePoolAttr::IoUring => "io-uring",
        }
    }
}

impl From<PagePoolAttr> for u16 {
    fn from(value: PagePoolAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for PagePoolAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<PagePoolAttr, u16> {
        match value {
            1 => Ok(PagePoolAttr::Id),
            2 => Ok(PagePoolAttr::Ifindex),
            3 => Ok(PagePoolAttr::NapiId),
            4 => Ok(PagePoolAttr::Inflight),
            5 => Ok(PagePoolAttr::InflightMem),
            6 => Ok(PagePoolAttr::DetachTime),
            7 => Ok(PagePoolAttr::Dmabuf),
            8 => Ok(PagePoolAttr::IoUring),
            other => Err(other),
        }
    }
}

/// Page pool statistics, see docs for struct page_pool_stats for information about individual
/// statistics.
///
/// Attribute set `page-pool-stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum PagePoolStatsAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [PagePoolStatsAttr; 12] = [
        PagePoolStatsAttr::Info,
        PagePoolStatsAttr::AllocFast,
        PagePoolStatsAttr::AllocSlow,
        PagePoolStatsAttr::AllocSlowHighOrder,
        PagePoolStatsAttr::AllocEmpty,
        PagePoolStatsAttr::AllocRefill,
        PagePoolStatsAttr::AllocWaive,
        PagePoolStatsAttr::RecycleCached,
        PagePoolStatsAttr::RecycleCacheFull,
        PagePoolStatsAttr::RecycleRing,
        PagePoolStatsAttr::RecycleRingFull,
        PagePoolStatsAttr::RecycleReleasedRefcnt,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            PagePoolStatsAttr::Info => "info",
            PagePoolStatsAttr::AllocFast => "alloc-fast",
            PagePoolStatsAttr::AllocSlow => "alloc-slow",
            PagePoolStatsAttr::AllocSlowHighOrder => "alloc-slow-high-order",
            PagePoolStatsAttr::AllocEmpty => "alloc-empty",
            PagePoolStatsAttr::AllocRefill => "alloc-refill",
            PagePoolStatsAttr::AllocWaive => "alloc-waive",
            PagePoolStatsAttr::RecycleCached => "recycle-cached",
            PagePoolStatsAttr::RecycleCacheFull => "recycle-cache-full",
            PagePoolStatsAttr::RecycleRing => "recycle-ring",
            PagePoolStatsAttr::RecycleRingFull => "recycle-ring-full",
            PagePoolStatsAttr::RecycleReleasedRefcnt => "recycle-released-refcnt",
        }
    }
}

impl From<PagePoolStatsAttr> for u16 {
    fn from(value: PagePoolStatsAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for PagePoolStatsAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<PagePoolStatsAttr, u16> {
        match value {
            1 => Ok(PagePoolStatsAttr::Info),
            8 => Ok(PagePoolStatsAttr::AllocFast),
            9 => Ok(PagePoolStatsAttr::AllocSlow),
            10 => Ok(PagePoolStatsAttr::AllocSlowHighOrder),
            11 => Ok(PagePoolStatsAttr::AllocEmpty),
            12 => Ok(PagePoolStatsAttr::AllocRefill),
            13 => Ok(PagePoolStatsAttr::AllocWaive),
            14 => Ok(PagePoolStatsAttr::RecycleCached),
            15 => Ok(PagePoolStatsAttr::RecycleCacheFull),
            16 => Ok(PagePoolStatsAttr::RecycleRing),
            17 => Ok(PagePoolStatsAttr::RecycleRingFull),
            18 => Ok(PagePoolStatsAttr::RecycleReleasedRefcnt),
            other => Err(other),
        }
    }
}

/// Attributes of set `napi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum NapiAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [NapiAttr; 8] = [
        NapiAttr::Ifindex,
        NapiAttr::Id,
        NapiAttr::Irq,
        NapiAttr::Pid,
        NapiAttr::DeferHardIrqs,
        NapiAttr::GroFlushTimeout,
        NapiAttr::IrqSuspendTimeout,
        NapiAttr::Threaded,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            NapiAttr::Ifindex => "ifindex",
            NapiAttr::Id => "id",
            NapiAttr::Irq => "irq",
            NapiAttr::Pid => "pid",
            NapiAttr::DeferHardIrqs => "defer-hard-irqs",
            NapiAttr::GroFlushTimeout => "gro-flush-timeout",
            NapiAttr::IrqSuspendTimeout => "irq-suspend-timeout",
            NapiAttr::Threaded => "threaded",
        }
    }
}

impl From<NapiAttr> for u16 {
    fn from(value: NapiAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for NapiAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<NapiAttr, u16> {
        match value {
            1 => Ok(NapiAttr::Ifindex),
            2 => Ok(NapiAttr::Id),
            3 => Ok(NapiAttr::Irq),
            4 => Ok(NapiAttr::Pid),
            5 => Ok(NapiAttr::DeferHardIrqs),
            6 => Ok(NapiAttr::GroFlushTimeout),
            7 => Ok(NapiAttr::IrqSuspendTimeout),
            8 => Ok(NapiAttr::Threaded),
            other => Err(other),
        }
    }
}

/// Attributes of set `xsk-info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum XskInfoAttr {}

impl XskInfoAttr {
    /// Every attribute, in spec order.
    pub const ALL: [XskInfoAttr; 0] = [];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {}
    }
}

impl From<XskInfoAttr> for u16 {
    fn from(value: XskInfoAttr) -> u16 {
        match value {}
    }
}

impl TryFrom<u16> for XskInfoAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<XskInfoAttr, u16> {
        Err(value)
    }
}

/// Attributes of set `queue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum QueueAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [QueueAttr; 8] = [
        QueueAttr::Id,
        QueueAttr::Ifindex,
        QueueAttr::Type,
        QueueAttr::NapiId,
        QueueAttr::Dmabuf,
        QueueAttr::IoUring,
        QueueAttr::Xsk,
        QueueAttr::Lease,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            QueueAttr::Id => "id",
            QueueAttr::Ifindex => "ifindex",
            QueueAttr::Type => "type",
            QueueAttr::NapiId => "napi-id",
            QueueAttr::Dmabuf => "dmabuf",
            QueueAttr::IoUring => "io-uring",
            QueueAttr::Xsk => "xsk",
            QueueAttr::Lease => "lease",
        }
    }
}

impl From<QueueAttr> for u16 {
    fn from(value: QueueAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for QueueAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<QueueAttr, u16> {
        match value {
            1 => Ok(QueueAttr::Id),
            2 => Ok(QueueAttr::Ifindex),
            3 => Ok(QueueAttr::Type),
            4 => Ok(QueueAttr::NapiId),
            5 => Ok(QueueAttr::Dmabuf),
            6 => Ok(QueueAttr::IoUring),
            7 => Ok(QueueAttr::Xsk),
            8 => Ok(QueueAttr::Lease),
            other => Err(other),
        }
    }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum QstatsAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [QstatsAttr; 31] = [
        QstatsAttr::Ifindex,
        QstatsAttr::QueueType,
        QstatsAttr::QueueId,
        QstatsAttr::Scope,
        QstatsAttr::RxPackets,
        QstatsAttr::RxBytes,
        QstatsAttr::TxPackets,
        QstatsAttr::TxBytes,
        QstatsAttr::RxAllocFail,
        QstatsAttr::RxHwDrops,
        QstatsAttr::RxHwDropOverruns,
        QstatsAttr::RxCsumComplete,
        QstatsAttr::RxCsumUnnecessary,
        QstatsAttr::RxCsumNone,
        QstatsAttr::RxCsumBad,
        QstatsAttr::RxHwGroPackets,
        QstatsAttr::RxHwGroBytes,
        QstatsAttr::RxHwGroWirePackets,
        QstatsAttr::RxHwGroWireBytes,
        QstatsAttr::RxHwDropRatelimits,
        QstatsAttr::TxHwDrops,
        QstatsAttr::TxHwDropErrors,
        QstatsAttr::TxCsumNone,
        QstatsAttr::TxNeedsCsum,
        QstatsAttr::TxHwGsoPackets,
        QstatsAttr::TxHwGsoBytes,
        QstatsAttr::TxHwGsoWirePackets,
        QstatsAttr::TxHwGsoWireBytes,
        QstatsAttr::TxHwDropRatelimits,
        QstatsAttr::TxStop,
        QstatsAttr::TxWake,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            QstatsAttr::Ifindex => "ifindex",
            QstatsAttr::QueueType => "queue-type",
            QstatsAttr::QueueId => "queue-id",
            QstatsAttr::Scope => "scope",
            QstatsAttr::RxPackets => "rx-packets",
            QstatsAttr::RxBytes => "rx-bytes",
            QstatsAttr::TxPackets => "tx-packets",
            QstatsAttr::TxBytes => "tx-bytes",
            QstatsAttr::RxAllocFail => "rx-alloc-fail",
            QstatsAttr::RxHwDrops => "rx-hw-drops",
            QstatsAttr::RxHwDropOverruns => "rx-hw-drop-overruns",
            QstatsAttr::RxCsumComplete => "rx-csum-complete",
            QstatsAttr::RxCsumUnnecessary => "rx-csum-unnecessary",
            QstatsAttr::RxCsumNone => "rx-csum-none",
            QstatsAttr::RxCsumBad => "rx-csum-bad",
            QstatsAttr::RxHwGroPackets => "rx-hw-gro-packets",
            QstatsAttr::RxHwGroBytes => "rx-hw-gro-bytes",
            QstatsAttr::RxHwGroWirePackets => "rx-hw-gro-wire-packets",
            QstatsAttr::RxHwGroWireBytes => "rx-hw-gro-wire-bytes",
            QstatsAttr::RxHwDropRatelimits => "rx-hw-drop-ratelimits",
            QstatsAttr::TxHwDrops => "tx-hw-drops",
            QstatsAttr::TxHwDropErrors => "tx-hw-drop-errors",
            QstatsAttr::TxCsumNone => "tx-csum-none",
            QstatsAttr::TxNeedsCsum => "tx-needs-csum",
            QstatsAttr::TxHwGsoPackets => "tx-hw-gso-packets",
            QstatsAttr::TxHwGsoBytes => "tx-hw-gso-bytes",
            QstatsAttr::TxHwGsoWirePackets => "tx-hw-gso-wire-packets",
            QstatsAttr::TxHwGsoWireBytes => "tx-hw-gso-wire-bytes",
            QstatsAttr::TxHwDropRatelimits => "tx-hw-drop-ratelimits",
            QstatsAttr::TxStop => "tx-stop",
            QstatsAttr::TxWake => "tx-wake",
        }
    }
}

impl From<QstatsAttr> for u16 {
    fn from(value: QstatsAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for QstatsAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<QstatsAttr, u16> {
        match value {
            1 => Ok(QstatsAttr::Ifindex),
            2 => Ok(QstatsAttr::QueueType),
            3 => Ok(QstatsAttr::QueueId),
            4 => Ok(QstatsAttr::Scope),
            8 => Ok(QstatsAttr::RxPackets),
            9 => Ok(QstatsAttr::RxBytes),
            10 => Ok(QstatsAttr::TxPackets),
            11 => Ok(QstatsAttr::TxBytes),
            12 => Ok(QstatsAttr::RxAllocFail),
            13 => Ok(QstatsAttr::RxHwDrops),
            14 => Ok(QstatsAttr::RxHwDropOverruns),
            15 => Ok(QstatsAttr::RxCsumComplete),
            16 => Ok(QstatsAttr::RxCsumUnnecessary),
            17 => Ok(QstatsAttr::RxCsumNone),
            18 => Ok(QstatsAttr::RxCsumBad),
            19 => Ok(QstatsAttr::RxHwGroPackets),
            20 => Ok(QstatsAttr::RxHwGroBytes),
            21 => Ok(QstatsAttr::RxHwGroWirePackets),
            22 => Ok(QstatsAttr::RxHwGroWireBytes),
            23 => Ok(QstatsAttr::RxHwDropRatelimits),
            24 => Ok(QstatsAttr::TxHwDrops),
            25 => Ok(QstatsAttr::TxHwDropErrors),
            26 => Ok(QstatsAttr::TxCsumNone),
            27 => Ok(QstatsAttr::TxNeedsCsum),
            28 => Ok(QstatsAttr::TxHwGsoPackets),
            29 => Ok(QstatsAttr::TxHwGsoBytes),
            30 => Ok(QstatsAttr::TxHwGsoWirePackets),
            31 => Ok(QstatsAttr::TxHwGsoWireBytes),
            32 => Ok(QstatsAttr::TxHwDropRatelimits),
            33 => Ok(QstatsAttr::TxStop),
            34 => Ok(QstatsAttr::TxWake),
            other => Err(other),
        }
    }
}

/// Attributes of set `lease`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum LeaseAttr {
    /// The netdev ifindex to lease the queue from.
    Ifindex = 1,
    /// The netdev queue to lease from.
    Queue = 2,
    /// The network namespace id of the netdev.
    NetnsId = 3,
}

impl LeaseAttr {
    /// Every attribute, in spec order.
    pub const ALL: [LeaseAttr; 3] = [LeaseAttr::Ifindex, LeaseAttr::Queue, LeaseAttr::NetnsId];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            LeaseAttr::Ifindex => "ifindex",
            LeaseAttr::Queue => "queue",
            LeaseAttr::NetnsId => "netns-id",
        }
    }
}

impl From<LeaseAttr> for u16 {
    fn from(value: LeaseAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for LeaseAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<LeaseAttr, u16> {
        match value {
            1 => Ok(LeaseAttr::Ifindex),
            2 => Ok(LeaseAttr::Queue),
            3 => Ok(LeaseAttr::NetnsId),
            other => Err(other),
        }
    }
}

/// Attributes of set `dmabuf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum DmabufAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [DmabufAttr; 5] = [
        DmabufAttr::Ifindex,
        DmabufAttr::Queues,
        DmabufAttr::Fd,
        DmabufAttr::Id,
        DmabufAttr::RxPageSize,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            DmabufAttr::Ifindex => "ifindex",
            DmabufAttr::Queues => "queues",
            DmabufAttr::Fd => "fd",
            DmabufAttr::Id => "id",
            DmabufAttr::RxPageSize => "rx-page-size",
        }
    }
}

impl From<DmabufAttr> for u16 {
    fn from(value: DmabufAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for DmabufAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<DmabufAttr, u16> {
        match value {
            1 => Ok(DmabufAttr::Ifindex),
            2 => Ok(DmabufAttr::Queues),
            3 => Ok(DmabufAttr::Fd),
            4 => Ok(DmabufAttr::Id),
            5 => Ok(DmabufAttr::RxPageSize),
            other => Err(other),
        }
    }
}

/// Attribute set `dev`, by number, for annotators and decoders.
pub static DEV_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "dev",
    attrs: &[
        ynl::AttrInfo::new(1, "ifindex", ynl::AttrKind::U32).min(1),
        ynl::AttrInfo::new(2, "pad", ynl::AttrKind::Pad),
        ynl::AttrInfo::new(3, "xdp-features", ynl::AttrKind::U64)
            .enumeration(&XDP_ACT_ENUM)
            .max(6),
        ynl::AttrInfo::new(4, "xdp-zc-max-segs", ynl::AttrKind::U32).min(1),
        ynl::AttrInfo::new(5, "xdp-rx-metadata-features", ynl::AttrKind::U64)
            .enumeration(&XDP_RX_METADATA_ENUM)
            .max(2),
        ynl::AttrInfo::new(6, "xsk-features", ynl::AttrKind::U64)
            .enumeration(&XSK_FLAGS_ENUM)
            .max(2),
    ],
};

/// Attribute set `io-uring-provider-info`, by number, for annotators and decoders.
pub static IO_URING_PROVIDER_INFO_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "io-uring-provider-info",
    attrs: &[ynl::AttrInfo::new(1, "rx-buf-len", ynl::AttrKind::Uint)],
};

/// Attribute set `page-pool`, by number, for annotators and decoders.
pub static PAGE_POOL_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "page-pool",
    attrs: &[
        ynl::AttrInfo::new(1, "id", ynl::AttrKind::Uint)
            .min(1)
            .max(4294967295),
        ynl::AttrInfo::new(2, "ifindex", ynl::AttrKind::U32)
            .min(1)
            .max(2147483647),
        ynl::AttrInfo::new(3, "napi-id", ynl::AttrKind::Uint)
            .min(1)
            .max(4294967295),
        ynl::AttrInfo::new(4, "inflight", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(5, "inflight-mem", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(6, "detach-time", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(7, "dmabuf", ynl::AttrKind::U32),
        ynl::AttrInfo::new(8, "io-uring", ynl::AttrKind::Nest)
            .nested(&IO_URING_PROVIDER_INFO_ATTRS),
    ],
};

/// Attribute set `page-pool-info`, by number, for annotators and decoders.
pub static PAGE_POOL_INFO_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "page-pool-info",
    attrs: &[
        ynl::AttrInfo::new(1, "id", ynl::AttrKind::Uint)
            .min(1)
            .max(4294967295),
        ynl::AttrInfo::new(2, "ifindex", ynl::AttrKind::U32)
            .min(1)
            .max(2147483647),
    ],
};

/// Attribute set `page-pool-stats`, by number, for annotators and decoders.
pub static PAGE_POOL_STATS_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "page-pool-stats",
    attrs: &[
        ynl::AttrInfo::new(1, "info", ynl::AttrKind::Nest).nested(&PAGE_POOL_INFO_ATTRS),
        ynl::AttrInfo::new(8, "alloc-fast", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(9, "alloc-slow", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(10, "alloc-slow-high-order", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(11, "alloc-empty", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(12, "alloc-refill", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(13, "alloc-waive", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(14, "recycle-cached", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(15, "recycle-cache-full", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(16, "recycle-ring", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(17, "recycle-ring-full", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(18, "recycle-released-refcnt", ynl::AttrKind::Uint),
    ],
};

/// Attribute set `napi`, by number, for annotators and decoders.
pub static NAPI_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "napi",
    attrs: &[
        ynl::AttrInfo::new(1, "ifindex", ynl::AttrKind::U32).min(1),
        ynl::AttrInfo::new(2, "id", ynl::AttrKind::U32),
        ynl::AttrInfo::new(3, "irq", ynl::AttrKind::U32),
        ynl::AttrInfo::new(4, "pid", ynl::AttrKind::U32),
        ynl::AttrInfo::new(5, "defer-hard-irqs", ynl::AttrKind::U32).max(2147483647),
        ynl::AttrInfo::new(6, "gro-flush-timeout", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(7, "irq-suspend-timeout", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(8, "threaded", ynl::AttrKind::U32)
            .enumeration(&NAPI_THREADED_ENUM)
            .max(2),
    ],
};

/// Attribute set `xsk-info`, by number, for annotators and decoders.
pub static XSK_INFO_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "xsk-info",
    attrs: &[],
};

/// Attribute set `queue`, by number, for annotators and decoders.
pub static QUEUE_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "queue",
    attrs: &[
        ynl::AttrInfo::new(1, "id", ynl::AttrKind::U32),
        ynl::AttrInfo::new(2, "ifindex", ynl::AttrKind::U32).min(1),
        ynl::AttrInfo::new(3, "type", ynl::AttrKind::U32)
            .enumeration(&QUEUE_TYPE_ENUM)
            .max(1),
        ynl::AttrInfo::new(4, "napi-id", ynl::AttrKind::U32),
        ynl::AttrInfo::new(5, "dmabuf", ynl::AttrKind::U32),
        ynl::AttrInfo::new(6, "io-uring", ynl::AttrKind::Nest)
            .nested(&IO_URING_PROVIDER_INFO_ATTRS),
        ynl::AttrInfo::new(7, "xsk", ynl::AttrKind::Nest).nested(&XSK_INFO_ATTRS),
        ynl::AttrInfo::new(8, "lease", ynl::AttrKind::Nest).nested(&LEASE_ATTRS),
    ],
};

/// Attribute set `qstats`, by number, for annotators and decoders.
pub static QSTATS_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "qstats",
    attrs: &[
        ynl::AttrInfo::new(1, "ifindex", ynl::AttrKind::U32).min(1),
        ynl::AttrInfo::new(2, "queue-type", ynl::AttrKind::U32)
            .enumeration(&QUEUE_TYPE_ENUM)
            .max(1),
        ynl::AttrInfo::new(3, "queue-id", ynl::AttrKind::U32),
        ynl::AttrInfo::new(4, "scope", ynl::AttrKind::Uint)
            .enumeration(&QSTATS_SCOPE_ENUM)
            .max(0),
        ynl::AttrInfo::new(8, "rx-packets", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(9, "rx-bytes", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(10, "tx-packets", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(11, "tx-bytes", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(12, "rx-alloc-fail", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(13, "rx-hw-drops", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(14, "rx-hw-drop-overruns", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(15, "rx-csum-complete", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(16, "rx-csum-unnecessary", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(17, "rx-csum-none", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(18, "rx-csum-bad", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(19, "rx-hw-gro-packets", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(20, "rx-hw-gro-bytes", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(21, "rx-hw-gro-wire-packets", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(22, "rx-hw-gro-wire-bytes", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(23, "rx-hw-drop-ratelimits", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(24, "tx-hw-drops", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(25, "tx-hw-drop-errors", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(26, "tx-csum-none", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(27, "tx-needs-csum", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(28, "tx-hw-gso-packets", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(29, "tx-hw-gso-bytes", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(30, "tx-hw-gso-wire-packets", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(31, "tx-hw-gso-wire-bytes", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(32, "tx-hw-drop-ratelimits", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(33, "tx-stop", ynl::AttrKind::Uint),
        ynl::AttrInfo::new(34, "tx-wake", ynl::AttrKind::Uint),
    ],
};

/// Attribute set `queue-id`, by number, for annotators and decoders.
pub static QUEUE_ID_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "queue-id",
    attrs: &[
        ynl::AttrInfo::new(1, "id", ynl::AttrKind::U32),
        ynl::AttrInfo::new(3, "type", ynl::AttrKind::U32)
            .enumeration(&QUEUE_TYPE_ENUM)
            .max(1),
    ],
};

/// Attribute set `lease`, by number, for annotators and decoders.
pub static LEASE_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "lease",
    attrs: &[
        ynl::AttrInfo::new(1, "ifindex", ynl::AttrKind::U32).min(1),
        ynl::AttrInfo::new(2, "queue", ynl::AttrKind::Nest).nested(&QUEUE_ID_ATTRS),
        ynl::AttrInfo::new(3, "netns-id", ynl::AttrKind::S32).min(0),
    ],
};

/// Attribute set `dmabuf`, by number, for annotators and decoders.
pub static DMABUF_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "dmabuf",
    attrs: &[
        ynl::AttrInfo::new(1, "ifindex", ynl::AttrKind::U32).min(1),
        ynl::AttrInfo::new(2, "queues", ynl::AttrKind::Nest)
            .nested(&QUEUE_ID_ATTRS)
            .multi(),
        ynl::AttrInfo::new(3, "fd", ynl::AttrKind::U32),
        ynl::AttrInfo::new(4, "id", ynl::AttrKind::U32).min(1),
        ynl::AttrInfo::new(5, "rx-page-size", ynl::AttrKind::U32)
            .min(0)
            .max(4294967295),
    ],
};

/// Everything the spec says about the family, as tables.
pub static FAMILY: ynl::FamilyInfo = ynl::FamilyInfo {
    name: FAMILY_NAME,
    version: FAMILY_VERSION,
    ops: &[
        ynl::OpInfo {
            name: "dev-get",
            cmd: 1,
            reply_cmd: 1,
            attrs: &DEV_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[DevAttr::Ifindex as u16],
                reply: &[
                    DevAttr::Ifindex as u16,
                    DevAttr::XdpFeatures as u16,
                    DevAttr::XdpZcMaxSegs as u16,
                    DevAttr::XdpRxMetadataFeatures as u16,
                    DevAttr::XskFeatures as u16,
                ],
            }),
            dumpit: Some(ynl::ModeInfo {
                request: &[],
                reply: &[
                    DevAttr::Ifindex as u16,
                    DevAttr::XdpFeatures as u16,
                    DevAttr::XdpZcMaxSegs as u16,
                    DevAttr::XdpRxMetadataFeatures as u16,
                    DevAttr::XskFeatures as u16,
                ],
            }),
        },
        ynl::OpInfo {
            name: "page-pool-get",
            cmd: 5,
            reply_cmd: 5,
            attrs: &PAGE_POOL_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[PagePoolAttr::Id as u16],
                reply: &[
                    PagePoolAttr::Id as u16,
                    PagePoolAttr::Ifindex as u16,
                    PagePoolAttr::NapiId as u16,
                    PagePoolAttr::Inflight as u16,
                    PagePoolAttr::InflightMem as u16,
                    PagePoolAttr::DetachTime as u16,
                    PagePoolAttr::Dmabuf as u16,
                    PagePoolAttr::IoUring as u16,
                ],
            }),
            dumpit: Some(ynl::ModeInfo {
                request: &[PagePoolAttr::Ifindex as u16],
                reply: &[
                    PagePoolAttr::Id as u16,
                    PagePoolAttr::Ifindex as u16,
                    PagePoolAttr::NapiId as u16,
                    PagePoolAttr::Inflight as u16,
                    PagePoolAttr::InflightMem as u16,
                    PagePoolAttr::DetachTime as u16,
                    PagePoolAttr::Dmabuf as u16,
                    PagePoolAttr::IoUring as u16,
                ],
            }),
        },
        ynl::OpInfo {
            name: "page-pool-stats-get",
            cmd: 9,
            reply_cmd: 9,
            attrs: &PAGE_POOL_STATS_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[PagePoolStatsAttr::Info as u16],
                reply: &[
                    PagePoolStatsAttr::Info as u16,
                    PagePoolStatsAttr::AllocFast as u16,
                    PagePoolStatsAttr::AllocSlow as u16,
                    PagePoolStatsAttr::AllocSlowHighOrder as u16,
                    PagePoolStatsAttr::AllocEmpty as u16,
                    PagePoolStatsAttr::AllocRefill as u16,
                    PagePoolStatsAttr::AllocWaive as u16,
                    PagePoolStatsAttr::RecycleCached as u16,
                    PagePoolStatsAttr::RecycleCacheFull as u16,
                    PagePoolStatsAttr::RecycleRing as u16,
                    PagePoolStatsAttr::RecycleRingFull as u16,
                    PagePoolStatsAttr::RecycleReleasedRefcnt as u16,
                ],
            }),
            dumpit: Some(ynl::ModeInfo {
                request: &[PagePoolStatsAttr::Info as u16],
                reply: &[
                    PagePoolStatsAttr::Info as u16,
                    PagePoolStatsAttr::AllocFast as u16,
                    PagePoolStatsAttr::AllocSlow as u16,
                    PagePoolStatsAttr::AllocSlowHighOrder as u16,
                    PagePoolStatsAttr::AllocEmpty as u16,
                    PagePoolStatsAttr::AllocRefill as u16,
                    PagePoolStatsAttr::AllocWaive as u16,
                    PagePoolStatsAttr::RecycleCached as u16,
                    PagePoolStatsAttr::RecycleCacheFull as u16,
                    PagePoolStatsAttr::RecycleRing as u16,
                    PagePoolStatsAttr::RecycleRingFull as u16,
                    PagePoolStatsAttr::RecycleReleasedRefcnt as u16,
                ],
            }),
        },
        ynl::OpInfo {
            name: "queue-get",
            cmd: 10,
            reply_cmd: 10,
            attrs: &QUEUE_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[
                    QueueAttr::Ifindex as u16,
                    QueueAttr::Type as u16,
                    QueueAttr::Id as u16,
                ],
                reply: &[
                    QueueAttr::Id as u16,
                    QueueAttr::Type as u16,
                    QueueAttr::NapiId as u16,
                    QueueAttr::Ifindex as u16,
                    QueueAttr::Dmabuf as u16,
                    QueueAttr::IoUring as u16,
                    QueueAttr::Xsk as u16,
                    QueueAttr::Lease as u16,
                ],
            }),
            dumpit: Some(ynl::ModeInfo {
                request: &[QueueAttr::Ifindex as u16],
                reply: &[
                    QueueAttr::Id as u16,
                    QueueAttr::Type as u16,
                    QueueAttr::NapiId as u16,
                    QueueAttr::Ifindex as u16,
                    QueueAttr::Dmabuf as u16,
                    QueueAttr::IoUring as u16,
                    QueueAttr::Xsk as u16,
                    QueueAttr::Lease as u16,
                ],
            }),
        },
        ynl::OpInfo {
            name: "napi-get",
            cmd: 11,
            reply_cmd: 11,
            attrs: &NAPI_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[NapiAttr::Id as u16],
                reply: &[
                    NapiAttr::Id as u16,
                    NapiAttr::Ifindex as u16,
                    NapiAttr::Irq as u16,
                    NapiAttr::Pid as u16,
                    NapiAttr::DeferHardIrqs as u16,
                    NapiAttr::GroFlushTimeout as u16,
                    NapiAttr::IrqSuspendTimeout as u16,
                    NapiAttr::Threaded as u16,
                ],
            }),
            dumpit: Some(ynl::ModeInfo {
                request: &[NapiAttr::Ifindex as u16],
                reply: &[
                    NapiAttr::Id as u16,
                    NapiAttr::Ifindex as u16,
                    NapiAttr::Irq as u16,
                    NapiAttr::Pid as u16,
                    NapiAttr::DeferHardIrqs as u16,
                    NapiAttr::GroFlushTimeout as u16,
                    NapiAttr::IrqSuspendTimeout as u16,
                    NapiAttr::Threaded as u16,
                ],
            }),
        },
        ynl::OpInfo {
            name: "qstats-get",
            cmd: 12,
            reply_cmd: 12,
            attrs: &QSTATS_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: None,
            dumpit: Some(ynl::ModeInfo {
                request: &[QstatsAttr::Ifindex as u16, QstatsAttr::Scope as u16],
                reply: &[
                    QstatsAttr::Ifindex as u16,
                    QstatsAttr::QueueType as u16,
                    QstatsAttr::QueueId as u16,
                    QstatsAttr::RxPackets as u16,
                    QstatsAttr::RxBytes as u16,
                    QstatsAttr::TxPackets as u16,
                    QstatsAttr::TxBytes as u16,
                    QstatsAttr::RxAllocFail as u16,
                    QstatsAttr::RxHwDrops as u16,
                    QstatsAttr::RxHwDropOverruns as u16,
                    QstatsAttr::RxCsumComplete as u16,
                    QstatsAttr::RxCsumUnnecessary as u16,
                    QstatsAttr::RxCsumNone as u16,
                    QstatsAttr::RxCsumBad as u16,
                    QstatsAttr::RxHwGroPackets as u16,
                    QstatsAttr::RxHwGroBytes as u16,
                    QstatsAttr::RxHwGroWirePackets as u16,
                    QstatsAttr::RxHwGroWireBytes as u16,
                    QstatsAttr::RxHwDropRatelimits as u16,
                    QstatsAttr::TxHwDrops as u16,
                    QstatsAttr::TxHwDropErrors as u16,
                    QstatsAttr::TxCsumNone as u16,
                    QstatsAttr::TxNeedsCsum as u16,
                    QstatsAttr::TxHwGsoPackets as u16,
                    QstatsAttr::TxHwGsoBytes as u16,
                    QstatsAttr::TxHwGsoWirePackets as u16,
                    QstatsAttr::TxHwGsoWireBytes as u16,
                    QstatsAttr::TxHwDropRatelimits as u16,
                    QstatsAttr::TxStop as u16,
                    QstatsAttr::TxWake as u16,
                ],
            }),
        },
        ynl::OpInfo {
            name: "bind-rx",
            cmd: 13,
            reply_cmd: 13,
            attrs: &DMABUF_ATTRS,
            admin_perm: false,
            uns_admin_perm: true,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[
                    DmabufAttr::Ifindex as u16,
                    DmabufAttr::Fd as u16,
                    DmabufAttr::Queues as u16,
                    DmabufAttr::RxPageSize as u16,
                ],
                reply: &[DmabufAttr::Id as u16],
            }),
            dumpit: None,
        },
        ynl::OpInfo {
            name: "napi-set",
            cmd: 14,
            reply_cmd: 14,
            attrs: &NAPI_ATTRS,
            admin_perm: true,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[
                    NapiAttr::Id as u16,
                    NapiAttr::DeferHardIrqs as u16,
                    NapiAttr::GroFlushTimeout as u16,
                    NapiAttr::IrqSuspendTimeout as u16,
                    NapiAttr::Threaded as u16,
                ],
                reply: &[],
            }),
            dumpit: None,
        },
        ynl::OpInfo {
            name: "bind-tx",
            cmd: 15,
            reply_cmd: 15,
            attrs: &DMABUF_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[DmabufAttr::Ifindex as u16, DmabufAttr::Fd as u16],
                reply: &[DmabufAttr::Id as u16],
            }),
            dumpit: None,
        },
        ynl::OpInfo {
            name: "queue-create",
            cmd: 16,
            reply_cmd: 16,
            attrs: &QUEUE_ATTRS,
            admin_perm: true,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[
                    QueueAttr::Ifindex as u16,
                    QueueAttr::Type as u16,
                    QueueAttr::Lease as u16,
                ],
                reply: &[QueueAttr::Id as u16],
            }),
            dumpit: None,
        },
    ],
    ntfs: &[
        ynl::NtfInfo {
            name: "dev-add-ntf",
            cmd: 2,
            attrs: &DEV_ATTRS,
            attributes: &[
                DevAttr::Ifindex as u16,
                DevAttr::XdpFeatures as u16,
                DevAttr::XdpZcMaxSegs as u16,
                DevAttr::XdpRxMetadataFeatures as u16,
                DevAttr::XskFeatures as u16,
            ],
            mcgrp: Some("mgmt"),
        },
        ynl::NtfInfo {
            name: "dev-del-ntf",
            cmd: 3,
            attrs: &DEV_ATTRS,
            attributes: &[
                DevAttr::Ifindex as u16,
                DevAttr::XdpFeatures as u16,
                DevAttr::XdpZcMaxSegs as u16,
                DevAttr::XdpRxMetadataFeatures as u16,
                DevAttr::XskFeatures as u16,
            ],
            mcgrp: Some("mgmt"),
        },
        ynl::NtfInfo {
            name: "dev-change-ntf",
            cmd: 4,
            attrs: &DEV_ATTRS,
            attributes: &[
                DevAttr::Ifindex as u16,
                DevAttr::XdpFeatures as u16,
                DevAttr::XdpZcMaxSegs as u16,
                DevAttr::XdpRxMetadataFeatures as u16,
                DevAttr::XskFeatures as u16,
            ],
            mcgrp: Some("mgmt"),
        },
        ynl::NtfInfo {
            name: "page-pool-add-ntf",
            cmd: 6,
            attrs: &PAGE_POOL_ATTRS,
            attributes: &[
                PagePoolAttr::Id as u16,
                PagePoolAttr::Ifindex as u16,
                PagePoolAttr::NapiId as u16,
                PagePoolAttr::Inflight as u16,
                PagePoolAttr::InflightMem as u16,
                PagePoolAttr::DetachTime as u16,
                PagePoolAttr::Dmabuf as u16,
                PagePoolAttr::IoUring as u16,
            ],
            mcgrp: Some("page-pool"),
        },
        ynl::NtfInfo {
            name: "page-pool-del-ntf",
            cmd: 7,
            attrs: &PAGE_POOL_ATTRS,
            attributes: &[
                PagePoolAttr::Id as u16,
                PagePoolAttr::Ifindex as u16,
                PagePoolAttr::NapiId as u16,
                PagePoolAttr::Inflight as u16,
                PagePoolAttr::InflightMem as u16,
                PagePoolAttr::DetachTime as u16,
                PagePoolAttr::Dmabuf as u16,
                PagePoolAttr::IoUring as u16,
            ],
            mcgrp: Some("page-pool"),
        },
        ynl::NtfInfo {
            name: "page-pool-change-ntf",
            cmd: 8,
            attrs: &PAGE_POOL_ATTRS,
            attributes: &[
                PagePoolAttr::Id as u16,
                PagePoolAttr::Ifindex as u16,
                PagePoolAttr::NapiId as u16,
                PagePoolAttr::Inflight as u16,
                PagePoolAttr::InflightMem as u16,
                PagePoolAttr::DetachTime as u16,
                PagePoolAttr::Dmabuf as u16,
                PagePoolAttr::IoUring as u16,
            ],
            mcgrp: Some("page-pool"),
        },
    ],
    mcast_groups: &["mgmt", "page-pool"],
    attr_sets: &[
        &DEV_ATTRS,
        &IO_URING_PROVIDER_INFO_ATTRS,
        &PAGE_POOL_ATTRS,
        &PAGE_POOL_INFO_ATTRS,
        &PAGE_POOL_STATS_ATTRS,
        &NAPI_ATTRS,
        &XSK_INFO_ATTRS,
        &QUEUE_ATTRS,
        &QSTATS_ATTRS,
        &QUEUE_ID_ATTRS,
        &LEASE_ATTRS,
        &DMABUF_ATTRS,
    ],
};

/// The attributes of a `io-uring-provider-info` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IoUringProviderInfo {
    /// RX buffer length in bytes for this io_uring memory provider. Reflects the rx_buf_len passed
    /// at io_uring zerocopy rx registration time.
    pub rx_buf_len: Option<u64>,
}

impl IoUringProviderInfo {
    /// Reads the attributes inside a nest. Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            if let Ok(IoUringProviderInfoAttr::RxBufLen) =
                IoUringProviderInfoAttr::try_from(attr.ty)
            {
                m.rx_buf_len = Some(ynl::get_uint(&attr)?);
            }
        }
        Ok(m)
    }
}

/// The attributes of a `page-pool-info` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagePoolInfo {
    /// Unique ID of a Page Pool instance.
    pub id: Option<u64>,

    /// ifindex of the netdev to which the pool belongs. May not be reported if the page pool was
    /// allocated for a netdev which got destroyed already (page pools may outlast their netdevs
    /// because they wait for all memory to be returned).
    pub ifindex: Option<u32>,
}

impl PagePoolInfo {
    /// Reads the attributes inside a nest. Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match PagePoolAttr::try_from(attr.ty) {
                Ok(PagePoolAttr::Id) => {
                    m.id = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolAttr::Ifindex) => {
                    m.ifindex = Some(attr.u32()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }

    /// Adds these attributes to a message as a nest of type `ty`.
    pub fn put<'b>(&self, m: wire::MessageBuilder<'b>, ty: u16) -> wire::MessageBuilder<'b> {
        let mut m = m.begin_nest(ty);
        if let Some(v) = self.id {
            m = ynl::put_uint(m, PagePoolAttr::Id as u16, v);
        }
        if let Some(v) = self.ifindex {
            m = m.attr(PagePoolAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        m.end_nest()
    }
}

/// The attributes of a `xsk-info` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XskInfo;

impl XskInfo {
    /// Reads the attributes inside a nest. Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        for attr in wire::Attrs::new(attrs) {
            attr?;
        }
        Ok(Self)
    }
}

/// The attributes of a `queue-id` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueId {
    /// Queue index; most queue types are indexed like a C array, with indexes starting at 0 and
    /// ending at queue count - 1. Queue indexes are scoped to an interface and queue type.
    pub id: Option<u32>,

    /// Queue type as rx, tx. Each queue type defines a separate ID space. XDP TX queues allocated
    /// in the kernel are not linked to NAPIs and thus not listed. AF_XDP queues will have more
    /// information set in the xsk attribute.
    pub type_: Option<u32>,
}

impl QueueId {
    /// Reads the attributes inside a nest. Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match QueueAttr::try_from(attr.ty) {
                Ok(QueueAttr::Id) => {
                    m.id = Some(attr.u32()?);
                }
                Ok(QueueAttr::Type) => {
                    m.type_ = Some(attr.u32()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }

    /// Adds these attributes to a message as a nest of type `ty`.
    pub fn put<'b>(&self, m: wire::MessageBuilder<'b>, ty: u16) -> wire::MessageBuilder<'b> {
        let mut m = m.begin_nest(ty);
        if let Some(v) = self.id {
            m = m.attr(QueueAttr::Id as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.type_ {
            m = m.attr(QueueAttr::Type as u16, &v.to_ne_bytes());
        }
        m.end_nest()
    }
}

/// The attributes of a `lease` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lease {
    /// The netdev ifindex to lease the queue from.
    pub ifindex: Option<u32>,

    /// The netdev queue to lease from.
    pub queue: Option<QueueId>,

    /// The network namespace id of the netdev.
    pub netns_id: Option<i32>,
}

impl Lease {
    /// Reads the attributes inside a nest. Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match LeaseAttr::try_from(attr.ty) {
                Ok(LeaseAttr::Ifindex) => {
                    m.ifindex = Some(attr.u32()?);
                }
                Ok(LeaseAttr::Queue) => {
                    m.queue = Some(QueueId::parse(attr.value)?);
                }
                Ok(LeaseAttr::NetnsId) => {
                    m.netns_id = Some(ynl::get_s32(&attr)?);
                }
                _ => {}
            }
        }
        Ok(m)
    }

    /// Adds these attributes to a message as a nest of type `ty`.
    pub fn put<'b>(&self, m: wire::MessageBuilder<'b>, ty: u16) -> wire::MessageBuilder<'b> {
        let mut m = m.begin_nest(ty);
        if let Some(v) = self.ifindex {
            m = m.attr(LeaseAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        if let Some(v) = &self.queue {
            m = v.put(m, LeaseAttr::Queue as u16);
        }
        if let Some(v) = self.netns_id {
            m = m.attr(LeaseAttr::NetnsId as u16, &v.to_ne_bytes());
        }
        m.end_nest()
    }
}

/// The request of `DEV_GET` (do): Get / dump information about a netdev.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevGetDoRequest {
    /// netdev ifindex
    pub ifindex: Option<u32>,
}

impl DevGetDoRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::DevGet.into(), FAMILY_VERSION);
        if let Some(v) = self.ifindex {
            m = m.attr(DevAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The reply of `DEV_GET` (one per message of a dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevGetReply {
    /// netdev ifindex
    pub ifindex: Option<u32>,

    /// Bitmask of enabled xdp-features.
    pub xdp_features: Option<u64>,

    /// max fragment count supported by ZC driver
    pub xdp_zc_max_segs: Option<u32>,

    /// Bitmask of supported XDP receive metadata features. See
    /// Documentation/networking/xdp-rx-metadata.rst for more details.
    pub xdp_rx_metadata_features: Option<u64>,

    /// Bitmask of enabled AF_XDP features.
    pub xsk_features: Option<u64>,
}

impl DevGetReply {
    /// The command number of these replies.
    pub const CMD: u8 = 1;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match DevAttr::try_from(attr.ty) {
                Ok(DevAttr::Ifindex) => {
                    m.ifindex = Some(attr.u32()?);
                }
                Ok(DevAttr::XdpFeatures) => {
                    m.xdp_features = Some(attr.u64()?);
                }
                Ok(DevAttr::XdpZcMaxSegs) => {
                    m.xdp_zc_max_segs = Some(attr.u32()?);
                }
                Ok(DevAttr::XdpRxMetadataFeatures) => {
                    m.xdp_rx_metadata_features = Some(attr.u64()?);
                }
                Ok(DevAttr::XskFeatures) => {
                    m.xsk_features = Some(attr.u64()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `DEV_GET` (dump): Get / dump information about a netdev.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DevGetDumpRequest;

impl DevGetDumpRequest {
    /// The header flags of this request: a dump request.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_DUMP;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::DevGet.into(), FAMILY_VERSION)
            .finish();
    }
}

/// The request of `PAGE_POOL_GET` (do): Get / dump information about Page Pools.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagePoolGetDoRequest {
    /// Unique ID of a Page Pool instance.
    pub id: Option<u64>,
}

impl PagePoolGetDoRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::PagePoolGet.into(), FAMILY_VERSION);
        if let Some(v) = self.id {
            m = ynl::put_uint(m, PagePoolAttr::Id as u16, v);
        }
        m.finish();
    }
}

/// The reply of `PAGE_POOL_GET` (one per message of a dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagePoolGetReply {
    /// Unique ID of a Page Pool instance.
    pub id: Option<u64>,

    /// ifindex of the netdev to which the pool belongs. May not be reported if the page pool was
    /// allocated for a netdev which got destroyed already (page pools may outlast their netdevs
    /// because they wait for all memory to be returned).
    pub ifindex: Option<u32>,

    /// Id of NAPI using this Page Pool instance.
    pub napi_id: Option<u64>,

    /// Number of outstanding references to this page pool (allocated but yet to be freed pages).
    /// Allocated pages may be held in socket receive queues, driver receive ring, page pool
    /// recycling ring, the page pool cache, etc.
    pub inflight: Option<u64>,

    /// Amount of memory held by inflight pages.
    pub inflight_mem: Option<u64>,

    /// Seconds in CLOCK_BOOTTIME of when Page Pool was detached by the driver. Once detached Page
    /// Pool can no longer be used to allocate memory. Page Pools wait for all the memory allocated
    /// from them to be freed before truly disappearing. "Detached" Page Pools cannot be
    /// "re-attached", they are just waiting to disappear. Attribute is absent if Page Pool has not
    /// been detached, and can still be used to allocate new memory.
    pub detach_time: Option<u64>,

    /// ID of the dmabuf this page-pool is attached to.
    pub dmabuf: Option<u32>,

    /// io-uring memory provider information.
    pub io_uring: Option<IoUringProviderInfo>,
}

impl PagePoolGetReply {
    /// The command number of these replies.
    pub const CMD: u8 = 5;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match PagePoolAttr::try_from(attr.ty) {
                Ok(PagePoolAttr::Id) => {
                    m.id = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolAttr::Ifindex) => {
                    m.ifindex = Some(attr.u32()?);
                }
                Ok(PagePoolAttr::NapiId) => {
                    m.napi_id = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolAttr::Inflight) => {
                    m.inflight = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolAttr::InflightMem) => {
                    m.inflight_mem = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolAttr::DetachTime) => {
                    m.detach_time = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolAttr::Dmabuf) => {
                    m.dmabuf = Some(attr.u32()?);
                }
                Ok(PagePoolAttr::IoUring) => {
                    m.io_uring = Some(IoUringProviderInfo::parse(attr.value)?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `PAGE_POOL_GET` (dump): Get / dump information about Page Pools.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagePoolGetDumpRequest {
    /// ifindex of the netdev to which the pool belongs. May not be reported if the page pool was
    /// allocated for a netdev which got destroyed already (page pools may outlast their netdevs
    /// because they wait for all memory to be returned).
    pub ifindex: Option<u32>,
}

impl PagePoolGetDumpRequest {
    /// The header flags of this request: a dump request.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_DUMP;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::PagePoolGet.into(), FAMILY_VERSION);
        if let Some(v) = self.ifindex {
            m = m.attr(PagePoolAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The request of `PAGE_POOL_STATS_GET` (do): Get page pool statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagePoolStatsGetDoRequest {
    /// Page pool identifying information.
    pub info: Option<PagePoolInfo>,
}

impl PagePoolStatsGetDoRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::PagePoolStatsGet.into(), FAMILY_VERSION);
        if let Some(v) = &self.info {
            m = v.put(m, PagePoolStatsAttr::Info as u16);
        }
        m.finish();
    }
}

/// The reply of `PAGE_POOL_STATS_GET` (one per message of a dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagePoolStatsGetReply {
    /// Page pool identifying information.
    pub info: Option<PagePoolInfo>,

    /// `alloc-fast` (uint).
    pub alloc_fast: Option<u64>,

    /// `alloc-slow` (uint).
    pub alloc_slow: Option<u64>,

    /// `alloc-slow-high-order` (uint).
    pub alloc_slow_high_order: Option<u64>,

    /// `alloc-empty` (uint).
    pub alloc_empty: Option<u64>,

    /// `alloc-refill` (uint).
    pub alloc_refill: Option<u64>,

    /// `alloc-waive` (uint).
    pub alloc_waive: Option<u64>,

    /// `recycle-cached` (uint).
    pub recycle_cached: Option<u64>,

    /// `recycle-cache-full` (uint).
    pub recycle_cache_full: Option<u64>,

    /// `recycle-ring` (uint).
    pub recycle_ring: Option<u64>,

    /// `recycle-ring-full` (uint).
    pub recycle_ring_full: Option<u64>,

    /// `recycle-released-refcnt` (uint).
    pub recycle_released_refcnt: Option<u64>,
}

impl PagePoolStatsGetReply {
    /// The command number of these replies.
    pub const CMD: u8 = 9;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match PagePoolStatsAttr::try_from(attr.ty) {
                Ok(PagePoolStatsAttr::Info) => {
                    m.info = Some(PagePoolInfo::parse(attr.value)?);
                }
                Ok(PagePoolStatsAttr::AllocFast) => {
                    m.alloc_fast = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolStatsAttr::AllocSlow) => {
                    m.alloc_slow = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolStatsAttr::AllocSlowHighOrder) => {
                    m.alloc_slow_high_order = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolStatsAttr::AllocEmpty) => {
                    m.alloc_empty = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolStatsAttr::AllocRefill) => {
                    m.alloc_refill = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolStatsAttr::AllocWaive) => {
                    m.alloc_waive = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolStatsAttr::RecycleCached) => {
                    m.recycle_cached = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolStatsAttr::RecycleCacheFull) => {
                    m.recycle_cache_full = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolStatsAttr::RecycleRing) => {
                    m.recycle_ring = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolStatsAttr::RecycleRingFull) => {
                    m.recycle_ring_full = Some(ynl::get_uint(&attr)?);
                }
                Ok(PagePoolStatsAttr::RecycleReleasedRefcnt) => {
                    m.recycle_released_refcnt = Some(ynl::get_uint(&attr)?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `PAGE_POOL_STATS_GET` (dump): Get page pool statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagePoolStatsGetDumpRequest {
    /// Page pool identifying information.
    pub info: Option<PagePoolInfo>,
}

impl PagePoolStatsGetDumpRequest {
    /// The header flags of this request: a dump request.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_DUMP;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::PagePoolStatsGet.into(), FAMILY_VERSION);
        if let Some(v) = &self.info {
            m = v.put(m, PagePoolStatsAttr::Info as u16);
        }
        m.finish();
    }
}

/// The request of `QUEUE_GET` (do): Get queue information from the kernel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueGetDoRequest {
    /// ifindex of the netdevice to which the queue belongs.
    pub ifindex: Option<u32>,

    /// Queue type as rx, tx. Each queue type defines a separate ID space. XDP TX queues allocated
    /// in the kernel are not linked to NAPIs and thus not listed. AF_XDP queues will have more
    /// information set in the xsk attribute.
    pub type_: Option<u32>,

    /// Queue index; most queue types are indexed like a C array, with indexes starting at 0 and
    /// ending at queue count - 1. Queue indexes are scoped to an interface and queue type.
    pub id: Option<u32>,
}

impl QueueGetDoRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::QueueGet.into(), FAMILY_VERSION);
        if let Some(v) = self.ifindex {
            m = m.attr(QueueAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.type_ {
            m = m.attr(QueueAttr::Type as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.id {
            m = m.attr(QueueAttr::Id as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The reply of `QUEUE_GET` (one per message of a dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueGetReply {
    /// Queue index; most queue types are indexed like a C array, with indexes starting at 0 and
    /// ending at queue count - 1. Queue indexes are scoped to an interface and queue type.
    pub id: Option<u32>,

    /// Queue type as rx, tx. Each queue type defines a separate ID space. XDP TX queues allocated
    /// in the kernel are not linked to NAPIs and thus not listed. AF_XDP queues will have more
    /// information set in the xsk attribute.
    pub type_: Option<u32>,

    /// ID of the NAPI instance which services this queue.
    pub napi_id: Option<u32>,

    /// ifindex of the netdevice to which the queue belongs.
    pub ifindex: Option<u32>,

    /// ID of the dmabuf attached to this queue, if any.
    pub dmabuf: Option<u32>,

    /// io_uring memory provider information.
    pub io_uring: Option<IoUringProviderInfo>,

    /// XSK information for this queue, if any.
    pub xsk: Option<XskInfo>,

    /// A queue from a virtual device can have a lease which refers to another queue from a physical
    /// device. This is useful for memory providers and AF_XDP operations which take an ifindex and
    /// queue id to allow applications to bind against virtual devices in containers.
    pub lease: Option<Lease>,
}

impl QueueGetReply {
    /// The command number of these replies.
    pub const CMD: u8 = 10;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match QueueAttr::try_from(attr.ty) {
                Ok(QueueAttr::Id) => {
                    m.id = Some(attr.u32()?);
                }
                Ok(QueueAttr::Type) => {
                    m.type_ = Some(attr.u32()?);
                }
                Ok(QueueAttr::NapiId) => {
                    m.napi_id = Some(attr.u32()?);
                }
                Ok(QueueAttr::Ifindex) => {
                    m.ifindex = Some(attr.u32()?);
                }
                Ok(QueueAttr::Dmabuf) => {
                    m.dmabuf = Some(attr.u32()?);
                }
                Ok(QueueAttr::IoUring) => {
                    m.io_uring = Some(IoUringProviderInfo::parse(attr.value)?);
                }
                Ok(QueueAttr::Xsk) => {
                    m.xsk = Some(XskInfo::parse(attr.value)?);
                }
                Ok(QueueAttr::Lease) => {
                    m.lease = Some(Lease::parse(attr.value)?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `QUEUE_GET` (dump): Get queue information from the kernel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueGetDumpRequest {
    /// ifindex of the netdevice to which the queue belongs.
    pub ifindex: Option<u32>,
}

impl QueueGetDumpRequest {
    /// The header flags of this request: a dump request.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_DUMP;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::QueueGet.into(), FAMILY_VERSION);
        if let Some(v) = self.ifindex {
            m = m.attr(QueueAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The request of `NAPI_GET` (do): Get information about NAPI instances configured on the system.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NapiGetDoRequest {
    /// ID of the NAPI instance.
    pub id: Option<u32>,
}

impl NapiGetDoRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::NapiGet.into(), FAMILY_VERSION);
        if let Some(v) = self.id {
            m = m.attr(NapiAttr::Id as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The reply of `NAPI_GET` (one per message of a dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NapiGetReply {
    /// ID of the NAPI instance.
    pub id: Option<u32>,

    /// ifindex of the netdevice to which NAPI instance belongs.
    pub ifindex: Option<u32>,

    /// The associated interrupt vector number for the napi
    pub irq: Option<u32>,

    /// PID of the napi thread, if NAPI is configured to operate in threaded mode. If NAPI is not in
    /// threaded mode (i.e. uses normal softirq context), the attribute will be absent.
    pub pid: Option<u32>,

    /// The number of consecutive empty polls before IRQ deferral ends and hardware IRQs are
    /// re-enabled.
    pub defer_hard_irqs: Option<u32>,

    /// The timeout, in nanoseconds, of when to trigger the NAPI watchdog timer which schedules NAPI
    /// processing. Additionally, a non-zero value will also prevent GRO from flushing recent
    /// super-frames at the end of a NAPI cycle. This may add receive latency in exchange for
    /// reducing the number of frames processed by the network stack.
    pub gro_flush_timeout: Option<u64>,

    /// The timeout, in nanoseconds, of how long to suspend irq processing, if event polling finds
    /// events
    pub irq_suspend_timeout: Option<u64>,

    /// Whether the NAPI is configured to operate in threaded polling mode. If this is set to
    /// enabled then the NAPI context operates in threaded polling mode. If this is set to
    /// busy-poll, then the threaded polling mode also busy polls.
    pub threaded: Option<u32>,
}

impl NapiGetReply {
    /// The command number of these replies.
    pub const CMD: u8 = 11;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match NapiAttr::try_from(attr.ty) {
                Ok(NapiAttr::Id) => {
                    m.id = Some(attr.u32()?);
                }
                Ok(NapiAttr::Ifindex) => {
                    m.ifindex = Some(attr.u32()?);
                }
                Ok(NapiAttr::Irq) => {
                    m.irq = Some(attr.u32()?);
                }
                Ok(NapiAttr::Pid) => {
                    m.pid = Some(attr.u32()?);
                }
                Ok(NapiAttr::DeferHardIrqs) => {
                    m.defer_hard_irqs = Some(attr.u32()?);
                }
                Ok(NapiAttr::GroFlushTimeout) => {
                    m.gro_flush_timeout = Some(ynl::get_uint(&attr)?);
                }
                Ok(NapiAttr::IrqSuspendTimeout) => {
                    m.irq_suspend_timeout = Some(ynl::get_uint(&attr)?);
                }
                Ok(NapiAttr::Threaded) => {
                    m.threaded = Some(attr.u32()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `NAPI_GET` (dump): Get information about NAPI instances configured on the system.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NapiGetDumpRequest {
    /// ifindex of the netdevice to which NAPI instance belongs.
    pub ifindex: Option<u32>,
}

impl NapiGetDumpRequest {
    /// The header flags of this request: a dump request.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_DUMP;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::NapiGet.into(), FAMILY_VERSION);
        if let Some(v) = self.ifindex {
            m = m.attr(NapiAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The request of `QSTATS_GET`: Get / dump fine grained statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QstatsGetRequest {
    /// ifindex of the netdevice to which stats belong.
    pub ifindex: Option<u32>,

    /// What object type should be used to iterate over the stats.
    pub scope: Option<u64>,
}

impl QstatsGetRequest {
    /// The header flags of this request: a dump request.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_DUMP;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::QstatsGet.into(), FAMILY_VERSION);
        if let Some(v) = self.ifindex {
            m = m.attr(QstatsAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.scope {
            m = ynl::put_uint(m, QstatsAttr::Scope as u16, v);
        }
        m.finish();
    }
}

/// The reply of `QSTATS_GET` (one per message of a dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QstatsGetReply {
    /// ifindex of the netdevice to which stats belong.
    pub ifindex: Option<u32>,

    /// Queue type as rx, tx, for queue-id.
    pub queue_type: Option<u32>,

    /// Queue ID, if stats are scoped to a single queue instance.
    pub queue_id: Option<u32>,

    /// Number of wire packets successfully received and passed to the stack. For drivers supporting
    /// XDP, XDP is considered the first layer of the stack, so packets consumed by XDP are still
    /// counted here.
    pub rx_packets: Option<u64>,

    /// Successfully received bytes, see `rx-packets`.
    pub rx_bytes: Option<u64>,

    /// Number of wire packets successfully sent. Packet is considered to be successfully sent once
    /// it is in device memory (usually this means the device has issued a DMA completion for the
    /// packet).
    pub tx_packets: Option<u64>,

    /// Successfully sent bytes, see `tx-packets`.
    pub tx_bytes: Option<u64>,

    /// Number of times skb or buffer allocation failed on the Rx datapath. Allocation failure may,
    /// or may not result in a packet drop, depending on driver implementation and whether system
    /// recovers quickly.
    pub rx_alloc_fail: Option<u64>,

    /// Number of all packets which entered the device, but never left it, including but not limited
    /// to: packets dropped due to lack of buffer space, processing errors, explicit or implicit
    /// policies and packet filters.
    pub rx_hw_drops: Option<u64>,

    /// Number of packets dropped due to transient lack of resources, such as buffer space, host
    /// descriptors etc.
    pub rx_hw_drop_overruns: Option<u64>,

    /// Number of packets that were marked as CHECKSUM_COMPLETE.
    pub rx_csum_complete: Option<u64>,

    /// Number of packets that were marked as CHECKSUM_UNNECESSARY.
    pub rx_csum_unnecessary: Option<u64>,

    /// Number of packets that were not checksummed by device.
    pub rx_csum_none: Option<u64>,

    /// Number of packets with bad checksum. The packets are not discarded, but still delivered to
    /// the stack.
    pub rx_csum_bad: Option<u64>,

    /// Number of packets that were coalesced from smaller packets by the device. Counts only
    /// packets coalesced with the HW-GRO netdevice feature, LRO-coalesced packets are not counted.
    pub rx_hw_gro_packets: Option<u64>,

    /// See `rx-hw-gro-packets`.
    pub rx_hw_gro_bytes: Option<u64>,

    /// Number of packets that were coalesced to bigger packetss with the HW-GRO netdevice feature.
    /// LRO-coalesced packets are not counted.
    pub rx_hw_gro_wire_packets: Option<u64>,

    /// See `rx-hw-gro-wire-packets`.
    pub rx_hw_gro_wire_bytes: Option<u64>,

    /// Number of the packets dropped by the device due to the received packets bitrate exceeding
    /// the device rate limit.
    pub rx_hw_drop_ratelimits: Option<u64>,

    /// Number of packets that arrived at the device but never left it, encompassing packets dropped
    /// for reasons such as processing errors, as well as those affected by explicitly defined
    /// policies and packet filtering criteria.
    pub tx_hw_drops: Option<u64>,

    /// Number of packets dropped because they were invalid or malformed.
    pub tx_hw_drop_errors: Option<u64>,

    /// Number of packets that did not require the device to calculate the checksum.
    pub tx_csum_none: Option<u64>,

    /// Number of packets that required the device to calculate the checksum. This counter includes
    /// the number of GSO wire packets for which device calculated the L4 checksum.
    pub tx_needs_csum: Option<u64>,

    /// Number of packets that necessitated segmentation into smaller packets by the device.
    pub tx_hw_gso_packets: Option<u64>,

    /// See `tx-hw-gso-packets`.
    pub tx_hw_gso_bytes: Option<u64>,

    /// Number of wire-sized packets generated by processing `tx-hw-gso-packets`
    pub tx_hw_gso_wire_packets: Option<u64>,

    /// See `tx-hw-gso-wire-packets`.
    pub tx_hw_gso_wire_bytes: Option<u64>,

    /// Number of the packets dropped by the device due to the transmit packets bitrate exceeding
    /// the device rate limit.
    pub tx_hw_drop_ratelimits: Option<u64>,

    /// Number of times driver paused accepting new tx packets from the stack to this queue, because
    /// the queue was full. Note that if BQL is supported and enabled on the device the networking
    /// stack will avoid queuing a lot of data at once.
    pub tx_stop: Option<u64>,

    /// Number of times driver re-started accepting send requests to this queue from the stack.
    pub tx_wake: Option<u64>,
}

impl QstatsGetReply {
    /// The command number of these replies.
    pub const CMD: u8 = 12;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match QstatsAttr::try_from(attr.ty) {
                Ok(QstatsAttr::Ifindex) => {
                    m.ifindex = Some(attr.u32()?);
                }
                Ok(QstatsAttr::QueueType) => {
                    m.queue_type = Some(attr.u32()?);
                }
                Ok(QstatsAttr::QueueId) => {
                    m.queue_id = Some(attr.u32()?);
                }
                Ok(QstatsAttr::RxPackets) => {
                    m.rx_packets = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxBytes) => {
                    m.rx_bytes = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxPackets) => {
                    m.tx_packets = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxBytes) => {
                    m.tx_bytes = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxAllocFail) => {
                    m.rx_alloc_fail = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxHwDrops) => {
                    m.rx_hw_drops = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxHwDropOverruns) => {
                    m.rx_hw_drop_overruns = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxCsumComplete) => {
                    m.rx_csum_complete = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxCsumUnnecessary) => {
                    m.rx_csum_unnecessary = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxCsumNone) => {
                    m.rx_csum_none = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxCsumBad) => {
                    m.rx_csum_bad = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxHwGroPackets) => {
                    m.rx_hw_gro_packets = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxHwGroBytes) => {
                    m.rx_hw_gro_bytes = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxHwGroWirePackets) => {
                    m.rx_hw_gro_wire_packets = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxHwGroWireBytes) => {
                    m.rx_hw_gro_wire_bytes = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::RxHwDropRatelimits) => {
                    m.rx_hw_drop_ratelimits = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxHwDrops) => {
                    m.tx_hw_drops = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxHwDropErrors) => {
                    m.tx_hw_drop_errors = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxCsumNone) => {
                    m.tx_csum_none = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxNeedsCsum) => {
                    m.tx_needs_csum = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxHwGsoPackets) => {
                    m.tx_hw_gso_packets = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxHwGsoBytes) => {
                    m.tx_hw_gso_bytes = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxHwGsoWirePackets) => {
                    m.tx_hw_gso_wire_packets = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxHwGsoWireBytes) => {
                    m.tx_hw_gso_wire_bytes = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxHwDropRatelimits) => {
                    m.tx_hw_drop_ratelimits = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxStop) => {
                    m.tx_stop = Some(ynl::get_uint(&attr)?);
                }
                Ok(QstatsAttr::TxWake) => {
                    m.tx_wake = Some(ynl::get_uint(&attr)?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `BIND_RX`: Bind dmabuf to netdev
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindRxRequest {
    /// netdev ifindex to bind the dmabuf to.
    pub ifindex: Option<u32>,

    /// dmabuf file descriptor to bind.
    pub fd: Option<u32>,

    /// receive queues to bind the dmabuf to.
    pub queues: Vec<QueueId>,

    /// Size in bytes of each device page the NIC writes into from the bound dmabuf. Must be a power
    /// of two and \>= PAGE_SIZE; defaults to PAGE_SIZE.
    pub rx_page_size: Option<u32>,
}

impl BindRxRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::BindRx.into(), FAMILY_VERSION);
        if let Some(v) = self.ifindex {
            m = m.attr(DmabufAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.fd {
            m = m.attr(DmabufAttr::Fd as u16, &v.to_ne_bytes());
        }
        for v in &self.queues {
            m = v.put(m, DmabufAttr::Queues as u16);
        }
        if let Some(v) = self.rx_page_size {
            m = m.attr(DmabufAttr::RxPageSize as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The reply of `BIND_RX`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindRxReply {
    /// id of the dmabuf binding
    pub id: Option<u32>,
}

impl BindRxReply {
    /// The command number of these replies.
    pub const CMD: u8 = 13;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            if let Ok(DmabufAttr::Id) = DmabufAttr::try_from(attr.ty) {
                m.id = Some(attr.u32()?);
            }
        }
        Ok(m)
    }
}

/// The request of `NAPI_SET`: Set configurable NAPI instance settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NapiSetRequest {
    /// ID of the NAPI instance.
    pub id: Option<u32>,

    /// The number of consecutive empty polls before IRQ deferral ends and hardware IRQs are
    /// re-enabled.
    pub defer_hard_irqs: Option<u32>,

    /// The timeout, in nanoseconds, of when to trigger the NAPI watchdog timer which schedules NAPI
    /// processing. Additionally, a non-zero value will also prevent GRO from flushing recent
    /// super-frames at the end of a NAPI cycle. This may add receive latency in exchange for
    /// reducing the number of frames processed by the network stack.
    pub gro_flush_timeout: Option<u64>,

    /// The timeout, in nanoseconds, of how long to suspend irq processing, if event polling finds
    /// events
    pub irq_suspend_timeout: Option<u64>,

    /// Whether the NAPI is configured to operate in threaded polling mode. If this is set to
    /// enabled then the NAPI context operates in threaded polling mode. If this is set to
    /// busy-poll, then the threaded polling mode also busy polls.
    pub threaded: Option<u32>,
}

impl NapiSetRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::NapiSet.into(), FAMILY_VERSION);
        if let Some(v) = self.id {
            m = m.attr(NapiAttr::Id as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.defer_hard_irqs {
            m = m.attr(NapiAttr::DeferHardIrqs as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.gro_flush_timeout {
            m = ynl::put_uint(m, NapiAttr::GroFlushTimeout as u16, v);
        }
        if let Some(v) = self.irq_suspend_timeout {
            m = ynl::put_uint(m, NapiAttr::IrqSuspendTimeout as u16, v);
        }
        if let Some(v) = self.threaded {
            m = m.attr(NapiAttr::Threaded as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The request of `BIND_TX`: Bind dmabuf to netdev for TX
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindTxRequest {
    /// netdev ifindex to bind the dmabuf to.
    pub ifindex: Option<u32>,

    /// dmabuf file descriptor to bind.
    pub fd: Option<u32>,
}

impl BindTxRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::BindTx.into(), FAMILY_VERSION);
        if let Some(v) = self.ifindex {
            m = m.attr(DmabufAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.fd {
            m = m.attr(DmabufAttr::Fd as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The reply of `BIND_TX`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindTxReply {
    /// id of the dmabuf binding
    pub id: Option<u32>,
}

impl BindTxReply {
    /// The command number of these replies.
    pub const CMD: u8 = 15;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            if let Ok(DmabufAttr::Id) = DmabufAttr::try_from(attr.ty) {
                m.id = Some(attr.u32()?);
            }
        }
        Ok(m)
    }
}

/// The request of `QUEUE_CREATE`: Create a new queue for the given netdevice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueCreateRequest {
    /// ifindex of the netdevice to which the queue belongs.
    pub ifindex: Option<u32>,

    /// Queue type as rx, tx. Each queue type defines a separate ID space. XDP TX queues allocated
    /// in the kernel are not linked to NAPIs and thus not listed. AF_XDP queues will have more
    /// information set in the xsk attribute.
    pub type_: Option<u32>,

    /// A queue from a virtual device can have a lease which refers to another queue from a physical
    /// device. This is useful for memory providers and AF_XDP operations which take an ifindex and
    /// queue id to allow applications to bind against virtual devices in containers.
    pub lease: Option<Lease>,
}

impl QueueCreateRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::QueueCreate.into(), FAMILY_VERSION);
        if let Some(v) = self.ifindex {
            m = m.attr(QueueAttr::Ifindex as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.type_ {
            m = m.attr(QueueAttr::Type as u16, &v.to_ne_bytes());
        }
        if let Some(v) = &self.lease {
            m = v.put(m, QueueAttr::Lease as u16);
        }
        m.finish();
    }
}

/// The reply of `QUEUE_CREATE`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueCreateReply {
    /// Queue index; most queue types are indexed like a C array, with indexes starting at 0 and
    /// ending at queue count - 1. Queue indexes are scoped to an interface and queue type.
    pub id: Option<u32>,
}

impl QueueCreateReply {
    /// The command number of these replies.
    pub const CMD: u8 = 16;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            if let Ok(QueueAttr::Id) = QueueAttr::try_from(attr.ty) {
                m.id = Some(attr.u32()?);
            }
        }
        Ok(m)
    }
}

/// The notification `DEV_ADD_NTF` (command 2): Notification about device appearing. It carries the
/// reply of `DEV_GET`.
pub type DevAddNtf = DevGetReply;

/// The notification `DEV_DEL_NTF` (command 3): Notification about device disappearing. It carries
/// the reply of `DEV_GET`.
pub type DevDelNtf = DevGetReply;

/// The notification `DEV_CHANGE_NTF` (command 4): Notification about device configuration being
/// changed. It carries the reply of `DEV_GET`.
pub type DevChangeNtf = DevGetReply;

/// The notification `PAGE_POOL_ADD_NTF` (command 6): Notification about page pool appearing. It
/// carries the reply of `PAGE_POOL_GET`.
pub type PagePoolAddNtf = PagePoolGetReply;

/// The notification `PAGE_POOL_DEL_NTF` (command 7): Notification about page pool disappearing. It
/// carries the reply of `PAGE_POOL_GET`.
pub type PagePoolDelNtf = PagePoolGetReply;

/// The notification `PAGE_POOL_CHANGE_NTF` (command 8): Notification about page pool configuration
/// being changed. It carries the reply of `PAGE_POOL_GET`.
pub type PagePoolChangeNtf = PagePoolGetReply;
