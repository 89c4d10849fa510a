"""Writes what the hypervisor build needs from a checked System: C tables,
a Devicetree blob per partition, the images to embed and a JSON twin.

Everything lands in build/<board>/<config>/gen/; nothing generated is committed.
"""
import hashlib
import json
import os
import subprocess

from . import elfimage, layout
from .config import DTB_MAX, PAGE, RAW_IMAGE_OFFSET
from .errors import UserError

MACHINES = {'arm64': elfimage.EM_AARCH64, 'x86_64': elfimage.EM_X86_64}
KINDS = {'ram': 'MEM_KIND_RAM', 'device': 'MEM_KIND_DEVICE', 'channel': 'MEM_KIND_CHANNEL'}


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
    irqs = ', '.join('<%d %d %d>' % irq for irq in device.irqs)
    lines = ['\t%s {' % name,
             '\t\tcompatible = %s;' % ', '.join('"%s"' % c for c in device.compatible),
             '\t\treg = %s;' % regs.replace('> <', '>, <')]
    if irqs:
        lines.append('\t\tinterrupts = %s;' % irqs)
    return '\n'.join(lines + ['\t};'])


def _channel_nodes(system, p):
    nodes = []
    for ch in getattr(system, 'channels', []):
        end = ch.ends.get(p.name)
        if end is None:
            continue
        nodes.append('\t\t%s@%x {\n\t\t\tcompatible = "bulkhead,channel";\n'
                     '\t\t\tchannel-name = "%s";\n\t\t\treg = <%s %s>;\n'
                     '\t\t\taccess = "%s";\n\t\t};'
                     % (ch.name, end.ipa, ch.name, _cells64(end.ipa), _cells64(ch.size), end.access))
    if not nodes:
        return ''
    return ('\tchannels {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n%s\n\t};\n'
            % '\n'.join(nodes))


def _partition_dts(system, p):
    """The partition's own Devicetree: its CPUs, its RAM, PSCI through the
    hypervisor, its devices and channels, and nothing else of the board."""
    cpus = ''.join('\t\tcpu@%d { device_type = "cpu"; compatible = "arm,cortex-a53"; reg = <%d>; '
                   'enable-method = "psci"; };\n' % (i, i) for i in range(len(p.cpus)))
    devices = ''.join(_device_node(d) + '\n' for d in getattr(p, 'devices', []))
    return ('/dts-v1/;\n/ {\n\tmodel = "Bulkhead partition %s";\n\tcompatible = "bulkhead,partition";\n'
            '\t#address-cells = <2>;\n\t#size-cells = <2>;\n'
            '\tcpus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n%s\t};\n'
            '\tpsci {\n\t\tcompatible = "arm,psci-1.0", "arm,psci-0.2", "arm,psci";\n'
            '\t\tmethod = "hvc";\n\t};\n'
            '\tmemory@%x {\n\t\tdevice_type = "memory";\n\t\treg = <%s %s>;\n\t};\n'
            '\thypervisor {\n\t\tcompatible = "bulkhead,hypervisor";\n'
            '\t\tpartition-name = "%s";\n\t\tpartition-id = <%d>;\n\t};\n'
            '\tchosen {\n\t\tstdout-path = "/hypervisor";\n\t\tbulkhead,partition = "%s";\n\t};\n'
            '%s%s};\n'
            % (p.name, cpus, p.ram_ipa, _cells64(p.ram_ipa), _cells64(p.ram_size),
               p.name, p.index, p.name, devices, _channel_nodes(system, p)))


def _dtb(dts_path):
    proc = subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', dts_path], capture_output=True)
    if proc.returncode != 0:
        raise UserError('%s: dtc failed: %s' % (dts_path, proc.stderr.decode(errors='replace').strip()))
    if len(proc.stdout) > DTB_MAX:
        raise UserError('%s: the Devicetree blob is larger than %d KiB' % (dts_path, DTB_MAX >> 10))
    return proc.stdout


def _ident(p):
    """A C identifier for a partition ("rt-0", index 2 -> "p2_rt_0"): names may hold
    "-" and "_", so the index keeps "rt-0" and "rt_0" apart."""
    return 'p%d_%s' % (p.index, p.name.replace('-', '_'))


def _c_string(s):
    return '"%s"' % s.replace('\\', '\\\\').replace('"', '\\"')


def _tables_c(system, parts):
    hw, board = system.hw, system.board
    out = ['/* Generated by tools/bulkhead/emit.py from %s: do not edit. */'
           % os.path.relpath(system.path), '#include "config.h"', '']
    for p, (path, img, entry, sha, dtb) in parts:
        out.append('extern const unsigned char payload_%s_image[], payload_%s_dtb[];' % (_ident(p), _ident(p)))
        out.append('static const struct mem_region regions_%s[] = {' % _ident(p))
        for r in layout.partition_regions(system, p):
            perms = ' | '.join(flag for flag, bit in zip(('MEM_R', 'MEM_W', 'MEM_X'), r.perms)
                               if bit != '-') or '0'
            out.append('\t{ .ipa = 0x%xull, .pa = 0x%xull, .size = 0x%xull, .kind = %s, '
                       '.perms = %s }, /* %s */' % (r.ipa, r.pa, r.size, KINDS[r.kind], perms, r.name))
        out.append('};')
    out += ['', 'const struct partition_config config_partitions[CONFIG_PARTITION_COUNT] = {']
    for p, (path, img, entry, sha, dtb) in parts:
        cpus = ', '.join(str(c) for c in p.cpus)
        out += ['\t{',
                '\t\t.name = %s,' % _c_string(p.name),
                '\t\t.id = %d,' % p.index,
                '\t\t.cpu_count = %d,' % len(p.cpus),
                '\t\t.cpus = { %s },' % cpus,
                '\t\t.regions = regions_%s,' % _ident(p),
                '\t\t.region_count = sizeof(regions_%s) / sizeof(regions_%s[0]),' % (_ident(p), _ident(p)),
                '\t\t.ram_ipa = 0x%xull,' % p.ram_ipa,
                '\t\t.ram_size = 0x%xull,' % p.ram_size,
                '\t\t.image = payload_%s_image,' % _ident(p),
                '\t\t.image_size = %d,' % len(img.data),
                '\t\t.image_ipa = 0x%xull,' % img.load_ipa,
                '\t\t.image_name = %s,' % _c_string(os.path.basename(path)),
                '\t\t.image_sha256 = { %s },' % ', '.join('0x%02x' % b for b in sha),
                '\t\t.entry_ipa = 0x%xull,' % entry,
                '\t\t.dtb = payload_%s_dtb,' % _ident(p),
                '\t\t.dtb_size = %d,' % len(dtb),
                '\t\t.dtb_ipa = 0x%xull,' % p.ram_ipa,
                '\t\t.on_fault = FAULT_POLICY_%s,' % p.on_fault.upper().replace('-', '_'),
                '\t\t.max_restarts = %d,' % getattr(p, 'max_restarts', 0),
                '\t},']
    out += ['};', '',
            'const struct board_config config_board = {',
            '\t.name = %s,' % _c_string(board.name),
            '\t.ram_base = 0x%xull,' % hw.ram[0][0],
            '\t.ram_size = 0x%xull,' % hw.ram[0][1],
            '\t.cpu_count = %d,' % len(hw.cpus),
            '\t.cpu_mpidr = { %s },' % ', '.join('0x%xull' % m for m in hw.cpus),
            '\t.hyp_base = 0x%xull,' % system.reserved[0],
            '\t.hyp_size = 0x%xull,' % system.reserved[1],
            '\t.console_base = 0x%xull,' % system.hw.devices[board.data['hypervisor']['console']].regs[0][0],
            '\t.gic_version = %d,' % hw.gic_version,
            '\t.gicd_base = 0x%xull,' % (hw.gic_regs[0][0] if hw.gic_regs else 0),
            '\t.gicr_base = 0x%xull,' % (hw.gic_regs[1][0] if len(hw.gic_regs) > 1 else 0),
            '\t.gicr_size = 0x%xull,' % (hw.gic_regs[1][1] if len(hw.gic_regs) > 1 else 0),
            '};', '']
    return '\n'.join(out)


def _header(system):
    cpus = len(system.hw.cpus)
    return ('/* Generated by tools/bulkhead/emit.py: sizes of the static tables. */\n'
            '#ifndef CONFIG_GEN_H\n#define CONFIG_GEN_H\n'
            '#define CONFIG_PARTITION_COUNT %d\n#define CONFIG_CPU_COUNT %d\n'
            '#define CONFIG_CPU_MAX_PER_PARTITION %d\n'
            '#define CONFIG_BOARD_EXIT_SEMIHOSTING %d\n#endif\n'
            % (len(system.partitions), cpus, cpus,
               system.board.data['hypervisor'].get('exit') == 'semihosting'))


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
    names = ['config_tables.c', 'config_gen.h', 'payload.S', 'config.json']
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
    _write(os.path.join(gen_dir, 'payload.S'), _payload_s(parts, os.path.abspath(gen_dir)).encode())
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
