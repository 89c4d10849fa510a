# SPDX-License-Identifier: Apache-2.0
"""Runtime isolation evidence (issue 12, item 4): guests/apps/hostile tries at
least 25 classes of attack beside guests/apps/victim; none may escape, the
victim's heartbeat must stay unbroken and within tolerance of its rate when
alone, its memory intact, and the hypervisor must end the run itself. The
console is read by tools/bulkhead/certify/runtime.py, the same code that
makes `./bulkhead certify`'s runtime evidence, so these tests check it too,
including that its checks fail on a corrupted victim and on an escape."""
import pytest

from bulkhead.certify import runtime
from scenario import BOARD, BOARDS, config


def failed(checks):
    return ['%s: %s %s' % (c['id'], c['summary'], c['findings']) for c in checks
            if c['result'] != 'pass']


@pytest.fixture(scope='module')
def baselines():
    return {}


def baseline_of(boot, board, baselines):
    if board not in baselines:
        run = boot(board, config(runtime.BASELINE))
        assert run.status == 0, run.tail()
        baselines[board] = runtime.victim_report(run.lines)
        assert baselines[board] is not None, run.tail()
    return baselines[board]


@pytest.mark.parametrize('board', BOARDS)
def test_hostile_contained(boot, board, baselines):
    base = baseline_of(boot, board, baselines)
    run = boot(board, config(runtime.HOSTILE), timeout=runtime.RUN_TIMEOUT)
    checks, found, victim = runtime.hostile_checks(run, base)
    assert not failed(checks), '\n'.join(failed(checks)) + '\n' + run.tail()
    classes = {a['class'] for a in found}
    # Every class the certify module knows was reported (on GICv2 too), once.
    assert classes == set(runtime.CLASS_REQUIREMENTS), \
        'missing: %s, unknown: %s' % (set(runtime.CLASS_REQUIREMENTS) - classes,
                                      classes - set(runtime.CLASS_REQUIREMENTS))
    attempted = [a for a in found if a['outcome'] != 'not attempted']
    assert len(attempted) >= runtime.MIN_CLASSES
    assert not [a for a in found if a['outcome'] == 'ESCAPED']
    assert abs(victim['rate_per_s'] - base['rate_per_s']) <= runtime.RATE_TOLERANCE * base['rate_per_s']
    assert victim['memory_ok'] and run.status == 0, run.tail()


def test_victim_memory_check_fails_on_corruption(boot):
    """A victim that flips one bit of its own pattern is reported corrupt, and
    the certify check fails: the memory check is not a formality."""
    run = boot(BOARD, config('victim_corrupt'))
    report = runtime.victim_report(run.lines, who='victim_corrupt')
    assert report is not None, run.tail()
    assert not report['memory_ok'] and report['memory'].startswith('corrupt at offset 0x800000'), \
        report
    # The same console, read as the victim's, fails the memory check.
    renamed = type(run)(run.status, [l.replace('[victim_corrupt]', '[victim]') for l in run.lines])
    checks, _ = runtime.victim_checks('T', renamed, report)
    memory = [c for c in checks if c['id'] == 'T-VICTIM-MEMORY']
    assert memory and memory[0]['result'] == 'fail', checks
    assert run.status == 1, run.tail()


def test_escapes_and_silent_system_calls_fail_the_checks():
    """The console reader itself: an ESCAPED line, and a SYSTEM_OFF that is not
    followed by the partition's exit and the victim's heartbeat, both fail."""
    lines = ['[hostile] hostile: attack victim-ram ESCAPED 1/7 accesses completed',
             '[hostile] hostile: attack hyp-ram trapped 3/3 faulted',
             '[hostile_off] hostile: attack psci-system-off pending PSCI SYSTEM_OFF',
             '[victim] victim: heartbeat 1',
             '[hostile] hostile: attack psci-system-reset pending after 2 lives',
             '[hyp] partition hostile exited with status 0',
             '[victim] victim: heartbeat 2']
    found = {a['class']: a['outcome'] for a in runtime.attacks(lines)}
    assert found == {'victim-ram': 'ESCAPED', 'hyp-ram': 'trapped',
                     'psci-system-off': 'ESCAPED', 'psci-system-reset': 'no effect'}
    run = type('Run', (), {'lines': lines, 'timed_out': False,
                           'grep': lambda self, p: [l for l in lines if __import__('re').search(p, l)]})()
    checks, _, _ = runtime.hostile_checks(run, None)
    failing = {c['id'] for c in checks if c['result'] == 'fail'}
    assert {'RUNTIME-ATTACK-VICTIM-RAM', 'RUNTIME-ATTACK-PSCI-SYSTEM-OFF',
            'RUNTIME-ATTACK-CLASSES', 'RUNTIME-VICTIM-MEMORY',
            'RUNTIME-HYP-STATUS'} <= failing, failing
    assert 'RUNTIME-ATTACK-HYP-RAM' not in failing
