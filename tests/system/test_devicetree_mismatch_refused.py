# SPDX-License-Identifier: Apache-2.0
"""devicetree-mismatch-refused: with 128M of RAM instead of the board's 1G, the boot stops."""
import re


def test_devicetree_mismatch_refused(boot):
    run = boot('qemu-virt-arm64', 'hello', memory='128M')
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 3, 'expected status 3 (boot refused: machine does not match the board)'
    refused = run.grep(r'(?i)^\[hyp\] .*refus')
    assert len(refused) == 1, 'expected one [hyp] line saying the boot was refused'
    assert re.search(r'\bRAM\b', refused[0]), 'the refusal does not name RAM: %r' % refused[0]
    partitions = [l for l in run.lines if re.match(r'^\[(?!hyp\])[\w-]+\] ', l)]
    assert not partitions, 'a partition printed although the boot was refused'
