# SPDX-License-Identifier: Apache-2.0
"""hello-in-partition: config hello boots one newlib partition that prints and exits 0."""
import re

from hello_app import expected, missing_in_order, mode_in_partition

BOARD = 'qemu-virt-arm64'


def test_hello_in_partition(boot):
    run = boot(BOARD, 'hello')
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (every partition exited 0)'

    hyp = run.grep(r'^\[hyp\] ')
    assert any(re.search(r'(?i)bulkhead\b.*\d+\.\d+', l) and BOARD in l for l in hyp), \
        'no banner line naming the version and board %s' % BOARD
    table = run.grep(r'^\[hyp\] hello\b.*\b0x[0-9a-f]+-0x[0-9a-f]+\b.*\b[0-9a-f]{64}$')
    assert len(table) == 1, \
        'no partition table line naming "hello" with its RAM range and image SHA-256'

    app = [l[len('[hello] '):] for l in run.lines if l.startswith('[hello] ')]
    missing = missing_in_order(app, expected(mode_in_partition('hello')))
    assert not missing, 'the hello partition did not print (in order): %s' % missing

    assert run.grep(r'^\[hyp\] partition hello exited with status 0$'), \
        'no [hyp] line saying partition hello exited with status 0'
    assert re.search(r'(?i)all partitions (?:exited|stopped \(1 exited, 0 halted\))', hyp[-2]), \
        'the [hyp] line before the last does not say all partitions exited: %r' % hyp[-2]
    assert hyp[-1] == '[hyp] run ended: status 0', 'the last [hyp] line: %r' % hyp[-1]
    assert all(l.startswith('[') for l in run.lines if l.strip()), \
        'console lines without a [name] prefix'
