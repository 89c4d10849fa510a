# SPDX-License-Identifier: Apache-2.0
"""Hypercall fuzzing (issue 12, item 5): guests/apps/hcfuzz makes 10^6 seeded
random hypercalls and PSCI calls beside the victim; every answer must be as
specified (no anomaly), the hypervisor must stay up and end the run itself,
and the victim must not notice (heartbeat unbroken and within tolerance of
its rate alone, memory intact). Read by tools/bulkhead/certify/runtime.py."""
import pytest

from bulkhead.certify import runtime
from scenario import BOARDS, config


@pytest.mark.parametrize('board', BOARDS)
def test_hcfuzz(boot, board):
    alone = boot(board, config(runtime.BASELINE))
    base = runtime.victim_report(alone.lines)
    assert base is not None and alone.status == 0, alone.tail()
    run = boot(board, config(runtime.FUZZ), timeout=runtime.RUN_TIMEOUT)
    checks, done, victim = runtime.fuzz_checks(run, base)
    bad = ['%s: %s %s' % (c['id'], c['summary'], c['findings']) for c in checks
           if c['result'] != 'pass']
    assert not bad, '\n'.join(bad) + '\n' + run.tail()
    assert done is not None and int(done.group('calls')) >= runtime.MIN_FUZZ_CALLS
    assert int(done.group('anomalies')) == 0
    assert victim['memory_ok'] and run.status == 0, run.tail()
