# SPDX-License-Identifier: Apache-2.0
"""Where everything of a system lies: placement of RAM and channels, each
partition's stage-2 regions (RAM, devices, channel ends) and the JSON twin of
the tables.

config.py calls place_ram, place_channels and check_ipas while it checks a
config; emit.py renders partition_regions into C and merges layout_json into
build/<board>/<config>/gen/config.json, which tests read.
"""
import bisect
import os
from dataclasses import dataclass

PAGE = 4096
RAM_ALIGN = 2 << 20            # placed RAM is 2 MiB aligned (stage-2 block mappings)
PERMS_RAM, PERMS_DEVICE = 'rwx', 'rw-'
PERMS_CHANNEL = {'write': 'rw-', 'read': 'r--'}


@dataclass
class Region:
    kind: str        # 'ram' | 'device' | 'channel'
    name: str        # 'ram', the device label(s) joined by '+', or the channel's name
    ipa: int
    pa: int
    size: int
    perms: str       # 'rwx' | 'rw-' | 'r--'


def human(size):
    """A size as messages show it: 64 MiB, 4 KiB, or 6000 bytes."""
    for shift, unit in ((30, 'GiB'), (20, 'MiB'), (10, 'KiB')):
        if size and size % (1 << shift) == 0:
            return '%d %s' % (size >> shift, unit)
    return '%d byte%s' % (size, '' if size == 1 else 's')


def span(base, size):
    """An address range as messages show it, last byte included."""
    return '0x%x-0x%x' % (base, base + size - 1)


class FreeRam:
    """The parts of board RAM nothing holds yet, lowest first: first-fit
    placement in logarithmic time for a size and alignment asked before.

    Free ranges only ever shrink, so once every range below an address has
    failed a (size, align) request, they fail it for good: each request starts
    its search where the last one of that kind stopped."""

    def __init__(self, ram):
        self.starts, self.ends = [], []          # disjoint free ranges, sorted
        for base, size in sorted(ram):
            self.starts.append(base)
            self.ends.append(base + size)
        self.resume = {}                         # (size, align) -> first start worth trying

    def take(self, base, size):
        """Mark [base, base + size) as held (it may lie partly outside RAM)."""
        end = base + size
        i = max(bisect.bisect_right(self.starts, base) - 1, 0)
        while i < len(self.starts) and self.starts[i] < end:
            start, stop = self.starts[i], self.ends[i]
            if stop <= base:
                i += 1
                continue
            pieces = [(a, b) for a, b in ((start, base), (end, stop)) if a < b]
            self.starts[i:i + 1] = [a for a, _ in pieces]
            self.ends[i:i + 1] = [b for _, b in pieces]
            i += len(pieces)

    def first_fit(self, size, align):
        """Lowest `align`-aligned base where `size` free bytes start; None if none."""
        key = (size, align)
        i = bisect.bisect_left(self.starts, self.resume.get(key, 0))
        while i < len(self.starts):
            addr = -(-self.starts[i] // align) * align
            if addr + size <= self.ends[i]:
                self.resume[key] = self.starts[i]
                return addr
            i += 1
        self.resume[key] = float('inf')
        return None


class Held:
    """Ranges of physical memory already given, each with who holds it, for
    the overlap check of a fixed base: sorted once, searched by bisection."""

    def __init__(self):
        self.ranges = []             # (base, end, order given, who), disjoint, sorted

    def add(self, base, size, who):
        bisect.insort(self.ranges, (base, base + size, len(self.ranges), who))

    def first_overlap(self, base, size):
        """(base, size, who) of the earliest given range that [base, base + size)
        overlaps, or None."""
        end = base + size
        i = max(bisect.bisect_left(self.ranges, (base,)) - 1, 0)
        hits = []
        while i < len(self.ranges) and self.ranges[i][0] < end:
            b, e, order, who = self.ranges[i]
            if base < e:
                hits.append((order, b, e - b, who))
            i += 1
        return min(hits)[1:] if hits else None


# --- placement (run by config.py, which passes its checker `chk`) ---------------

def _board_ram(chk):
    return ', '.join(span(b, s) for b, s in chk.hw.ram)


def place_ram(chk):
    """Check the fixed bases, then give every other partition the lowest free
    RAM_ALIGN-aligned RAM, in declaration order. Leaves chk.free, the RAM still
    free, for place_channels."""
    base, size = chk.system.reserved
    held, free = Held(), FreeRam(chk.hw.ram)
    held.add(base, size, 'the hypervisor\'s reserved region')
    free.take(base, size)
    for p in chk.system.partitions:
        if p.ram_fixed and p.ram_size:
            if _fixed_ram_ok(chk, p, held):
                held.add(p.ram_pa, p.ram_size, 'partition "%s"' % p.name)
                free.take(p.ram_pa, p.ram_size)
            else:
                p.ram_pa = None
    for p in chk.system.partitions:
        if not p.ram_fixed and p.ram_size:
            p.ram_pa = free.first_fit(p.ram_size, RAM_ALIGN)
            if p.ram_pa is None:
                chk.error(('partition', p.index, 'memory', 'size'), p.who,
                          'no room for %s of RAM on board %s (RAM %s, less the hypervisor\'s %s at '
                          '%s, its image and firmware.bin\'s payloads%s, and other partitions\'); '
                          'make it smaller or give other partitions less'
                          % (human(p.ram_size), chk.system.board.name, _board_ram(chk),
                             human(size), span(base, size), _files(chk.system)))
            else:
                free.take(p.ram_pa, p.ram_size)
    chk.free = free


def _files(system):
    files = system.firmware_files
    return ' (%s of image files among them)' % human(files) if files else ''


def _fixed_ram_ok(chk, p, held):
    spot = ('partition', p.index, 'memory', 'base')
    mine, end = span(p.ram_pa, p.ram_size), p.ram_pa + p.ram_size
    if not any(b <= p.ram_pa and end <= b + s for b, s in chk.hw.ram):
        chk.error(spot, p.who, 'memory %s is outside board RAM (%s); choose a base inside it, or '
                  'leave base out' % (mine, _board_ram(chk)))
        return False
    clash = held.first_overlap(p.ram_pa, p.ram_size)
    if clash:
        base, size, who = clash
        if who.startswith('the hypervisor'):
            todo = 'choose a base at or above 0x%x, or leave base out' % (base + size)
        else:
            todo = 'move or shrink one of them'
        chk.error(spot, p.who, 'memory %s overlaps %s (%s); %s' % (mine, who, span(base, size), todo))
        return False
    return True


def place_channels(chk):
    """Physical memory by the same first fit, page aligned, after all partitions'
    RAM; then, in each end's partition, IPAs from the board's channel_ipa up, in
    declaration order."""
    for ch in chk.system.channels:
        if not ch.size:
            continue
        ch.pa = chk.free.first_fit(ch.size, PAGE)
        if ch.pa is None:
            chk.error(('channel', ch.index, 'size'), 'channel "%s"' % ch.name,
                      'no room for %s on board %s after the partitions\' RAM; make it smaller or '
                      'give partitions less memory' % (human(ch.size), chk.system.board.name))
        else:
            chk.free.take(ch.pa, ch.size)
    ends = channels_by_end(chk.system)
    for p in chk.system.partitions:
        if chk.by_name.get(p.name) != p.index:
            continue            # a repeated name: already refused
        ipa = chk.system.channel_ipa
        for ch in ends.get(p.name, []):
            if ch.pa is not None:
                ch.ends[p.name].ipa = ipa
                ipa += ch.size


def channels_by_end(system):
    """Partition name -> the channels it has an end of, in declaration order."""
    ends = {}
    for ch in system.channels:
        for name in ch.ends:
            ends.setdefault(name, []).append(ch)
    return ends


def check_ipas(chk):
    """Store each partition's regions, now that all is placed; no two regions
    of one partition may share an IPA."""
    ends = channels_by_end(chk.system)
    for p in chk.system.partitions:
        p.regions = _regions(chk.system, p, ends.get(p.name, []))
        regions = sorted(p.regions, key=lambda r: r.ipa)
        for a, b in zip(regions, regions[1:]):
            if b.ipa < a.ipa + a.size:
                chk.error(('partition', p.index), p.who,
                          'its %s "%s" at IPA %s overlaps its %s "%s" at IPA %s; make its memory '
                          'smaller or move [partition] channel_ipa in board.toml'
                          % (a.kind, a.name, span(a.ipa, a.size), b.kind, b.name, span(b.ipa, b.size)))


# --- what a placed system looks like ------------------------------------------------

def device_regions(partition):
    """One region per run of pages the partition's devices cover, at IPA == PA.

    Devices that share a page (QEMU's virtio-mmio slots) become one region
    named after all of them.
    """
    pages = sorted((base, size, dev.name) for dev in partition.devices for base, size in dev.pages)
    merged = []
    for base, size, name in pages:
        if merged and base < merged[-1][0] + merged[-1][1]:
            last = merged[-1]
            end = max(last[0] + last[1], base + size)
            names = last[2] if name in last[2].split('+') else last[2] + '+' + name
            merged[-1] = (last[0], end - last[0], names)
        else:
            merged.append((base, size, name))
    return [Region('device', name, base, base, size, PERMS_DEVICE) for base, size, name in merged]


def channel_regions(partition, channels):
    """The partition's ends of `channels` (those it has an end of), in declaration order."""
    out = []
    for ch in channels:
        end = ch.ends.get(partition.name)
        if end is not None and ch.pa is not None and end.ipa is not None:
            out.append(Region('channel', ch.name, end.ipa, ch.pa, ch.size, PERMS_CHANNEL[end.access]))
    return out


def gic_regions(system):
    """On a GICv2 board every partition's CPU interface is the virtual one:
    the GICV frame mapped where the GICC frame is (8 KiB). GICv3's CPU
    interface is system registers: nothing to map."""
    hw = system.hw
    if hw.gic_version != 2 or len(hw.gic_regs) < 4:
        return []
    return [Region('gic', 'gic-cpu-interface', hw.gic_regs[1][0], hw.gic_regs[3][0], 0x2000,
                   PERMS_DEVICE)]


def partition_regions(system, partition):
    """Every stage-2 region of one partition: its RAM (rwx), its devices (rw-,
    IPA == PA, whole pages) and its channel ends (rw- for a writer, r-- for a
    reader). Parts not yet placed (a config with errors) are left out.
    Computed once, when the config is checked (check_ipas)."""
    if partition.regions is not None:
        return partition.regions
    return _regions(system, partition, system.channels)


def _regions(system, partition, channels):
    out = []
    if partition.ram_pa is not None and partition.ram_size:
        out.append(Region('ram', 'ram', partition.ram_ipa, partition.ram_pa,
                          partition.ram_size, PERMS_RAM))
    return (out + device_regions(partition) + gic_regions(system)
            + channel_regions(partition, channels))


def _rel(path):
    """A path relative to the repository when it lies inside it."""
    from .boards import ROOT
    path = os.path.abspath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def _range(base, size):
    return {'base': base, 'size': size}


def _partition_json(system, p):
    return {
        'name': p.name, 'id': p.index, 'cpus': list(p.cpus),
        'on_fault': p.on_fault, 'max_restarts': p.max_restarts, 'console': p.console,
        'irq_mode': p.irq_mode,
        'pmu_el2': p.pmu_el2,
        'irqs': list(p.irqs),
        'devices': [{'name': d.name, 'path': d.path, 'intids': d.intids,
                     'regs': [_range(b, s) for b, s in d.regs],
                     'bus_master': d.bus_master, 'iommu': d.iommu} for d in p.devices],
        'unprotected_dma': [d.name for d in p.unprotected_dma],
        'regions': [{'kind': r.kind, 'name': r.name, 'ipa': r.ipa, 'pa': r.pa, 'size': r.size,
                     'perms': r.perms} for r in partition_regions(system, p)],
        'app': p.app,
        'image': _rel(p.image) if p.image else None,
        'entry': p.entry,
    }


def layout_json(system):
    """The JSON twin of the tables (plain dicts and lists; numbers as integers)."""
    return {
        'board': system.board.name,
        'config': _rel(system.path),
        'board_ram': [_range(b, s) for b, s in system.hw.ram],
        'hypervisor_reserved': _range(*system.reserved),
        'partitions': [_partition_json(system, p) for p in system.partitions],
        'channels': [{'name': ch.name, 'pa': ch.pa, 'size': ch.size,
                      'ends': {name: {'access': end.access, 'ipa': end.ipa, 'doorbell': end.doorbell}
                               for name, end in ch.ends.items()}}
                     for ch in system.channels],
    }
