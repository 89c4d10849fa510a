# SPDX-License-Identifier: Apache-2.0
"""device-isolation: the RTC given to one partition works there; the same access
from a partition that does not own it is a stage-2 fault, and it is halted."""
import pytest

from scenario import BOARDS, config, faults, lines_of


@pytest.mark.parametrize('board', BOARDS)
def test_device_isolation(boot, board):
    run = boot(board, config('device_owner'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 2, 'expected status 2 (the intruder is halted)'
    assert any('RTC data register = ' in l for l in lines_of(run, 'owner')), \
        'the owner could not read its own RTC'
    assert run.grep(r'^\[hyp\] partition owner exited with status 0$')
    found = faults(run)
    assert [(f.group('name'), int(f.group('ipa'), 16), f.group('access'), f.group('outcome'))
            for f in found] == [('intruder', 0x09010000, 'read', 'halted')], \
        'expected one read fault of the intruder at the RTC: %s' % [f.group(0) for f in found]
    assert not any('RTC data register = ' in l for l in lines_of(run, 'intruder')), \
        'the intruder read the RTC it does not own'


@pytest.mark.parametrize('board', BOARDS)
def test_channel_read_end_is_read_only(boot, board):
    run = boot(board, config('channel_readonly'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 2, 'expected status 2 (the reader is halted)'
    found = [f for f in faults(run) if f.group('name') == 'reader']
    assert len(found) == 1 and found[0].group('access') == 'write' and \
        0x80000000 <= int(found[0].group('ipa'), 16) < 0x80010000, \
        'expected one write fault inside the reader\'s channel end: %s' % [f.group(0) for f in found]
    assert run.grep(r'^\[writer\] producer: done: 256 samples'), \
        'the writer did not finish its work beside the faulting reader'
