# SPDX-License-Identifier: Apache-2.0
"""x86-bench: the bench_x86 app's figures, on Bochs's instruction-counting TSC: a
compute loop runs with no VM exit at all, a VMCALL round trip meets its
target of 80 instructions (Bochs counts them exactly, so this guards against
regressions), and a CPUID exit stays in the low hundreds
(`./bulkhead bench -b pc-x86_64` reports them)."""
import re

from x86 import BOARD, config


def figures(run):
    found = {}
    for line in run.lines:
        m = re.match(r'^\[bench\] bench: (\w+) (\d+) (\w+)$', line)
        if m:
            found[m.group(1)] = int(m.group(2))
    return found


def test_x86_bench_figures(boot):
    run = boot(BOARD, config('bench'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0'
    found = figures(run)
    assert found.get('exits_per_million') == 0, 'VM exits in a compute loop: %s' % found
    assert 0 < found.get('null_hypercall', 0) <= 80, found
    assert 0 < found.get('cpuid_exit', 0) < 200, found
