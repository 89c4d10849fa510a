# SPDX-License-Identifier: Apache-2.0
"""cpu-on-foreign-denied: PSCI CPU_ON for a CPU the partition does not own is
answered DENIED; its own second CPU starts."""
import re

import pytest

from scenario import BOARDS, config, lines_of


@pytest.mark.parametrize('board', BOARDS)
def test_cpu_on_foreign_denied(boot, board):
    run = boot(board, config('cpu_on_foreign'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (every partition exited 0)'
    prober = lines_of(run, 'prober')
    denied = [l for l in prober if re.search(r'CPU_ON mpidr 0x[23] .*: -3 DENIED', l)]
    assert len(denied) == 3, 'expected 3 foreign CPU_ON calls answered -3 DENIED: %s' % prober
    assert any(re.search(r'CPU_ON my cpu 1: 0 SUCCESS', l) for l in prober), \
        'the partition could not start its own second CPU'
    assert any('cpu 1 reported cpu id 1' in l for l in prober), 'its second CPU did not run'
    # The bystander on CPU 3 was never disturbed: it counted to the end.
    counts = [int(m.group(1)) for m in (re.match(r'counter: (\d+)$', l)
                                        for l in lines_of(run, 'bystander')) if m]
    assert counts == list(range(1, 21)), 'the bystander was disturbed: %s' % counts
