# SPDX-License-Identifier: Apache-2.0
"""Reads a board's hardware from its Devicetree source (dtc, then libfdt).

The config compiler never guesses hardware: RAM, CPUs, the interrupt
controller and every device a partition may own come from
boards/<board>/board.dts. Each node also says whether a partition may own it,
and if not, why; the config compiler adds the hypervisor's console UART. A
device that can master the bus (DMA) carries `bulkhead,bus-master`, and one
behind an IOMMU the standard `iommus` property.

A board is read once per (path, modification time): checking thousands of
configs (the fuzz test) runs dtc once.
"""
import os
import shutil
import subprocess
from dataclasses import dataclass, field

from .errors import UserError
from .fdt import Fdt

PAGE = 4096
GIC_SPI, GIC_PPI = 0, 1          # first cell of a GIC interrupt specifier
SPI_BASE, PPI_BASE = 32, 16      # INTID of SPI 0 and PPI 0 (ARM IHI 0069, 2.2)
_GIC_COMPATIBLE = ('arm,gic-v3', 'arm,cortex-a15-gic', 'arm,gic-400')


@dataclass
class Device:
    path: str
    label: str
    compatible: list
    regs: list                      # [(base, size)]
    irqs: list = field(default_factory=list)   # [(type, number, flags)] as in the DT
    reserved: str = None            # why no partition may own it; None if one may
    ioports: list = field(default_factory=list)   # x86 [(first port, count)]: bulkhead,io-ports
    bus_master: bool = False        # bulkhead,bus-master: it can read and write memory itself (DMA)
    iommu: bool = False             # an `iommus` property: an IOMMU translates what it masters

    @property
    def name(self):
        """How messages name it: its label, else its path."""
        return self.label or self.path

    @property
    def intids(self):
        """The GIC INTIDs of its shared peripheral interrupts (SPIs)."""
        return sorted({SPI_BASE + num for kind, num, _ in self.irqs if kind == GIC_SPI})

    @property
    def ppis(self):
        """The INTIDs of its per-CPU interrupts: such a device cannot be given away."""
        return sorted({PPI_BASE + num for kind, num, _ in self.irqs if kind == GIC_PPI})

    @property
    def pages(self):
        """Its registers rounded out to whole 4 KiB pages: what stage 2 can map."""
        out = []
        for base, size in self.regs:
            start = base // PAGE * PAGE
            end = -(-(base + max(size, 1)) // PAGE) * PAGE
            out.append((start, end - start))
        return out


@dataclass
class BoardHardware:
    ram: list                       # [(base, size)]
    cpus: list                      # MPIDR affinity of each CPU, in DT order
    gic_version: int
    gic_regs: list
    devices: dict                   # path -> Device: the top-level devices
    labels: dict                    # label -> path
    nodes: dict = field(default_factory=dict)   # path -> Device: every node
    timebase: int = None            # /cpus timebase-frequency, if the board gives one

    def find(self, name):
        """The node a config names by label or by path, or None."""
        path = self.labels.get(name.lstrip('&'), name)
        return self.nodes.get(path if path == '/' else path.rstrip('/'))


def compile_dts(dts_path, labels=True):
    """Compile a .dts with dtc and return the blob; with `labels`, -@ keeps them
    (the board's, which configs may name); a partition's blob needs none."""
    if shutil.which('dtc') is None:
        raise UserError('dtc not found; run ./bulkhead to install it (package device-tree-compiler)')
    proc = subprocess.run(['dtc', '-q'] + (['-@'] if labels else []) +
                          ['-I', 'dts', '-O', 'dtb', dts_path], capture_output=True)
    if proc.returncode != 0:
        first = proc.stderr.decode(errors='replace').strip().splitlines()[:1]
        raise UserError('%s: dtc failed: %s' % (dts_path, first[0] if first else 'no message'))
    return proc.stdout


def _u32s(data):
    return [int.from_bytes(data[i:i + 4], 'big') for i in range(0, len(data) - 3, 4)]


def _cells(fdt, node, name, default):
    prop = fdt.getprop(node, name)
    return _u32s(prop)[0] if prop and len(prop) >= 4 else default


def _join(cells):
    value = 0
    for c in cells:
        value = (value << 32) | c
    return value


def _regs(fdt, node, acells, scells):
    words = _u32s(fdt.getprop(node, 'reg') or b'')
    step = acells + scells
    return [(_join(words[i:i + acells]), _join(words[i + acells:i + step]))
            for i in range(0, len(words) - step + 1, step)]


def _strings(fdt, node, name):
    return [s.decode() for s in (fdt.getprop(node, name) or b'').split(b'\0') if s]


def _walk(fdt, node, path, depth=0):
    """Yield (offset, path, depth) of every node below `node`, depth first."""
    for child in fdt.subnodes(node):
        child_path = path.rstrip('/') + '/' + fdt.name(child)
        yield child, child_path, depth + 1
        yield from _walk(fdt, child, child_path, depth + 1)


def _reserved(fdt, node, path, depth, device):
    """Why a partition may not own this node (None if it may)."""
    dtype = _strings(fdt, node, 'device_type')
    if fdt.getprop(node, 'interrupt-controller') is not None:
        return ('it is the interrupt controller, which the hypervisor keeps to route every '
                'partition\'s interrupts (a partition lists its interrupts in "irqs")')
    if path == '/cpus' or path.startswith('/cpus/') or dtype == ['cpu']:
        return 'CPUs are given to a partition with "cpus", not as devices'
    if dtype == ['memory']:
        return 'RAM is given to a partition with "memory", not as a device'
    if any('psci' in c for c in device.compatible):
        return 'PSCI is firmware that the hypervisor mediates for every partition'
    if any('timer' in c for c in device.compatible) and device.ppis:
        return 'the architected timer is per CPU, and every partition already has its own virtual timer'
    if depth > 1:
        return 'only devices at the top level of the board\'s Devicetree can be assigned today'
    if fdt.getprop(node, '#clock-cells') is not None and not device.regs:
        return 'it is a clock with no registers to map'
    if not device.regs and not device.ioports:
        return 'it has no registers to map (it is not a device)'
    return None


def _read(blob):
    fdt = Fdt(blob)
    acells = _cells(fdt, 0, '#address-cells', 2)
    scells = _cells(fdt, 0, '#size-cells', 1)
    labels = {}
    symbols = fdt.path_offset('/__symbols__')
    if symbols >= 0:
        for name, value in fdt.properties(symbols):
            labels[name] = value.rstrip(b'\0').decode()
    hw = BoardHardware([], [], 0, [], {}, labels)
    for node, path, depth in _walk(fdt, 0, '/'):
        if path.startswith('/__'):
            continue
        dtype = _strings(fdt, node, 'device_type')
        compat = _strings(fdt, node, 'compatible')
        if dtype == ['memory']:
            hw.ram.extend(_regs(fdt, node, acells, scells))
        elif dtype == ['cpu']:
            hw.cpus.extend(base for base, _ in _regs(fdt, node, 1, 0) or [(0, 0)])
        elif any(c in compat for c in _GIC_COMPATIBLE):
            hw.gic_version = 3 if 'arm,gic-v3' in compat else 2
            hw.gic_regs = _regs(fdt, node, acells, scells)
        irqs = _u32s(fdt.getprop(node, 'interrupts') or b'')
        device = Device(path, '', compat,
                        _regs(fdt, node, acells, scells) if depth == 1 else [],
                        [tuple(irqs[i:i + 3]) for i in range(0, len(irqs) - 2, 3)])
        if depth == 1:
            ports = _u32s(fdt.getprop(node, 'bulkhead,io-ports') or b'')
            device.ioports = [(ports[i], ports[i + 1]) for i in range(0, len(ports) - 1, 2)]
            device.bus_master = fdt.getprop(node, 'bulkhead,bus-master') is not None
            device.iommu = fdt.getprop(node, 'iommus') is not None
        device.reserved = _reserved(fdt, node, path, depth, device)
        hw.nodes[path] = device
        if depth == 1 and compat and dtype == []:
            hw.devices[path] = device
    for label, path in sorted(labels.items()):
        if path in hw.nodes and not hw.nodes[path].label:
            hw.nodes[path].label = label
    hw.cpus.sort()
    cpus = fdt.path_offset('/cpus')
    if cpus >= 0 and fdt.getprop(cpus, 'timebase-frequency'):
        hw.timebase = _cells(fdt, cpus, 'timebase-frequency', None)
    return hw


_cache = {}


def read_board(dts_path):
    """Everything the config compiler needs to know about the board's hardware.

    Cached per (path, modification time, size): the result is shared, so callers
    must not change it.
    """
    try:
        st = os.stat(dts_path)
    except OSError as err:
        raise UserError('%s: cannot read the board\'s Devicetree: %s' % (dts_path, err.strerror))
    key = (os.path.abspath(dts_path), st.st_mtime_ns, st.st_size)
    if key not in _cache:
        try:
            _cache[key] = _read(compile_dts(dts_path))
        except UserError as err:
            raise UserError('%s: %s' % (dts_path, err))
    return _cache[key]
