# SPDX-License-Identifier: Apache-2.0
"""What a system declares, as the static check compares the walks with it.

Names, sizes, devices, channel ends and access come from the config as
written (tools/bulkhead/config.py reads the TOML; the board's Devicetree gives
each device's registers); IPAs follow the rules of docs/config.md
("Placement"): RAM at the board's ram_ipa, devices at IPA == PA, channels
from channel_ipa up in declaration order. Physical placement of RAM and
channels is the build's (gen/config.json): it is taken as what the walk should
find, and the walk decides whether it does.
"""
import json
import os
from dataclasses import dataclass

from ..errors import UserError
from .mapping import PAGE

BANKED_GICV = 'device:gic-cpu-interface'
PERMS = {'ram': 'rwx', 'device': 'rw-', 'write': 'rw-', 'read': 'r--'}


@dataclass
class Region:
    what: str          # 'ram', 'device:<name>', 'channel:<name>'
    ipa: int
    pa: int
    size: int
    perms: str
    memtype: str       # 'normal' | 'device'
    banked: bool = False   # registers banked per CPU: each CPU reaches its own copy

    def contains(self, ipa):
        return self.ipa <= ipa < self.ipa + self.size


def _pages(regs):
    """Registers rounded out to whole 4 KiB pages, merged: [(base, size)]."""
    out = []
    for base, size in sorted(regs):
        start, end = base // PAGE * PAGE, -(-(base + max(size, 1)) // PAGE) * PAGE
        if out and start <= out[-1][0] + out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][0] + out[-1][1]) - out[-1][0])
        else:
            out.append((start, end - start))
    return out


def load_placement(outdir):
    """The build's gen/config.json: partition RAM and channel PAs by name."""
    path = os.path.join(outdir, 'gen', 'config.json')
    try:
        with open(path) as f:
            data = json.load(f)
        ram = {p['name']: next(r['pa'] for r in p['regions'] if r['kind'] == 'ram')
               for p in data['partitions']}
        channels = {c['name']: c['pa'] for c in data['channels']}
    except (OSError, ValueError, KeyError, StopIteration) as err:
        raise UserError('%s: cannot read the build\'s placement (%s); rebuild with ./bulkhead '
                        'build' % (path, err))
    return ram, channels


def regions(system, placement):
    """Partition name -> [Region] it declares."""
    ram_pa, channel_pa = placement
    out = {}
    for p in system.partitions:
        mine = [Region('ram', system.ram_ipa, ram_pa[p.name], p.ram_size, PERMS['ram'], 'normal')]
        for dev in p.devices:
            for base, size in _pages(dev.regs):
                mine.append(Region('device:' + dev.name, base, base, size, PERMS['device'],
                                   'device'))
        hw = system.hw
        if hw.gic_version == 2 and len(hw.gic_regs) >= 4:
            # GICv2: the virtual CPU interface (GICV) where the CPU interface (GICC) is.
            # Its registers are banked: each CPU reaches its own virtual interface
            # (ARM IHI 0048B, 5.3), so every partition maps the same frame.
            mine.append(Region(BANKED_GICV, hw.gic_regs[1][0], hw.gic_regs[3][0], 0x2000,
                               PERMS['device'], 'device', banked=True))
        ipa = system.channel_ipa
        for ch in system.channels:
            end = ch.ends.get(p.name)
            if end is None:
                continue
            mine.append(Region('channel:' + ch.name, ipa, channel_pa[ch.name], ch.size,
                               PERMS[end.access], 'normal'))
            ipa += ch.size
        out[p.name] = mine
    return out


def declared_irqs(partition):
    """Every INTID the partition declares: its devices' interrupts and its irqs."""
    return sorted({i for dev in partition.devices for i in dev.intids} | set(partition.extra_irqs))


class Owners:
    """Who a physical page belongs to, by the declaration: for findings."""

    def __init__(self, system, placement, hyp_image, hyp_tables):
        self.ranges = [(hyp_image[0], hyp_image[1] - hyp_image[0], 'the hypervisor image')]
        self.ranges += [(t, PAGE, 'a hypervisor translation table') for t in hyp_tables]
        base, size = system.reserved
        self.ranges.append((base, size, "the hypervisor's reserved RAM"))
        ram_pa, channel_pa = placement
        for p in system.partitions:
            self.ranges.append((ram_pa[p.name], p.ram_size, "%s's RAM" % p.name))
        for ch in system.channels:
            self.ranges.append((channel_pa[ch.name], ch.size, 'channel %s' % ch.name))
        for dev in system.hw.devices.values():
            for b, s in _pages(dev.regs):
                self.ranges.append((b, s, 'device %s' % dev.name))
        # Most specific first: a table page inside the image is named as a table.
        self.ranges.sort(key=lambda r: r[1])

    def of(self, pa):
        for base, size, who in self.ranges:
            if base <= pa < base + size:
                return who
        return 'nobody (unassigned)'

    def hypervisor(self, pa):
        """Whether `pa` is the hypervisor's: its image, its tables or its reserved RAM."""
        who = self.of(pa)
        return 'hypervisor' in who
