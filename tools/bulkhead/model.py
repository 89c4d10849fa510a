# SPDX-License-Identifier: Apache-2.0
"""What a checked config describes: a System of partitions and channels, as the
checks fill it in and placement completes it (config.py), and emit.py and
layout.py read it."""
import os
import re
from dataclasses import dataclass, field

CHANNEL_IPA_DEFAULT = 0x80000000


@dataclass
class Partition:
    name: str
    index: int
    cpus: list
    ram_pa: int
    ram_size: int
    ram_ipa: int
    app: str = None          # an app of guests/apps, built with the tree
    image: str = None        # or the absolute path of an ELF or raw binary
    entry: int = None
    on_fault: str = 'halt'
    max_restarts: int = 0    # RESTARTS_DEFAULT with on_fault = "restart", else 0
    devices: list = field(default_factory=list)    # [devicetree.Device]
    irqs: list = field(default_factory=list)       # every INTID it owns, sorted
    console: str = 'virtual'
    irq_mode: str = 'injected'   # or 'direct': its CPUs' GIC CPU interface, no EL2 entry
    pmu_el2: bool = False    # its PMU may count at EL2 (benchmarks of the hypervisor's paths)
    extra_irqs: list = field(default_factory=list)  # the INTIDs of its "irqs" key
    unprotected_dma: list = field(default_factory=list)  # [devicetree.Device]: accepted DMA risk
    ram_fixed: bool = False  # memory.base was given
    regions: list = None     # [layout.Region], stored once everything is placed
    who: str = field(default='', repr=False)        # how messages name it


@dataclass
class ChannelEnd:
    access: str              # 'read' | 'write'
    ipa: int = None
    doorbell: int = None     # the virtual INTID this end receives on a peer's notify


@dataclass
class Channel:
    name: str
    size: int
    pa: int = None
    ends: dict = field(default_factory=dict)     # partition name -> ChannelEnd
    index: int = 0


@dataclass
class System:
    path: str
    board: object
    hw: object
    reserved: tuple          # (base, size) of the hypervisor's own RAM
    partitions: list = field(default_factory=list)
    channels: list = field(default_factory=list)
    ram_ipa: int = 0         # where each partition sees its RAM
    channel_ipa: int = CHANNEL_IPA_DEFAULT
    description: str = ''
    security_version: int = 0    # firmware.bin's manifest (anti-rollback)
    verify: str = 'image'        # a bad payload refuses the 'image' or only its 'partition'
    firmware_files: int = 0      # bytes of image files (and their Devicetrees) in firmware.bin
    in_place: int = None         # index of the partition whose payloads firmware.bin holds in place

    @property
    def name(self):
        return os.path.splitext(os.path.basename(self.path))[0]


def parse_size(value):
    """An int, or a string like "64M", "2G", "512K" (also "64MiB", "64 MB")."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    match = re.fullmatch(r'\s*(\d+)\s*([KMG]?)(?:i?B)?\s*', str(value), re.IGNORECASE)
    if not match:
        raise ValueError(value)
    return int(match.group(1)) << {'': 0, 'K': 10, 'M': 20, 'G': 30}[match.group(2).upper()]
