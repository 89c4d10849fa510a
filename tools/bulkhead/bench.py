"""`./bulkhead bench`: deterministic benchmarks, each figure beside its native baseline.

Every run is QEMU with -icount shift=0,align=off,sleep=off, which retires one
instruction per virtual nanosecond and is byte-identical from run to run, so the
figures are instruction counts, not noisy wall-clock times (../shared/BRIEF.md
section 6). The `bench` app prints one line per measurement,
`bench: NAME VALUE UNIT`, natively and in partitions; this module runs the
scenarios, pairs each figure with its native baseline from the same
invocation, adds static figures (SLOC, section sizes), prints a table and
writes build/bench.json (`{"board", "figures": [{"name", "value", "unit",
"native", "target"}]}`).
"""
import json
import os
import re
import shutil
import subprocess

from . import build, runner
from .boards import ROOT
from .errors import UserError

ICOUNT = ['-icount', 'shift=0,align=off,sleep=off']
LINE = re.compile(r'^(?:\[(?P<partition>[\w-]+)\] )?bench: (?P<name>[\w.-]+) '
                  r'(?P<value>-?[\d.]+|n/a) (?P<unit>\S+)')

# The scenarios of an arm64 board: (key, what boots). A config is a file under
# configs/<board>/; the native run boots the bench app on the bare board.
SCENARIOS = [
    ('native', {'native': 'bench'}),
    ('injected', {'config': 'bench'}),
    ('direct', {'config': 'bench-direct'}),
    ('pair', {'config': 'bench-pair'}),
    # firmware.bin verification at boot (the hypervisor's "verified" line).
    ('demo', {'config': 'demo'}),
    ('firmware-32m', {'payload_mib': 32}),
]

# figure, (scenario, measurement), native baseline (scenario, measurement) or
# None, target: a number, "native", "native+N", or None; unit shown.
FIGURES = [
    ('null hypercall round trip', ('injected', 'null_hypercall'), None, 40),
    ('timer IRQ latency, injected', ('injected', 'timer_irq'), ('native', 'timer_irq'),
     'native+100'),
    ('timer IRQ latency, direct', ('direct', 'timer_irq'), ('native', 'timer_irq'), 'native'),
    ('EL2 entries during timer IRQs, direct', ('direct', 'timer_irq_el2_entries'), None, 0),
    ('GICD_CTLR write (trapped)', ('injected', 'gicd_ctlr_write'), ('native', 'gicd_ctlr_write'),
     150),
    ('GICD_CTLR read (trapped)', ('injected', 'gicd_ctlr_read'), ('native', 'gicd_ctlr_read'),
     150),
    ('GICD_ISENABLERn write (trapped)', ('injected', 'gicd_isenabler_write'),
     ('native', 'gicd_isenabler_write'), 150),
    ('GICD_ISENABLERn read (trapped)', ('injected', 'gicd_isenabler_read'),
     ('native', 'gicd_isenabler_read'), 150),
    ('GICD_IPRIORITYRn write (trapped)', ('injected', 'gicd_ipriorityr_write'),
     ('native', 'gicd_ipriorityr_write'), 150),
    ('GICD_IPRIORITYRn read (trapped)', ('injected', 'gicd_ipriorityr_read'),
     ('native', 'gicd_ipriorityr_read'), 150),
    ('doorbell notify to peer handler', ('pair', 'doorbell'), None, 300),
    ('channel ping-pong round trip', ('pair', 'pingpong'), None, None),
    ('EL2 entries per 10^6 instructions, compute loop', ('injected', 'compute_el2_entries'),
     ('native', 'compute_el2_entries'), 0),
    ('reset to first instruction', ('injected', 'reset_to_entry'), ('native', 'reset_to_entry'),
     None),
    # Two partitions: each one's first instruction (both are loaded before either starts).
    ('reset to first instruction, pair: ping', ('pair', 'ping:reset_to_entry'), None, None),
    ('reset to first instruction, pair: pong', ('pair', 'pong:reset_to_entry'), None, None),
    # The hypervisor's whole check of firmware.bin: signature (ECDSA P-256) and every
    # payload's SHA-256, with the Armv8 SHA-256 instructions.
    ('firmware.bin verification, demo', ('demo', 'firmware_verify'), None, 30000000),
    ('firmware.bin verification, 32 MiB payload', ('firmware-32m', 'firmware_verify'), None,
     100000000),
]
# "[hyp] verified firmware.bin: N payloads, B bytes hashed, in T us": under -icount
# shift=0 a microsecond is 1000 instructions.
VERIFIED = re.compile(r'^\[hyp\] verified firmware\.bin: .* in (\d+) us$')


def parse(lines):
    """{measurement: (value, unit)} from a run's console (last one wins), each
    also as "partition:measurement" when a partition printed it."""
    found = {}
    for line in lines:
        verified = VERIFIED.match(line)
        if verified:
            found['firmware_verify'] = (int(verified.group(1)) * 1000, 'instructions')
        m = LINE.match(line)
        if m:
            value = None if m.group('value') == 'n/a' else float(m.group('value'))
            found[m.group('name')] = (value, m.group('unit'))
            if m.group('partition'):
                found['%s:%s' % (m.group('partition'), m.group('name'))] = (value, m.group('unit'))
    return found


def _boot(board_name, scenario, timeout):
    if 'native' in scenario:
        board, config_path, outdir = build.setup(board_name, 'demo', capture=True)
        elf = build.built(build.app_elf(outdir, scenario['native']), board, config_path)
        argv = runner.native_argv(board, elf, ICOUNT)
    else:
        config = scenario.get('config') or _payload_config(board_name, scenario['payload_mib'])
        board, config_path, outdir = build.setup(board_name, config, capture=True)
        image = build.built(os.path.join(outdir, runner.boot_image(board)), board, config_path)
        argv = runner.hyp_argv(board, image, None, ICOUNT)
    result = runner.run_qemu(argv, timeout,
                             status_line=None if 'native' in scenario else runner.HYP_STATUS_LINE)
    if result.timed_out or result.status != 0:
        tail = '\n'.join(result.lines[-15:])
        raise UserError('bench: scenario %s on %s did not end cleanly (status %d); its console '
                        'ends:\n%s' % (board_name, scenario, result.status, tail))
    return parse(result.lines)


def _payload_config(board_name, mib):
    """build/bench-firmware/fw-<mib>m.toml: one partition whose raw image is the hello
    app zero-padded to `mib` MiB, so that firmware.bin carries a payload that large."""
    board, _, outdir = build.setup(board_name, 'hello', capture=True)
    elf = build.built(build.app_elf(outdir, 'hello'), board, 'hello')
    where = os.path.join(ROOT, 'build', 'bench-firmware')
    os.makedirs(where, exist_ok=True)
    image = os.path.join(where, 'hello-%dm.bin' % mib)
    subprocess.run(['aarch64-linux-gnu-objcopy', '-O', 'binary', elf, image], check=True)
    with open(image, 'r+b') as f:
        f.truncate(mib << 20)    # zeros after the app: its .bss, then padding
    config = os.path.join(where, 'fw-%dm.toml' % mib)
    with open(config, 'w') as f:
        f.write('[[partition]]\nname = "big"\ncpus = [0]\nmemory = { size = "%dM" }\n'
                'image = "%s"\n' % (mib + 16, os.path.basename(image)))
    return config


def _target_value(target, native):
    if target is None or isinstance(target, (int, float)):
        return target
    if native is None:
        return None
    return native + (int(target.split('+')[1]) if '+' in target else 0)


def _static_figures(board):
    """Hypervisor size: source lines (cloc) and the sections of a built image."""
    figures = []
    arch = board.data['arch']
    sources = [os.path.join(ROOT, d) for d in ('hyp/core', 'hyp/include', 'hyp/arch/' + arch)]
    sources += [os.path.join(ROOT, 'bsp', d + '.c') for d in board.data['hypervisor']['bsp']]
    if shutil.which('cloc'):
        out = subprocess.run(['cloc', '--json', '--quiet'] + sources, capture_output=True,
                             text=True)
        try:
            sloc = json.loads(out.stdout)['SUM']['code']
            figures.append(_figure('hypervisor source lines (cloc)', sloc, 'lines', None, None))
        except (ValueError, KeyError):
            pass
    elf = os.path.join(ROOT, 'build', board.name, 'bench', 'hyp.elf')
    size = shutil.which('aarch64-linux-gnu-size') if arch == 'arm64' else shutil.which('size')
    if size and os.path.isfile(elf):
        out = subprocess.run([size, '-A', elf], capture_output=True, text=True).stdout
        sections = {m.group(1): int(m.group(2)) for m in
                    re.finditer(r'^(\.\w+)\s+(\d+)', out, re.MULTILINE)}
        for name in ('.text', '.rodata', '.data', '.bss'):
            if name in sections:
                figures.append(_figure('hypervisor %s' % name, sections[name], 'bytes', None,
                                       None))
    return figures


def _figure(name, value, unit, native, target):
    return {'name': name, 'value': value, 'unit': unit, 'native': native, 'target': target}


def measure(board_name, timeout=120, scenarios=None):
    """Run every scenario and return the figures (list of dicts)."""
    board = build.load(board_name, 'demo')[0]
    results = {}
    for key, scenario in scenarios or SCENARIOS:
        if 'payload_mib' in scenario and board.arch != 'arm64':
            continue             # firmware.bin: arm64 only so far
        if 'config' in scenario and not os.path.isfile(
                os.path.join(ROOT, 'configs', board_name, scenario['config'] + '.toml')):
            continue
        if 'native' in scenario and not board.data.get('run', {}).get('qemu_native'):
            # A real board's model the unikernel cannot boot on bare (zcu102:
            # no PL011); its figures are printed without a native column.
            print('bench: no native run on %s (its board.toml has no run.qemu_native)'
                  % board_name, flush=True)
            continue
        print('bench: running %s' % key, flush=True)
        results[key] = _boot(board_name, scenario, timeout)
    figures = []
    for name, (where, what), baseline, target in FIGURES:
        value, unit = results.get(where, {}).get(what, (None, 'instructions'))
        native = results.get(baseline[0], {}).get(baseline[1], (None, None))[0] \
            if baseline else None
        if where not in results:
            continue
        figures.append(_figure(name, value, unit, native, _target_value(target, native)))
    return figures + _static_figures(board)


def verdict(fig):
    if fig['value'] is None or fig['target'] is None:
        return ''
    return 'met' if fig['value'] <= fig['target'] else 'MISSED'


def missed(figures):
    """The figures over their target (a figure without a value or a target misses nothing)."""
    return [f for f in figures if verdict(f) == 'MISSED']


def check_lines(figures):
    """What `bench --check` says: one line per figure over its target, or that all are met."""
    over = missed(figures)
    if not over:
        return ['bench: check: every figure with a target meets it']
    return ['bench: check: %s is %s %s, over its target %s'
            % (f['name'], _show(f['value']), f['unit'], _show(f['target'])) for f in over]


def _show(x):
    return '-' if x is None else ('%d' % x if float(x).is_integer() else '%.1f' % x)


def table(figures):
    rows = ['%-50s %12s %12s %10s %8s  %s' % ('figure', 'value', 'native', 'target', 'ratio', '')]
    for f in figures:
        ratio = '%.2fx' % (f['value'] / f['native']) if f['value'] and f['native'] else '-'
        rows.append('%-50s %12s %12s %10s %8s  %s %s' % (
            f['name'], _show(f['value']), _show(f['native']), _show(f['target']), ratio,
            f['unit'], verdict(f)))
    return '\n'.join(rows)


def write_json(board_name, figures, path=None):
    path = path or os.path.join(ROOT, 'build', 'bench.json')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump({'board': board_name, 'figures': figures}, f, indent=2)
        f.write('\n')
    return path


# --- Bochs boards (pc-x86_64) ----------------------------------------------------------
# Bochs's TSC counts instructions, deterministically, so the bench_x86 app
# measures with RDTSC what the bench app measures with the PMU under -icount.
# There is no native baseline on x86 yet (the unikernel does not boot natively).

BOCHS_FIGURES = [
    ('VMCALL round trip (null hypercall)', 'null_hypercall', 80),
    ('CPUID exit round trip', 'cpuid_exit', None),
    ('VM exits per 10^6 instructions, compute loop', 'exits_per_million', 0),
]


def measure_bochs(board_name, timeout=120):
    """Boot configs/BOARD/bench.toml (the bench_x86 app) in Bochs; its figures."""
    board, config_path, outdir = build.setup(board_name, 'bench', capture=True)
    image = build.built(os.path.join(outdir, runner.boot_image(board)), board, config_path)
    print('bench: running bench_x86 in Bochs', flush=True)
    result = runner.run_bochs(board, image, timeout)
    if result.timed_out or result.status != 0:
        raise UserError('bench: the Bochs run on %s did not end cleanly (status %d); its console '
                        'ends:\n%s' % (board_name, result.status, '\n'.join(result.lines[-15:])))
    found = parse(result.lines)
    figures = []
    for name, what, target in BOCHS_FIGURES:
        value, unit = found.get(what, (None, 'instructions'))
        figures.append(_figure(name, value, unit, None, target))
    return figures + _static_figures(board)


def _slug(name):
    return re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')


def plot(figures, directory):
    """One SVG bar chart per measured figure (value, native, target) with gnuplot.
    Returns the files written; none when gnuplot is missing."""
    if shutil.which('gnuplot') is None:
        print('bench: gnuplot not found, no plots (package gnuplot-nox)')
        return []
    os.makedirs(directory, exist_ok=True)
    written = []
    for f in figures:
        if f['value'] is None or f['unit'] not in ('instructions', 'entries'):
            continue
        bars = [('Bulkhead', f['value'])]
        bars += [('native', f['native'])] if f['native'] is not None else []
        bars += [('target', f['target'])] if f['target'] is not None else []
        data = '\n'.join('"%s" %s' % (label, value) for label, value in bars)
        path = os.path.join(directory, _slug(f['name']) + '.svg')
        script = ('set terminal svg size 480,280 font "sans,11"\nset output "%s"\n'
                  'set title "%s"\nset ylabel "%s"\nset style fill solid 0.6\nset boxwidth 0.6\n'
                  'set yrange [0:*]\nset grid ytics\nunset key\n'
                  'plot "-" using 0:2:xtic(1) with boxes lc rgb "#4a7ab0", '
                  '"-" using 0:2:(sprintf("%%g", $2)) with labels offset 0,0.7\n%s\ne\n%s\ne\n'
                  % (path, f['name'], f['unit'], data, data))
        subprocess.run(['gnuplot'], input=script, text=True, check=False, capture_output=True)
        if os.path.isfile(path):
            written.append(path)
    return written
