# SPDX-License-Identifier: Apache-2.0
"""x86 scenarios with several partitions, each on its own CPUs (started with
INIT-SIPI-SIPI): two partitions side by side, PSCI CPU_ON for foreign CPUs
denied (by VMCALL, as by HVC on arm64), foreign IPIs denied at the ICR, and
the restart policy beside a counter that must not miss a beat."""
import re

from x86 import BOARD, STAGE2, config, faults, lines_of


def counts(run, name):
    return [int(m.group(1)) for m in (re.match(r'counter: (\d+)$', l)
                                      for l in lines_of(run, name)) if m]


def test_x86_two_partitions(boot):
    run = boot(BOARD, config('two_partitions'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (every partition exited 0)'
    table = {m.group(1): m.group(2) for m in
             (re.match(r'^\[hyp\] (\w+)\s+([\d,]+)\s+0x', l) for l in run.lines) if m}
    assert table == {'hello': '0', 'counter': '1'}, table
    assert counts(run, 'counter') == list(range(1, 21))
    assert any('hello: done, exit status 0' in l for l in lines_of(run, 'hello'))
    hello_at = [i for i, l in enumerate(run.lines) if l.startswith('[hello] ')]
    counter_at = [i for i, l in enumerate(run.lines) if l.startswith('[counter] ')]
    assert counter_at[0] < hello_at[-1], 'the counter did not run while hello did'
    for name in ('hello', 'counter'):
        assert run.grep(r'^\[hyp\] partition %s exited with status 0$' % name)


def test_x86_cpu_on_foreign_denied(boot):
    run = boot(BOARD, config('cpu_on_foreign'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (every partition exited 0)'
    prober = lines_of(run, 'prober')
    denied = [l for l in prober if re.search(r'CPU_ON mpidr 0x[23] .*: -3 DENIED', l)]
    assert len(denied) == 3, 'expected 3 foreign CPU_ON calls answered -3 DENIED: %s' % prober
    assert any(re.search(r'CPU_ON my cpu 1: 0 SUCCESS', l) for l in prober)
    assert any('cpu 1 reported cpu id 1' in l for l in prober), 'its second CPU did not run'
    assert counts(run, 'bystander') == list(range(1, 21)), 'the bystander was disturbed'


def test_x86_foreign_ipi_denied(boot):
    run = boot(BOARD, config('ipi_foreign'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (every partition exited 0)'
    prober = lines_of(run, 'prober')
    assert 'ipi_foreign: 1 cpu; I am cpu 0, my x2APIC id reads 0' in prober, \
        'the APIC id is not the vCPU index: %s' % prober
    denied = run.grep(r'^\[hyp\] partition prober: IPI denied: ICR 0x[0-9a-f]+ from its cpu 0 ')
    assert len(denied) == 5, 'expected 5 denied IPIs: %s' % denied
    assert denied[-1].endswith('(reserved bits set)'), denied[-1]
    assert sum(l == 'ipi_foreign: ... the write completed' for l in prober) == 5
    assert counts(run, 'bystander') == list(range(1, 21)), 'the bystander was disturbed'
    assert not faults(run), 'a denied IPI was treated as a fault'


def test_x86_restart_policy(boot):
    run = boot(BOARD, config('restart_neighbour'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 2, 'expected status 2 (the crasher ends halted)'
    restarts = run.grep(r'^\[hyp\] partition crasher restarted \((\d)/5\)$')
    assert [re.search(r'\((\d)/5\)', l).group(1) for l in restarts] == list('12345'), restarts
    found = [f for f in faults(run) if f.group('name') == 'crasher']
    assert [f.group('outcome') for f in found] == ['restarting'] * 5 + ['halted: no restarts left']
    assert all(STAGE2.match(f.group('what')).group('access') == 'write' for f in found)
    assert sum(l.startswith('crasher: alive') for l in lines_of(run, 'crasher')) == 6
    # Registers the crasher marked before each death are clean in the next
    # start (issue 12: no CPU state survives a restart).
    left = [l for l in lines_of(run, 'crasher') if l.startswith('crasher: CPU state left')]
    assert left == ['crasher: CPU state left from before: none'] * 6, left
    counter_at = [i for i, l in enumerate(run.lines) if re.match(r'^\[counter\] counter: \d+$', l)]
    assert counts(run, 'counter') == list(range(1, 21)), 'the neighbour\'s counter has a gap'
    first, last = run.lines.index(restarts[0]), run.lines.index(restarts[-1])
    assert any(first < i < last for i in counter_at), \
        'the neighbour did not count while the crasher was being restarted'
    assert run.grep(r'^\[hyp\] partition counter exited with status 0$')


def test_x86_demo(boot):
    """The shipped demo: producer, consumer on two CPUs sharing a channel, and hello."""
    run = boot(BOARD, config('demo'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (every partition exited 0)'
    consumer = lines_of(run, 'consumer')
    assert any('PSCI CPU_ON: SUCCESS' in l for l in consumer), 'the consumer\'s second CPU'
    assert any(re.search(r'records #0\.\.#255 in order, no gap, every checksum good', l)
               for l in consumer), 'the consumer did not see all 256 records intact'
    assert any('hello: done, exit status 0' in l for l in lines_of(run, 'hello'))
    for name in ('producer', 'consumer', 'hello'):
        assert run.grep(r'^\[hyp\] partition %s exited with status 0$' % name)
