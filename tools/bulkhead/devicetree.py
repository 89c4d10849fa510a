"""Reads a board's hardware from its Devicetree source (dtc, then libfdt).

The config compiler never guesses hardware: RAM, CPUs, the interrupt
controller, the console UART and every device a partition may own come from
boards/<board>/board.dts.
"""
import shutil
import subprocess
from dataclasses import dataclass, field

from .errors import UserError

from .fdt import Fdt


@dataclass
class Device:
    path: str
    label: str
    compatible: list
    regs: list                      # [(base, size)]
    irqs: list = field(default_factory=list)   # [(type, number, flags)] as in the DT


@dataclass
class BoardHardware:
    ram: list                       # [(base, size)]
    cpus: list                      # MPIDR affinity of each CPU, in DT order
    gic_version: int
    gic_regs: list
    devices: dict                   # path -> Device
    labels: dict                    # label -> path


def compile_dts(dts_path):
    """Compile a .dts with dtc and return the blob; -@ keeps labels."""
    if shutil.which('dtc') is None:
        raise UserError('dtc not found; run ./bulkhead to install it (package device-tree-compiler)')
    proc = subprocess.run(['dtc', '-q', '-@', '-I', 'dts', '-O', 'dtb', dts_path],
                          capture_output=True)
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


def _walk(fdt, node, path):
    """Yield (offset, path) of every node below `node`, depth first."""
    for child in fdt.subnodes(node):
        child_path = path.rstrip('/') + '/' + fdt.name(child)
        yield child, child_path
        yield from _walk(fdt, child, child_path)


def read_board(dts_path):
    """Everything the config compiler needs to know about the board's hardware."""
    try:
        fdt = Fdt(compile_dts(dts_path))
    except UserError as err:
        raise UserError('%s: %s' % (dts_path, err))
    acells = _cells(fdt, 0, '#address-cells', 2)
    scells = _cells(fdt, 0, '#size-cells', 1)
    labels = {}
    symbols = fdt.path_offset('/__symbols__')
    if symbols >= 0:
        for name, value in fdt.properties(symbols):
            labels[name] = value.rstrip(b'\0').decode()

    ram, cpus, devices = [], [], {}
    gic_version, gic_regs = 0, []
    for node, path in _walk(fdt, 0, '/'):
        if path.startswith('/__'):
            continue
        dtype = _strings(fdt, node, 'device_type')
        compat = _strings(fdt, node, 'compatible')
        if dtype == ['memory']:
            ram.extend(_regs(fdt, node, acells, scells))
        elif dtype == ['cpu']:
            cpus.extend(base for base, _ in _regs(fdt, node, 1, 0) or [(0, 0)])
        elif 'arm,gic-v3' in compat or 'arm,cortex-a15-gic' in compat or 'arm,gic-400' in compat:
            gic_version = 3 if 'arm,gic-v3' in compat else 2
            gic_regs = _regs(fdt, node, acells, scells)
        if path.count('/') == 1 and compat and dtype == []:
            irqs = _u32s(fdt.getprop(node, 'interrupts') or b'')
            devices[path] = Device(path, '', compat, _regs(fdt, node, acells, scells),
                                   [tuple(irqs[i:i + 3]) for i in range(0, len(irqs) - 2, 3)])
    for label, path in labels.items():
        if path in devices:
            devices[path].label = label
    return BoardHardware(ram, sorted(cpus), gic_version, gic_regs, devices, labels)
