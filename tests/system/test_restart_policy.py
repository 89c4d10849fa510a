# SPDX-License-Identifier: Apache-2.0
"""restart-policy: a partition that crashes under on_fault = "restart" is reloaded
and restarted 5 times, then halted, while its neighbour counts on without a gap."""
import re

import pytest

from scenario import BOARDS, BOARDS_AND_ZCU102, config, faults, lines_of


@pytest.mark.parametrize('board', BOARDS)
def test_restart_policy(boot, board):
    run = boot(board, config('restart_neighbour'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 2, 'expected status 2 (the crasher ends halted)'
    restarts = run.grep(r'^\[hyp\] partition crasher restarted \((\d)/5\)$')
    assert [re.search(r'\((\d)/5\)', l).group(1) for l in restarts] == list('12345'), \
        'expected restarts 1/5 .. 5/5 in order: %s' % restarts
    outcomes = [f.group('outcome') for f in faults(run) if f.group('name') == 'crasher']
    assert outcomes == ['restarting'] * 5 + ['halted: no restarts left'], outcomes
    # Each run of the crasher starts afresh from its pristine image.
    assert sum(l.startswith('crasher: alive') for l in lines_of(run, 'crasher')) == 6
    # Registers the crasher marked before each death are clean in the next
    # start (issue 12: no CPU state survives a restart).
    left = [l for l in lines_of(run, 'crasher') if l.startswith('crasher: CPU state left')]
    assert left == ['crasher: CPU state left from before: none'] * 6, left

    counter_at = [i for i, l in enumerate(run.lines) if re.match(r'^\[counter\] counter: \d+$', l)]
    counts = [int(run.lines[i].rsplit(' ', 1)[1]) for i in counter_at]
    assert counts == list(range(1, 21)), 'the neighbour\'s counter has a gap: %s' % counts
    first, last = (run.lines.index(restarts[0]), run.lines.index(restarts[-1]))
    assert any(first < i < last for i in counter_at), \
        'the neighbour did not count while the crasher was being restarted'
    assert run.grep(r'^\[hyp\] partition counter exited with status 0$')


@pytest.mark.parametrize('board', BOARDS_AND_ZCU102)
def test_reset_system_policy(boot, board):
    run = boot(board, config('reset_system'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 5, 'expected status 5 (a partition reset the system)'
    outcomes = [(f.group('name'), f.group('outcome')) for f in faults(run)]
    assert outcomes == [('critical', 'resetting the system')], outcomes
    assert not run.grep(r'^\[hyp\] partition critical restarted'), 'reset-system is not a restart'
