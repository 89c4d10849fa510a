# SPDX-License-Identifier: Apache-2.0
"""x86-fault-contained: a partition reading guest-physical memory it does not own
takes an EPT violation; the hypervisor logs the arm64 line (with the exit
qualification for the ESR) and halts it, and the run ends with status 2."""
import re

from x86 import BOARD, STAGE2, config, faults

READING = re.compile(r'^\[fault\] fault: reading the first byte past the end of ram, at (0x[0-9a-f]+)$')


def test_x86_fault_contained(boot):
    run = boot(BOARD, config('fault'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 2, 'expected status 2 (a partition was halted by its fault policy)'
    found = faults(run)
    assert len(found) == 1, 'expected exactly one fault record, got %d' % len(found)
    stage2 = STAGE2.match(found[0].group('what'))
    assert stage2 and stage2.group('access') == 'read' and found[0].group('outcome') == 'halted', \
        found[0].group(0)
    before = [READING.match(l) for l in run.lines if READING.match(l)]
    assert before, 'the partition did not say what it was about to read'
    assert int(stage2.group('ipa'), 16) == int(before[0].group(1), 16), \
        'the fault record names another address than the one the partition read'
    assert not run.grep(r'(?i)isolation broken'), 'the forbidden read succeeded'
