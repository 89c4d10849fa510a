# SPDX-License-Identifier: Apache-2.0
"""three-partitions: the demo runs producer, consumer (2 CPUs) and monitor at once,
each on its own CPUs, sharing one channel; every partition exits 0."""
import re

import pytest

from scenario import BOARDS_AND_ZCU102, config, lines_of


@pytest.mark.parametrize('board', BOARDS_AND_ZCU102)
def test_three_partitions(boot, board):
    run = boot(board, config('demo'))
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (every partition exited 0)'
    table = {m.group(1): m.group(2) for m in
             (re.match(r'^\[hyp\] (\w+)\s+([\d,]+)\s+0x', l) for l in run.lines) if m}
    assert table == {'monitor': '0', 'producer': '1', 'consumer': '2,3'}, \
        'the partition table does not show the three partitions on their CPUs: %s' % table

    consumer = lines_of(run, 'consumer')
    assert any('PSCI CPU_ON: SUCCESS' in l for l in consumer), \
        'the consumer did not start its second CPU'
    assert any(re.search(r'records #0\.\.#255 in order, no gap, every checksum good', l)
               for l in consumer), 'the consumer did not see all 256 records intact'
    crc = [re.search(r'stream CRC-32 ([0-9a-f]{8})', l) for l in consumer]
    crcs = {m.group(1) for m in crc if m}
    assert len(crcs) == 1, 'the consumer\'s two CPUs disagree on the stream: %s' % crcs

    woken = [re.match(r'consumer: cpu 0 was woken by (\d+) doorbells$', l) for l in consumer]
    woken = [int(m.group(1)) for m in woken if m]
    assert woken and woken[0] > 0, 'the consumer was not woken by the producer\'s doorbell'

    monitor = lines_of(run, 'monitor')
    assert any('100% of the producer' in l for l in monitor), 'the monitor missed the end'
    assert sum(bool(re.search(r'by the (PL031|ZynqMP) RTC', l)) for l in monitor) == 2, \
        'the monitor did not read its RTC at start and end'
    for name in ('monitor', 'producer', 'consumer'):
        assert run.grep(r'^\[hyp\] partition %s exited with status 0$' % name), \
            'partition %s did not exit 0' % name
    # Interleaved output from partitions running at once, each line whole.
    prefixes = [l.split(']')[0] for l in run.lines if l.startswith('[') and not l.startswith('[hyp]')]
    switches = sum(1 for a, b in zip(prefixes, prefixes[1:]) if a != b)
    assert switches >= 6, 'the partitions did not run side by side (%d switches)' % switches
