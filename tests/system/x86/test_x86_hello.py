# SPDX-License-Identifier: Apache-2.0
"""x86-hello: config hello boots one newlib partition under VT-x in Bochs that
prints what it prints on arm64 and exits 0."""
import re

from hello_app import expected, missing_in_order, mode_in_partition
from x86 import BOARD, config


def test_x86_hello_in_partition(boot):
    run = boot(BOARD, config('hello'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (every partition exited 0)'
    hyp = run.grep(r'^\[hyp\] ')
    assert any(re.search(r'Bulkhead \d+\.\d+.* on board %s \(x86-64 VT-x\)' % BOARD, l)
               for l in hyp), 'no banner line naming the version, the board and VT-x'
    assert len(run.grep(r'^\[hyp\] hello\b.*\b0x[0-9a-f]+-0x[0-9a-f]+\b.*\b[0-9a-f]{64}$')) == 1, \
        'no partition table line naming "hello" with its RAM range and image SHA-256'
    app = [l[len('[hello] '):] for l in run.lines if l.startswith('[hello] ')]
    missing = missing_in_order(app, expected(mode_in_partition('hello')))
    assert not missing, 'the hello partition did not print (in order): %s' % missing
    assert run.grep(r'^\[hyp\] partition hello exited with status 0$')
    assert re.search(r'all partitions stopped \(1 exited, 0 halted\); run status 0$', hyp[-2]), \
        'the [hyp] line before the last does not say all partitions exited: %r' % hyp[-2]
    assert hyp[-1] == '[hyp] run ended: status 0', 'the last [hyp] line: %r' % hyp[-1]


def test_x86_board_mismatch_refused(boot):
    """With 128 MiB of RAM instead of the board's, the boot stops: status 3, one line."""
    run = boot(BOARD, config('hello'), memory=128)
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 3, 'expected status 3 (boot refused: machine does not match the board)'
    refused = run.grep(r'^\[hyp\] boot refused: ')
    assert len(refused) == 1 and re.search(r'\bRAM mismatch\b', refused[0]), refused
    assert not [l for l in run.lines if re.match(r'^\[(?!hyp\])[\w-]+\] ', l)], \
        'a partition printed although the boot was refused'
