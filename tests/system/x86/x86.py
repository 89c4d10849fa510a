# SPDX-License-Identifier: Apache-2.0
"""What the x86-64 scenarios share: the board, their configs, and the
hypervisor's fault line as x86 prints it (an exit qualification where arm64
prints its ESR)."""
import os
import re

BOARD = 'pc-x86_64'
CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'configs')

FAULT = re.compile(r'^\[hyp\] partition fault: (?P<name>[\w-]+): (?P<what>.+?), exit qualification '
                   r'0x[0-9a-f]+, PC 0x[0-9a-f]+; (?P<outcome>.+)$')
STAGE2 = re.compile(r'^stage-2 fault at IPA (?P<ipa>0x[0-9a-f]+) \((?P<access>read|write|execute)\)$')


def config(name):
    """A config of the shipped ones (configs/pc-x86_64/NAME.toml) or, failing
    that, of these scenarios (tests/system/x86/configs/NAME.toml)."""
    mine = os.path.join(CONFIGS, name + '.toml')
    return mine if os.path.isfile(mine) else name


def faults(run):
    return [m for m in (FAULT.match(l) for l in run.lines) if m]


def lines_of(run, partition):
    prefix = '[%s] ' % partition
    return [l[len(prefix):] for l in run.lines if l.startswith(prefix)]
