# SPDX-License-Identifier: Apache-2.0
"""Helpers shared by the multi-partition scenarios: their configs and the
console patterns the hypervisor prints."""
import os
import re

CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'configs')
BOARD = 'qemu-virt-arm64'
# The scenarios that involve interrupts or several CPUs run on both GIC versions.
BOARDS = ['qemu-virt-arm64', 'qemu-virt-arm64-gicv2']
# A representative subset also runs on the real board's model (zcu102: GIC-400,
# Cadence console, DDR at 0): the demo, timer and SGI interrupts, the run end
# of reset-system and the closed semihosting exit. Each costs one more build
# (~30 s on a loaded 2-core machine) and a 4-8 s boot; every other scenario
# passes there too (`./bulkhead test -k zcu102` with zcu102 added to BOARDS).
BOARDS_AND_ZCU102 = BOARDS + ['zcu102']

FAULT = re.compile(r'^\[hyp\] partition fault: (?P<name>[\w-]+): stage-2 fault at IPA '
                   r'(?P<ipa>0x[0-9a-f]+) \((?P<access>read|write|execute)\), ESR 0x[0-9a-f]+, '
                   r'PC 0x[0-9a-f]+; (?P<outcome>.+)$')


def config(name):
    """Path of a scenario config under tests/system/configs/ (or, for the demo,
    the shipped one, which both arm64 boards can run)."""
    if name == 'demo':
        return os.path.join(os.path.dirname(os.path.dirname(CONFIGS)), '..', 'configs',
                            'qemu-virt-arm64', 'demo.toml')
    return os.path.join(CONFIGS, name + '.toml')


def lines_of(run, partition):
    """What one partition printed, without its prefix."""
    prefix = '[%s] ' % partition
    return [l[len(prefix):] for l in run.lines if l.startswith(prefix)]


def faults(run):
    return [m for m in (FAULT.match(l) for l in run.lines) if m]
