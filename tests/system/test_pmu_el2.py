# SPDX-License-Identifier: Apache-2.0
"""A partition's PMU cannot count the hypervisor's work unless its config says
pmu_el2 = true (issue 12: counting at EL2 is a side channel on the hypervisor).
The bench app asks its counters to count at EL1 and EL2 and measures a null
hypercall: with pmu_el2 it sees the hypervisor's ~100 instructions, without it
only its own few."""
import os
import re

from scenario import BOARD, config

ICOUNT = ('-icount', 'shift=0,align=off,sleep=off')
BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'configs', BOARD,
                     'bench.toml')


def null_hypercall(run):
    assert not run.timed_out and run.status == 0, run.tail()
    found = [re.match(r'\[bench\] bench: null_hypercall (\d+) instructions$', l) for l in run.lines]
    found = [m for m in found if m]
    assert found, 'the bench printed no null_hypercall figure\n' + run.tail()
    return int(found[0].group(1))


def test_pmu_counts_el2_only_when_allowed(boot):
    allowed = null_hypercall(boot(BOARD, BENCH, extra=ICOUNT))
    hidden = null_hypercall(boot(BOARD, config('pmu_hidden'), extra=ICOUNT))
    assert allowed >= 50, 'with pmu_el2 = true the hypervisor\'s path should count (%d)' % allowed
    assert hidden < 20, ('without pmu_el2 the partition counted %d instructions for a null '
                         'hypercall: the hypervisor\'s own work shows in its PMU' % hidden)
