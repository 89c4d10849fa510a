# SPDX-License-Identifier: Apache-2.0
"""x86-64: no partition can end a Bochs run or print around the hypervisor.
Bochs's magic breakpoint is off (it fires from VMX non-root mode with no VM
exit), and its shutdown port 0x8900 and debug port 0xe9 are in no
partition's I/O bitmap, so touching them is a fault under the partition's
policy; the run status comes only from "[hyp] run ended: status N"."""
from test_escape import check_contained
from x86 import BOARD, config, faults, lines_of


def test_x86_simulator_ports_are_no_way_out(boot):
    run = boot(BOARD, config('escape'))
    counted = [l for l in lines_of(run, 'counter') if l.startswith('counter: ') and
               l[9:].isdigit()]

    def ended_how(run):
        assert run.status == 2, 'expected status 2 (the escapees halted)\n' + run.tail()
        found = {m.group('name'): m.group('what') for m in faults(run)}
        assert 'port 0x8900' in found.get('escape_exit', ''), found
        assert 'port 0xe9' in found.get('escape_write', ''), found
    check_contained(run, counted, ended_how)
