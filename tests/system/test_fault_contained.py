# SPDX-License-Identifier: Apache-2.0
"""fault-contained: a partition reading memory it does not own is halted; the hypervisor goes on."""
import re

FAULT_LINE = re.compile(
    r'^\[hyp\] partition fault: (?:[\w-]+: )?stage-2 fault at IPA (0x[0-9a-fA-F]+) \(read\), '
    r'ESR 0x[0-9a-fA-F]+, PC 0x[0-9a-fA-F]+; halted$')
READING = re.compile(
    r'^\[fault\] fault: reading the first byte past the end of ram, at (0x[0-9a-f]+)$')


def test_fault_contained(boot):
    run = boot('qemu-virt-arm64', 'fault')
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 2, 'expected status 2 (a partition was halted by its fault policy)'
    faults = [(i, FAULT_LINE.search(l)) for i, l in enumerate(run.lines) if FAULT_LINE.search(l)]
    assert len(faults) == 1, 'expected exactly one fault record, got %d' % len(faults)
    at, fault = faults[0]
    before = [READING.search(l) for l in run.lines[:at] if READING.search(l)]
    assert before, 'the partition did not say what it was about to read before its fault'
    assert int(fault.group(1), 16) == int(before[0].group(1), 16), \
        'the fault record names another address than the one the partition read'
    assert not run.grep(r'(?i)isolation broken'), 'the forbidden read succeeded'
    assert not run.grep(r'^\[hyp\] partition fault exited'), 'the halted partition went on'
