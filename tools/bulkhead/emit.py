"""Writes what the hypervisor build needs from a checked System: C tables,
a Devicetree blob per partition, the images to embed and a JSON twin.

Everything lands in build/<board>/<config>/gen/; nothing generated is committed.
"""
import hashlib
import json
import os

from . import devicetree, elfimage, firmware, layout
from .imagecheck import DTB_MAX, RAW_IMAGE_OFFSET
from .layout import PAGE
from .errors import UserError

MACHINES = {'arm64': elfimage.EM_AARCH64, 'x86_64': elfimage.EM_X86_64}
KINDS = {'ram': 'MEM_KIND_RAM', 'device': 'MEM_KIND_DEVICE', 'gic': 'MEM_KIND_DEVICE',
         'channel': 'MEM_KIND_CHANNEL'}
# What a partition's /cpus nodes say it runs on (its vCPU i has `reg` i: MPIDR
# affinity on arm64, the local APIC id on x86).
CPU_COMPATIBLE = {'x86_64': 'bulkhead,x86_64-vcpu'}


def _image(system, p, elf_paths):
    path = elf_paths[p.app] if p.app else p.image
    img = elfimage.load(path, MACHINES[system.board.arch], p.ram_ipa + RAW_IMAGE_OFFSET,
                        p.ram_size)
    entry = p.entry if p.entry is not None else img.entry
    where = '%s: partition "%s"' % (os.path.relpath(system.path), p.name)
    ram_end = p.ram_ipa + p.ram_size
    if img.load_ipa < p.ram_ipa + DTB_MAX or img.mem_end > ram_end:
        raise UserError('%s: image %s needs 0x%x-0x%x but its RAM is 0x%x-0x%x (the first %d KiB hold '
                        'its Devicetree); give it more memory or relink the image'
                        % (where, os.path.basename(path), img.load_ipa, img.mem_end - 1,
                           p.ram_ipa, ram_end - 1, DTB_MAX >> 10))
    if not img.load_ipa <= entry < img.load_ipa + len(img.data):
        raise UserError('%s: entry point 0x%x is outside the image (0x%x-0x%x); fix "entry"'
                        % (where, entry, img.load_ipa, img.load_ipa + len(img.data) - 1))
    return path, img, entry


def _cells64(value):
    return '0x%x 0x%x' % (value >> 32, value & 0xffffffff)


def _device_node(device):
    """A board device as the partition sees it: same node name and address
    (devices are mapped at IPA == PA), its compatible and interrupts."""
    name = device.path.lstrip('/')
    regs = ' '.join('<%s %s>' % (_cells64(b), _cells64(s)) for b, s in device.regs)
    irqs = ', '.join('<%d %d %d>' % irq for irq in device.irqs if len(irq) == 3)
    lines = ['\t%s {' % name,
             '\t\tcompatible = %s;' % ', '.join('"%s"' % c for c in device.compatible)]
    if regs:
        lines.append('\t\treg = %s;' % regs.replace('> <', '>, <'))
    if device.ioports:   # x86: the ports pass through, same numbers
        lines.append('\t\tbulkhead,io-ports = %s;'
                     % ', '.join('<0x%x %d>' % port for port in device.ioports))
    if irqs:
        lines.append('\t\tinterrupts = %s;' % irqs)
    return '\n'.join(lines + ['\t};'])


def _channel_nodes(system, p):
    nodes = []
    for ch in system.channels:
        end = ch.ends.get(p.name)
        if end is None:
            continue
        nodes.append('\t\t%s@%x {\n\t\t\tcompatible = "bulkhead,channel";\n'
                     '\t\t\tchannel-name = "%s";\n\t\t\treg = <%s %s>;\n'
                     '\t\t\taccess = "%s";\n\t\t\tchannel-id = <%d>;\n%s\t\t};'
                     % (ch.name, end.ipa, ch.name, _cells64(end.ipa), _cells64(ch.size), end.access,
                        ch.index, '\t\t\tdoorbell = <%d>;\n' % end.doorbell
                        if end.doorbell is not None else ''))
    if not nodes:
        return ''
    return ('\tchannels {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n%s\n\t};\n'
            % '\n'.join(nodes))


GICR_FRAME = 0x20000


def _gic_nodes(system, p):
    """The partition's interrupt controller (emulated: the distributor, and a
    redistributor per vCPU on GICv3, or the CPU interface on GICv2) and its
    timer, at the board's addresses."""
    hw = system.hw
    if not hw.gic_regs:
        return ''
    if hw.gic_version == 3:
        compat = '"arm,gic-v3"'
        regs = [(hw.gic_regs[0][0], 0x10000), (hw.gic_regs[1][0], GICR_FRAME * len(p.cpus))]
    else:
        compat = '"arm,cortex-a15-gic"'
        regs = [(hw.gic_regs[0][0], 0x1000), (hw.gic_regs[1][0], 0x2000)]
    reg = ', '.join('<%s %s>' % (_cells64(b), _cells64(s)) for b, s in regs)
    return ('\tintc@%x {\n\t\tcompatible = %s;\n\t\tinterrupt-controller;\n'
            '\t\t#interrupt-cells = <3>;\n\t\t#address-cells = <0>;\n\t\treg = %s;\n'
            '\t\tphandle = <1>;\n\t};\n'
            '\ttimer {\n\t\tcompatible = "arm,armv8-timer";\n'
            '\t\tinterrupts = <1 13 4>, <1 14 4>, <1 11 4>, <1 10 4>;\n\t};\n'
            % (hw.gic_regs[0][0], compat, reg))


def _partition_dts(system, p):
    """The partition's own Devicetree: its CPUs, its RAM, PSCI through the
    hypervisor, its devices and channels, and nothing else of the board."""
    compatible = CPU_COMPATIBLE.get(system.board.arch, 'arm,cortex-a53')
    cpus = ''.join('\t\tcpu@%d { device_type = "cpu"; compatible = "%s"; reg = <%d>; '
                   'enable-method = "psci"; };\n' % (i, compatible, i) for i in range(len(p.cpus)))
    if system.hw.timebase:   # the board's clock rate, carried on
        cpus = '\t\ttimebase-frequency = <%d>;\n' % system.hw.timebase + cpus
    devices = ''.join(_device_node(d) + '\n' for d in p.devices)
    return ('/dts-v1/;\n/ {\n\tmodel = "Bulkhead partition %s";\n\tcompatible = "bulkhead,partition";\n'
            '\t#address-cells = <2>;\n\t#size-cells = <2>;\n%s'
            '\tcpus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n%s\t};\n'
            '\tpsci {\n\t\tcompatible = "arm,psci-1.0", "arm,psci-0.2", "arm,psci";\n'
            '\t\tmethod = "hvc";\n\t};\n'
            '\tmemory@%x {\n\t\tdevice_type = "memory";\n\t\treg = <%s %s>;\n\t};\n'
            '\thypervisor {\n\t\tcompatible = "bulkhead,hypervisor";\n'
            '\t\tpartition-name = "%s";\n\t\tpartition-id = <%d>;\n\t};\n'
            '\tchosen {\n\t\tstdout-path = "/hypervisor";\n\t\tbulkhead,partition = "%s";\n\t};\n'
            '%s%s%s};\n'
            % (p.name, '\tinterrupt-parent = <1>;\n' if system.hw.gic_regs else '',
               cpus, p.ram_ipa, _cells64(p.ram_ipa), _cells64(p.ram_size),
               p.name, p.index, p.name, _gic_nodes(system, p), devices,
               _channel_nodes(system, p)))


def _dtb(dts_path):
    blob = devicetree.compile_dts(dts_path, labels=False)
    if len(blob) > DTB_MAX:
        raise UserError('%s: the Devicetree blob is larger than %d KiB' % (dts_path, DTB_MAX >> 10))
    return blob


def _ident(p):
    """A C identifier for a partition ("rt-0", index 2 -> "p2_rt_0"): names may hold
    "-" and "_", so the index keeps "rt-0" and "rt_0" apart."""
    return 'p%d_%s' % (p.index, p.name.replace('-', '_'))


def _c_string(s):
    return '"%s"' % s.replace('\\', '\\\\').replace('"', '\\"')


def _io_ports(p):
    """x86: the I/O port ranges of the partition's devices, [(first, count, device name)]."""
    return [(first, count, d.name) for d in p.devices
            for first, count in d.ioports]


def _console_base(system):
    """The hypervisor's UART: its first register's address, or (x86) its first port."""
    dev = system.hw.devices[system.board.data['hypervisor']['console']]
    return dev.regs[0][0] if dev.regs else dev.ioports[0][0]


def _ioapic_base(hw):
    """x86: the IOAPIC's registers, which the boot check finds in the ACPI MADT."""
    for dev in hw.nodes.values():
        if 'intel,ioapic' in dev.compatible and dev.regs:
            return dev.regs[0][0]
    return None


def _run_end_defines(system):
    """config_gen.h lines for how a run ends on this board (board.toml [hypervisor])."""
    hyp = system.board.data['hypervisor']
    out = '#define CONFIG_BOARD_RESET_ENDS_RUN %d\n' % bool(hyp.get('reset_ends_run', False))
    if firmware.boots_firmware_image(system.board):   # firmware_boot.c
        out += ('#define CONFIG_FIRMWARE_IMAGE 1\n#define CONFIG_FIRMWARE_MIN_SECURITY_VERSION %dull\n'
                '#define CONFIG_FIRMWARE_VERIFY_PARTITION %d\n'
                '/* where firmware.bin may end: the hypervisor\'s region, or the RAM of the\n'
                ' * partition whose payloads lie in place above it */\n'
                '#define CONFIG_FIRMWARE_WINDOW_END 0x%xull\n'
                % (firmware.min_security_version(system.board), system.verify == 'partition',
                   firmware.window_end(system)))
    else:
        out += '#define CONFIG_FIRMWARE_IMAGE 0\n'
    if hyp.get('shutdown_port') is not None:
        out += '#define CONFIG_BOARD_SHUTDOWN_PORT 0x%x\n' % hyp['shutdown_port']
    return out


def _other_regions(system, p):
    """The partition's mappings besides its RAM, which has a field of its own."""
    return [r for r in layout.partition_regions(system, p) if r.kind != 'ram']


def _tables_c(system, parts):
    hw, board = system.hw, system.board
    out = ['/* Generated by tools/bulkhead/emit.py from %s: do not edit. */'
           % os.path.relpath(system.path), '#include "config.h"', '']
    embedded = not firmware.boots_firmware_image(board)   # else firmware_boot.c binds them
    for p, (path, img, entry, sha, dtb) in parts:
        if embedded:
            out.append('extern const unsigned char payload_%s_image[], payload_%s_dtb[];'
                       % (_ident(p), _ident(p)))
        if _other_regions(system, p):
            out.append('static const struct mem_region regions_%s[] = {' % _ident(p))
            for r in _other_regions(system, p):
                perms = ' | '.join(flag for flag, bit in zip(('MEM_R', 'MEM_W', 'MEM_X'), r.perms)
                                   if bit != '-') or '0'
                out.append('\t{ .ipa = 0x%xull, .pa = 0x%xull, .size = 0x%xull, .kind = %s, '
                           '.perms = %s }, /* %s */' % (r.ipa, r.pa, r.size, KINDS[r.kind], perms, r.name))
            out.append('};')
        if _io_ports(p):
            out.append('static const struct io_range io_%s[] = {' % _ident(p))
            out += ['\t{ .first = 0x%x, .count = %d }, /* %s */' % (first, count, name)
                    for first, count, name in _io_ports(p)]
            out.append('};')
        out.append('static const uint16_t irqs_%s[] = { %s };'
                   % (_ident(p), ', '.join(str(i) for i in p.irqs) or '0'))
    out += ['', 'const struct partition_config config_partitions[CONFIG_PARTITION_COUNT] = {']
    for p, (path, img, entry, sha, dtb) in parts:
        cpus = ', '.join(str(c) for c in p.cpus)
        out += ['\t{',
                '\t\t.name = %s,' % _c_string(p.name),
                '\t\t.id = %d,' % p.index,
                '\t\t.cpu_count = %d,' % len(p.cpus),
                '\t\t.cpus = { %s },' % cpus,
                '\t\t.ram = { .pa = 0x%xull, .ipa = 0x%xull, .size = 0x%xull },'
                % (p.ram_pa, p.ram_ipa, p.ram_size)]
        if _other_regions(system, p):
            out += ['\t\t.regions = regions_%s,' % _ident(p),
                    '\t\t.region_count = %d,' % len(_other_regions(system, p))]
        out += ['\t\t.irqs = irqs_%s,' % _ident(p),
                '\t\t.irq_count = %d,' % len(p.irqs),
                '\t\t.image = payload_%s_image,' % _ident(p) if embedded else '\t\t.image = 0,',
                '\t\t.image_size = %d,' % len(img.data),
                '\t\t.image_ipa = 0x%xull,' % img.load_ipa,
                '\t\t.image_name = %s,' % _c_string(os.path.basename(path)),
                '\t\t.image_sha256 = { %s },' % ', '.join('0x%02x' % b for b in sha),
                '\t\t.entry_ipa = 0x%xull,' % entry,
                '\t\t.dtb = payload_%s_dtb,' % _ident(p) if embedded else '\t\t.dtb = 0,',
                '\t\t.dtb_size = %d,' % len(dtb),
                '\t\t.dtb_ipa = 0x%xull,' % p.ram_ipa,
                '\t\t.on_fault = FAULT_POLICY_%s,' % p.on_fault.upper().replace('-', '_'),
                '\t\t.max_restarts = %d,' % p.max_restarts,
                '\t\t.irq_direct = %d,' % (p.irq_mode == 'direct'),
                '\t\t.pmu_el2 = %d,' % p.pmu_el2]
        if _io_ports(p):
            out += ['\t\t.io_ranges = io_%s,' % _ident(p),
                    '\t\t.io_range_count = %d,' % len(_io_ports(p))]
        out += ['\t},']
    owner = ['0'] * gic_intids(system)
    for p in system.partitions:
        for intid in p.irqs:
            owner[intid] = str(p.index + 1)
    out += ['};', ''] + _channels_c(system) + ['',
            '/* Owner of each interrupt: partition index + 1, or 0 for none. */',
            'const uint8_t config_irq_owner[CONFIG_GIC_INTIDS] = { %s };' % ', '.join(owner), '',
            'const struct board_config config_board = {',
            '\t.name = %s,' % _c_string(board.name),
            '\t.ram_base = 0x%xull,' % hw.ram[0][0],
            '\t.ram_size = 0x%xull,' % hw.ram[0][1],
            '\t.cpu_count = %d,' % len(hw.cpus),
            '\t.cpu_mpidr = { %s },' % ', '.join('0x%xull' % m for m in hw.cpus),
            '\t.hyp_base = 0x%xull,' % system.reserved[0],
            '\t.hyp_size = 0x%xull,' % system.reserved[1],
            '\t.console_base = 0x%xull,' % _console_base(system),
            '\t.gic_version = %d,' % hw.gic_version,
            '\t.gicd_base = 0x%xull,' % (hw.gic_regs[0][0] if hw.gic_regs else 0),
            '\t.gicr_base = 0x%xull,' % (hw.gic_regs[1][0] if hw.gic_version == 3 else 0),
            '\t.gicr_size = 0x%xull,' % (hw.gic_regs[1][1] if hw.gic_version == 3 else 0),
            '\t.gicc_base = 0x%xull,' % (hw.gic_regs[1][0] if hw.gic_version == 2 else 0),
            '\t.gich_base = 0x%xull,' % (hw.gic_regs[2][0] if hw.gic_version == 2 else 0)]
    if _ioapic_base(hw) is not None:
        out.append('\t.ioapic_base = 0x%xull,' % _ioapic_base(hw))
    out += ['};', '']
    return '\n'.join(out)


def _channels_c(system):
    """The channel table: who may notify whom, and with which doorbell."""
    by_name = {p.name: p for p in system.partitions}
    out = ['const struct channel_config config_channels[CONFIG_CHANNEL_COUNT + 1] = {']
    for ch in system.channels:
        ends = ', '.join('{ .partition = %d, .writable = %d, .doorbell = %d }'
                         % (by_name[n].index, e.access == 'write', e.doorbell or 0)
                         for n, e in ch.ends.items())
        out.append('\t{ .name = %s, .pa = 0x%xull, .size = 0x%xull, .end_count = %d, '
                   '.ends = { %s } },' % (_c_string(ch.name), ch.pa, ch.size, len(ch.ends), ends))
    out.append('\t{ .name = 0 } /* so that a config without channels still has a table */')
    return out + ['};']


def gic_intids(system):
    """INTIDs the tables cover: the SGIs and PPIs, and SPIs up to the highest one
    any partition owns or has as a doorbell, in whole 32-interrupt registers."""
    top = max([intid for p in system.partitions for intid in p.irqs] +
              [e.doorbell for ch in system.channels for e in ch.ends.values() if e.doorbell] + [63])
    return (top // 32 + 1) * 32


def _header(system):
    cpus = len(system.hw.cpus)
    return ('/* Generated by tools/bulkhead/emit.py: sizes of the static tables. */\n'
            '#ifndef CONFIG_GEN_H\n#define CONFIG_GEN_H\n'
            '#define CONFIG_PARTITION_COUNT %d\n#define CONFIG_CPU_COUNT %d\n'
            '#define CONFIG_CPU_MAX_PER_PARTITION %d\n'
            '#define CONFIG_GIC_INTIDS %d\n'
            '#define CONFIG_CHANNEL_COUNT %d\n#define CONFIG_CHANNEL_MAX_ENDS %d\n%s#endif\n'
            % (len(system.partitions), cpus, cpus,
               gic_intids(system),
               len(system.channels), max([len(ch.ends) for ch in system.channels] + [1]),
               _run_end_defines(system)))


def _payload_s(parts, gen_dir):
    out = ['/* Generated: the pristine partition images and Devicetree blobs. */',
           '\t.section .rodata.payload, "a"']
    for p, _ in parts:
        for kind in ('image', 'dtb'):
            out += ['\t.balign %d' % PAGE, '\t.global payload_%s_%s' % (_ident(p), kind),
                    'payload_%s_%s:' % (_ident(p), kind),
                    '\t.incbin "%s"' % os.path.join(gen_dir, '%s.%s' % (p.name, 'bin' if kind == 'image' else 'dtb'))]
    return '\n'.join(out) + '\n'


def _twin(system, parts):
    """layout.layout_json plus what only the build knows: each image."""
    twin = layout.layout_json(system)
    for entry, (p, (path, img, entry_ipa, sha, dtb)) in zip(twin['partitions'], parts):
        entry.update({'image_file': os.path.relpath(path), 'image_ipa': img.load_ipa,
                      'image_size': len(img.data), 'image_sha256': sha.hex(),
                      'entry': entry_ipa, 'dtb_ipa': p.ram_ipa, 'dtb_size': len(dtb)})
    return twin


def outputs(system, gen_dir):
    """Every file emit() writes, so the build knows its targets."""
    names = ['config_tables.c', 'config_gen.h', 'config.json']
    names.append('firmware.desc' if firmware.boots_firmware_image(system.board) else 'payload.S')
    for p in system.partitions:
        names += ['%s.bin' % p.name, '%s.dts' % p.name, '%s.dtb' % p.name]
    return [os.path.join(gen_dir, n) for n in names]


def emit(system, elf_paths, gen_dir):
    """Check the images against the partitions and write every output."""
    os.makedirs(gen_dir, exist_ok=True)
    parts = []
    for p in system.partitions:
        path, img, entry = _image(system, p, elf_paths)
        dts = os.path.join(gen_dir, p.name + '.dts')
        with open(dts, 'w') as f:
            f.write(_partition_dts(system, p))
        dtb = _dtb(dts)
        _write(os.path.join(gen_dir, p.name + '.dtb'), dtb)
        _write(os.path.join(gen_dir, p.name + '.bin'), img.data)
        parts.append((p, (path, img, entry, hashlib.sha256(img.data).digest(), dtb)))
    _write(os.path.join(gen_dir, 'config_tables.c'), _tables_c(system, parts).encode())
    _write(os.path.join(gen_dir, 'config_gen.h'), _header(system).encode())
    if not firmware.boots_firmware_image(system.board):   # x86-64: embedded in hyp.elf
        _write(os.path.join(gen_dir, 'payload.S'), _payload_s(parts, os.path.abspath(gen_dir)).encode())
    if firmware.boots_firmware_image(system.board):
        gen = os.path.abspath(gen_dir)
        payloads = [(p, img.load_ipa, os.path.join(gen, p.name + '.bin'),
                     os.path.join(gen, p.name + '.dtb')) for p, (_, img, _, _, _) in parts]
        desc = firmware.description(system, payloads, os.path.join(os.path.dirname(gen), 'hyp.bin'))
        _write(os.path.join(gen_dir, 'firmware.desc'), desc.encode())
    _write(os.path.join(gen_dir, 'config.json'), (json.dumps(_twin(system, parts), indent=2) + '\n').encode())


def _write(path, data):
    """Rewrite a file only when its content changes, so SCons rebuilds no more than needed."""
    try:
        with open(path, 'rb') as f:
            if f.read() == data:
                return
    except OSError:
        pass
    with open(path, 'wb') as f:
        f.write(data)
