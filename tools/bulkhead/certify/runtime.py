# SPDX-License-Identifier: Apache-2.0
"""Runtime evidence for `./bulkhead certify` (issue 12, items 4 and 5).

Boots three scenarios through the ordinary build and runner (build.setup,
runner.run_qemu) and turns their consoles into checks citing requirement
ids (notes: certify contract):

- tests/system/configs/victim_alone.toml: the victim alone, its heartbeat
  rate undisturbed: the baseline;
- hostile.toml: guests/apps/hostile tries every class of attack beside the
  victim, one console line per class (`hostile: attack CLASS OUTCOME
  DETAIL`); one check per class, plus the class count, the restarts, the
  victim's heartbeat, rate, memory and the hypervisor's status line;
- hcfuzz.toml: guests/apps/hcfuzz makes 10^6 random hypercalls and PSCI
  calls beside the victim.

evidence(board) returns the "runtime" evidence dict, fuzz_evidence(board)
the "fuzz" one; the baseline run is shared (made once per board per
process). arm64 boards only: the x86-64 equivalents are not written yet,
and both functions say so in a failing check rather than passing silently.
"""
import json
import os
import re

from .. import build, runner
from ..boards import ROOT

CONFIGS = os.path.join(ROOT, 'tests', 'system', 'configs')
HOSTILE, FUZZ, BASELINE = 'hostile', 'hcfuzz', 'victim_alone'
RUN_TIMEOUT = 240.0            # seconds of host time for one scenario

MIN_CLASSES = 25               # issue 12, item 4
MIN_FUZZ_CALLS = 10 ** 6       # issue 12, item 5
RATE_TOLERANCE = 0.05          # the victim's heartbeat rate: within 5 % of the baseline's
MAX_GAP_MS = 2000              # and never more than 2 s between two of its ticks (a host-time
                               # counter on a shared host: a vCPU thread may wait for a CPU)
VICTIM_PA = 0x48000000         # where the configs put the victim (the apps probe it there)

ATTACK = re.compile(r'^\[(?P<who>[\w-]+)\] hostile: attack (?P<cls>[\w-]+) '
                    r'(?P<outcome>trapped|denied|no effect|ESCAPED|not attempted|pending)'
                    r'(?: (?P<detail>.*))?$')
HEARTBEAT = re.compile(r'^\[(?P<who>[\w-]+)\] victim: heartbeat (?P<n>\d+)$')
VICTIM_DONE = re.compile(
    r'^\[(?P<who>[\w-]+)\] victim: done heartbeats (?P<beats>\d+) elapsed_ms (?P<ms>\d+) '
    r'rate_mhz (?P<mhz>\d+) max_gap_ms (?P<gap>\d+) sgis (?P<sgis>\d+) '
    r'doorbells (?P<doorbells>\d+) passes (?P<passes>\d+) memory (?P<memory>ok|corrupt.*)$')
FUZZ_DONE = re.compile(r'^\[hcfuzz\] hcfuzz: done calls (?P<calls>\d+) seed (?P<seed>0x[0-9a-f]+) '
                       r'elapsed_ms (?P<ms>\d+) anomalies (?P<anomalies>\d+) '
                       r'victim_beats (?P<beats>\d+)$')
FUZZ_RESULTS = re.compile(r'^\[hcfuzz\] hcfuzz: results (?P<counts>.*)$')
LIVES = re.compile(r'after (\d+) lives')

# Which requirements each class of attack bears on (docs/requirements.md).
CLASS_REQUIREMENTS = {
    'own-ram-edges': ['REQ-ISO-001', 'REQ-ISO-003'],
    'victim-ram': ['REQ-ISO-003'],
    'hyp-ram': ['REQ-ISO-002'],
    'ipa-sweep': ['REQ-ISO-001', 'REQ-ISO-002', 'REQ-ISO-003'],
    'foreign-device': ['REQ-ISO-030'],
    'hyp-console-uart': ['REQ-ISO-030', 'REQ-ISO-051'],
    'unowned-devices': ['REQ-ISO-030'],
    'read-only-channel': ['REQ-ISO-004'],
    'decoder-forms': ['REQ-ISO-060', 'REQ-ISO-070'],
    'sysreg-impdef': ['REQ-ISO-050', 'REQ-ISO-060'],
    'sysreg-el2': ['REQ-ISO-002', 'REQ-ISO-060'],
    'eret-to-el2': ['REQ-ISO-002', 'REQ-ISO-060'],
    'semihosting': ['REQ-ISO-051'],
    'sysreg-pmu-el2': ['REQ-ISO-050'],
    'set-way-cache-ops': ['REQ-ISO-003', 'REQ-ISO-050'],
    'smc-unknown': ['REQ-ISO-070'],
    'hc-invalid-ids': ['REQ-ISO-070'],
    'hc-foreign-pointer': ['REQ-ISO-003', 'REQ-ISO-004', 'REQ-ISO-070'],
    'hc-wrapping-pointer': ['REQ-ISO-003', 'REQ-ISO-070'],
    'hc-unaligned-pointer': ['REQ-ISO-003', 'REQ-ISO-070'],
    'hc-notify-foreign': ['REQ-ISO-020', 'REQ-ISO-050'],
    'gicd-foreign-spi': ['REQ-ISO-020'],
    'gicd-ctlr': ['REQ-ISO-020'],
    'gic-redistributors': ['REQ-ISO-020'],
    'sgi-foreign': ['REQ-ISO-020'],
    'sgi-broadcast': ['REQ-ISO-020'],
    'sgi-other-affinity': ['REQ-ISO-020'],
    'psci-cpu-on-foreign': ['REQ-ISO-010'],
    'psci-cpu-on-bad-entry': ['REQ-ISO-010', 'REQ-ISO-003'],
    'psci-cpu-off-foreign': ['REQ-ISO-010'],
    'psci-affinity-info-foreign': ['REQ-ISO-010', 'REQ-ISO-050'],
    'doorbell-flood': ['REQ-ISO-011'],
    'console-flood': ['REQ-ISO-011'],
    'irq-storm': ['REQ-ISO-011'],
    'dma': ['REQ-ISO-031'],
    'psci-system-reset': ['REQ-ISO-010', 'REQ-ISO-051', 'REQ-ISO-060'],
    'psci-system-off': ['REQ-ISO-010', 'REQ-ISO-051', 'REQ-ISO-060'],
}

_baselines = {}


def boot(board_name, config_name, timeout=RUN_TIMEOUT):
    """Build board + tests/system/configs/CONFIG.toml and run it: (RunResult,
    the build's config.json as a dict)."""
    board, config_path, outdir = build.setup(board_name, os.path.join(CONFIGS, config_name + '.toml'),
                                             capture=True)
    image = build.built(os.path.join(outdir, runner.boot_image(board)), board, config_path)
    with open(os.path.join(outdir, 'gen', 'config.json')) as f:
        layout = json.load(f)
    return runner.run_qemu(runner.hyp_argv(board, image), timeout), layout


def placement_check(check_id, layout):
    """The apps probe the victim's RAM where the configs put it: make sure it is there."""
    ram = [r for p in layout['partitions'] if p['name'] == 'victim'
           for r in p['regions'] if r['kind'] == 'ram']
    ok = len(ram) == 1 and ram[0]['pa'] == VICTIM_PA
    return check(check_id, 'the victim\'s RAM is where the attackers aim', ['REQ-ISO-003'], ok,
                 'victim RAM at PA %s (the apps aim at 0x%x)'
                 % (hex(ram[0]['pa']) if ram else 'none', VICTIM_PA))


def check(check_id, title, requirements, ok, summary, findings=()):
    return {'id': check_id, 'title': title, 'requirements': list(requirements),
            'result': 'pass' if ok else 'fail', 'summary': summary,
            'findings': [] if ok else list(findings) or [summary]}


# ---- reading consoles ----------------------------------------------------------

def attacks(lines):
    """Every `hostile: attack` line as {class, outcome, detail, who}, with a
    "pending" one (PSCI SYSTEM_OFF/RESET, after which the caller is gone)
    resolved from what follows it: "no effect" if the hypervisor then says
    that partition exited and the victim beats on after that, else ESCAPED."""
    found = []
    for i, line in enumerate(lines):
        m = ATTACK.match(line)
        if not m:
            continue
        entry = {'class': m.group('cls'), 'outcome': m.group('outcome'),
                 'detail': m.group('detail') or '', 'who': m.group('who')}
        if entry['outcome'] == 'pending':
            exited = '[hyp] partition %s exited with status 0' % entry['who']
            after = lines[i + 1:]
            at = after.index(exited) if exited in after else None
            beats_after = at is not None and any(HEARTBEAT.match(l) for l in after[at + 1:])
            entry['outcome'] = 'no effect' if beats_after else 'ESCAPED'
            entry['detail'] += (' [console: the partition exited, the victim beat on]'
                                if beats_after else
                                ' [console: no "exited" line followed by victim heartbeats]')
        found.append(entry)
    return found


def victim_report(lines, who='victim'):
    """The victim's last line as numbers, or None if it never printed it."""
    for line in lines:
        m = VICTIM_DONE.match(line)
        if m and m.group('who') == who:
            d = m.groupdict()
            return {'heartbeats': int(d['beats']), 'elapsed_ms': int(d['ms']),
                    'rate_per_s': int(d['mhz']) / 1000.0, 'max_gap_ms': int(d['gap']),
                    'sgis': int(d['sgis']), 'doorbells': int(d['doorbells']),
                    'passes': int(d['passes']), 'memory_ok': d['memory'] == 'ok',
                    'memory': d['memory']}
    return None


def heartbeat_gaps(lines, who='victim'):
    """Heartbeat numbers that are missing or out of order (an empty list: 1..N unbroken)."""
    seen = [int(m.group('n')) for m in (HEARTBEAT.match(l) for l in lines)
            if m and m.group('who') == who]
    return [(expected, got) for expected, got in enumerate(seen, 1) if expected != got][:5], len(seen)


def hyp_status(run):
    return runner.status_from_console(run.lines, runner.HYP_STATUS_LINE)


# ---- checks --------------------------------------------------------------------

def victim_checks(prefix, run, baseline, requirements_rate=('REQ-ISO-011',)):
    """Heartbeat unbroken, rate within tolerance of the baseline, memory intact,
    no foreign SGI: the same four for every scenario."""
    v = victim_report(run.lines)
    gaps, printed = heartbeat_gaps(run.lines)
    if v is None:
        missing = 'the victim never printed its final line'
        return [check(prefix + '-VICTIM-' + name, title, reqs, False, missing)
                for name, title, reqs in (
                    ('HEARTBEAT', 'victim heartbeat unbroken', ['REQ-ISO-010', 'REQ-ISO-060']),
                    ('RATE', 'victim heartbeat rate within tolerance', list(requirements_rate)),
                    ('MEMORY', 'victim memory intact', ['REQ-ISO-003']),
                    ('INTERRUPTS', 'no interrupt reaches the victim from elsewhere',
                     ['REQ-ISO-020']))], None
    base = baseline['rate_per_s'] if baseline else None
    rate_ok = (base is not None and abs(v['rate_per_s'] - base) <= RATE_TOLERANCE * base
               and v['max_gap_ms'] <= MAX_GAP_MS)
    checks = [
        check(prefix + '-VICTIM-HEARTBEAT', 'victim heartbeat unbroken',
              ['REQ-ISO-010', 'REQ-ISO-060'],
              not gaps and printed == v['heartbeats'] and printed > 0,
              '%d heartbeats printed 1..%d in order over %d ms' % (printed, printed, v['elapsed_ms']),
              ['heartbeat %d printed where %d was due' % (got, exp) for exp, got in gaps] or
              ['%d printed, %d counted' % (printed, v['heartbeats'])]),
        check(prefix + '-VICTIM-RATE', 'victim heartbeat rate within %d %% of the baseline, gaps '
              '<= %d ms' % (RATE_TOLERANCE * 100, MAX_GAP_MS), list(requirements_rate), rate_ok,
              '%.3f/s vs baseline %s/s (tolerance %d %%), longest gap %d ms'
              % (v['rate_per_s'], '%.3f' % base if base else 'n/a', RATE_TOLERANCE * 100,
                 v['max_gap_ms'])),
        check(prefix + '-VICTIM-MEMORY', 'victim memory pattern intact', ['REQ-ISO-003'],
              v['memory_ok'] and v['passes'] >= 1,
              '16 MiB pattern verified %d times: %s' % (v['passes'], v['memory'])),
        check(prefix + '-VICTIM-INTERRUPTS', 'no SGI reaches the victim from elsewhere',
              ['REQ-ISO-020'], v['sgis'] == 0,
              '%d SGIs received (it sends none); %d doorbells' % (v['sgis'], v['doorbells'])),
    ]
    return checks, dict(v, baseline_rate_per_s=base)


def status_check(check_id, run, expected=0):
    status = hyp_status(run)
    bug = run.grep(r'^\[hyp\] BUG')
    ok = not run.timed_out and status == expected and not bug
    return check(check_id, 'the hypervisor stays up and ends the run itself',
                 ['REQ-ISO-051', 'REQ-ISO-070'], ok,
                 'status line "run ended: status %s"%s' % (status, ', timed out' if run.timed_out else ''),
                 bug or ['status %s, expected %d%s' % (status, expected,
                                                         ' (timed out)' if run.timed_out else '')])


def baseline(board_name):
    """The victim alone on this board (once per process): its report."""
    if board_name not in _baselines:
        run, _ = boot(board_name, BASELINE)
        _baselines[board_name] = victim_report(run.lines)
    return _baselines[board_name]


def hostile_checks(run, base):
    found = attacks(run.lines)
    checks = []
    for a in found:
        ok = a['outcome'] in ('trapped', 'denied', 'no effect') or (
            a['class'] == 'dma' and a['outcome'] == 'not attempted')
        checks.append(check('RUNTIME-ATTACK-' + a['class'].upper(),
                            'attack %s is contained' % a['class'],
                            CLASS_REQUIREMENTS.get(a['class'], ['REQ-ISO-060']), ok,
                            '%s: %s' % (a['outcome'], a['detail'])))
    classes = [a['class'] for a in found if a['outcome'] != 'not attempted']
    dupes = sorted({c for c in classes if classes.count(c) > 1})
    escaped = [a['class'] for a in found if a['outcome'] == 'ESCAPED']
    checks.append(check('RUNTIME-ATTACK-CLASSES', 'at least %d classes of attack, none escaped'
                        % MIN_CLASSES, ['REQ-ISO-060'],
                        len(set(classes)) >= MIN_CLASSES and not escaped and not dupes,
                        '%d classes attempted, %d escaped' % (len(set(classes)), len(escaped)),
                        ['escaped: ' + c for c in escaped] + ['reported twice: ' + c for c in dupes]
                        + (['only %d classes' % len(set(classes))]
                           if len(set(classes)) < MIN_CLASSES else [])))
    # Each restart is a fault the hypervisor reported: lives - 1 = faults = restarts.
    faults = run.grep(r'^\[hyp\] partition fault: hostile: ')
    restarts = run.grep(r'^\[hyp\] partition hostile restarted \(\d+/\d+\)$')
    lives = [int(m.group(1)) for m in (LIVES.search(a['detail']) for a in found
                                       if a['class'] == 'psci-system-reset') if m]
    ok = bool(lives) and len(faults) == len(restarts) == lives[0] - 1
    checks.append(check('RUNTIME-FAULTS-CONTAINED', 'every trapped access is a fault the '
                        'hypervisor reported and answered with the hostile partition\'s own policy',
                        ['REQ-ISO-060'], ok,
                        '%d fault lines, %d restarts, %s lives' % (len(faults), len(restarts),
                                                                  lives[0] if lives else '?')))
    vchecks, victim = victim_checks('RUNTIME', run, base)
    return checks + vchecks + [status_check('RUNTIME-HYP-STATUS', run)], found, victim


def unsupported(source, board_name):
    """No hostile/fuzz scenarios exist for this board yet (arm64 only so far):
    no checks, so the requirements they would evidence are listed as without
    evidence in the report, never passed."""
    return {'source': source, 'checks': [],
            'unsupported': 'no hostile/fuzz scenarios for %s (arm64 only so far)' % board_name}


def _arm64(board_name):
    from .. import boards
    return boards.load(board_name).data.get('arch') == 'arm64'


def evidence(board_name):
    """The "runtime" evidence dict: hostile beside victim, against the baseline."""
    if not _arm64(board_name):
        return dict(unsupported('runtime', board_name), attacks=[], victim={})
    base = baseline(board_name)
    run, layout = boot(board_name, HOSTILE)
    checks, found, victim = hostile_checks(run, base)
    checks.append(placement_check('RUNTIME-VICTIM-PLACEMENT', layout))
    return {'source': 'runtime', 'checks': checks,
            'attacks': [{k: a[k] for k in ('class', 'outcome', 'detail')} for a in found],
            'victim': {k: (victim or {}).get(k) for k in
                       ('heartbeats', 'rate_per_s', 'baseline_rate_per_s', 'memory_ok')}}


def fuzz_checks(run, base):
    done = next((m for m in (FUZZ_DONE.match(l) for l in run.lines) if m), None)
    results = next((m.group('counts') for m in (FUZZ_RESULTS.match(l) for l in run.lines) if m), '')
    calls = int(done.group('calls')) if done else 0
    anomalies = int(done.group('anomalies')) if done else -1
    checks = [check('FUZZ-CALLS', 'at least 10^6 random hypercalls and PSCI calls, every answer '
                    'as specified', ['REQ-ISO-070'],
                    calls >= MIN_FUZZ_CALLS and anomalies == 0,
                    '%d calls in %s ms, seed %s, %d anomalies; %s'
                    % (calls, done.group('ms') if done else '?',
                       done.group('seed') if done else '?', anomalies, results),
                    run.grep(r'^\[hcfuzz\] .*anomaly: ') or
                    ['%d calls (< %d) or no final line' % (calls, MIN_FUZZ_CALLS)])]
    vchecks, victim = victim_checks('FUZZ', run, base)
    return checks + vchecks + [status_check('FUZZ-HYP-STATUS', run)], done, victim


def fuzz_evidence(board_name):
    """The "fuzz" evidence dict: hcfuzz beside the victim."""
    if not _arm64(board_name):
        return dict(unsupported('fuzz', board_name), calls=0, seed=0)
    base = baseline(board_name)
    run, layout = boot(board_name, FUZZ)
    checks, done, _ = fuzz_checks(run, base)
    checks.append(placement_check('FUZZ-VICTIM-PLACEMENT', layout))
    return {'source': 'fuzz', 'checks': checks,
            'calls': int(done.group('calls')) if done else 0,
            'seed': int(done.group('seed'), 16) if done else 0}
