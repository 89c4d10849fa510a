# SPDX-License-Identifier: Apache-2.0
"""No partition can end a run, forge its status or print a hypervisor line by
going around the hypervisor (issue 12): QEMU runs without semihosting, the
run status comes only from the hypervisor's "[hyp] run ended" line, and a
partition's own lines always carry its prefix. The same app on x86-64 tries
Bochs's magic breakpoint and ports (tests/system/x86/test_x86_escape.py)."""
import pytest

from bulkhead import runner
from scenario import BOARDS_AND_ZCU102, config, lines_of

FORGED = '[hyp] run ended: status 0'


def check_contained(run, counter_lines, ended_how):
    """What every board must show after the escape attempts."""
    assert not run.timed_out, 'the run passed its time limit\n' + run.tail()
    hyp_status = [l for l in run.lines if runner.HYP_STATUS_LINE.match(l)]
    assert len(hyp_status) == 1, 'expected one status line of the hypervisor\'s: %s' % hyp_status
    assert hyp_status[0] != FORGED and run.status != 0, \
        'a partition ended the run with status 0\n' + run.tail()
    for name in ('escape_exit', 'escape_write'):
        mine = lines_of(run, name)
        # Bare, behind a carriage return (dropped) and behind a newline.
        assert mine.count(FORGED) == 3, \
            '%s\'s forged lines did not all come out behind its prefix: %s' % (name, mine)
        assert 'escape: the simulator let it through' not in mine, run.tail()
    assert counter_lines == ['counter: %d' % n for n in range(1, 21)], \
        'the neighbour did not count on to the end:\n' + run.tail()
    ended_how(run)


@pytest.mark.parametrize('board', BOARDS_AND_ZCU102)
def test_semihosting_is_no_way_out(boot, board):
    run = boot(board, config('escape'))
    counted = [l for l in lines_of(run, 'counter') if l.startswith('counter: ') and
               l[9:].isdigit()]

    def ended_how(run):
        # The HLT is UNDEFINED at EL1 without semihosting: each escapee's own
        # runtime reports the exception and it exits non-zero (status 1).
        assert run.status == 1, run.tail()
        for name in ('escape_exit', 'escape_write'):
            assert any(l.startswith('bulkhead-rt: unexpected synchronous exception')
                       for l in lines_of(run, name)), run.tail()
    check_contained(run, counted, ended_how)
