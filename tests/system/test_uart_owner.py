# SPDX-License-Identifier: Apache-2.0
"""uart-owner (zcu102): a partition that owns UART1 prints on it with the guest
runtime's Cadence driver; the runner shows that port's lines prefixed
"[uart1] ", apart from the console the hypervisor owns."""
import re

from scenario import lines_of


def test_partition_prints_on_its_own_uart(boot):
    run = boot('zcu102', 'uart1')
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (both partitions exit 0)'
    owner = lines_of(run, 'owner')
    assert 'uart_owner: my own UART is a cdns,uart-r1p12 at 0xff010000' in owner, \
        'the owner did not find UART1 in its Devicetree'
    uart1 = lines_of(run, 'uart1')
    assert uart1 == ['uart_owner: line %d of 3, straight to my cdns,uart-r1p12' % i
                     for i in (1, 2, 3)], 'UART1 did not carry the owner\'s three lines: %s' % uart1
    # Those lines went to UART1 only, never through the shared console.
    assert not [l for l in run.lines if re.search(r'line \d of 3', l) and
                not l.startswith('[uart1] ')], 'UART1\'s lines leaked onto the console'
    assert run.grep(r'^\[hyp\] partition hello exited with status 0$'), \
        'the partition beside the owner did not run to the end'
