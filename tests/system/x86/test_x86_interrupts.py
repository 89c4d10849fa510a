# SPDX-License-Identifier: Apache-2.0
"""Interrupts in x86 partitions: two partitions tick on their own CPUs'
x2APIC timers at different rates (the ticker app, from the same source as on
arm64), each interrupt delivered through the partition's own IDT with no VM
exit; the twin of test_interrupts.py::test_timers_at_different_rates."""
import re

from x86 import BOARD, config, faults, lines_of


def test_x86_timers_at_different_rates(boot):
    run = boot(BOARD, config('ticker'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (every partition exited 0)'
    assert not faults(run), 'a partition faulted'
    rates = {}
    for name, target in (('tick100', 100), ('tick250', 250)):
        mine = lines_of(run, name)
        assert any(re.match(r'ticker: %d Hz .*virtual timer INTID 236, counter 5000000 Hz$'
                            % target, l) for l in mine), mine
        found = [m for m in (re.match(r'ticker: (\d+) ticks in 1\.00 s \((\d+) Hz\)$', l)
                             for l in mine) if m]
        assert found, '%s printed no tick count: %s' % (name, mine)
        rates[name] = int(found[0].group(2))
        assert abs(rates[name] - target) <= target * 0.05, \
            '%s ticked at %d Hz, not %d' % (name, rates[name], target)
        assert abs(int(found[0].group(1)) - target) <= target * 0.05
        assert 'ticker: within 5%% of %d Hz: ok' % target in mine
        assert run.grep(r'^\[hyp\] partition %s exited with status 0$' % name)
    assert rates['tick100'] != rates['tick250']
