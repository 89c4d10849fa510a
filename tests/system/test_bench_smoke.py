# SPDX-License-Identifier: Apache-2.0
"""bench-smoke: `./bulkhead bench` runs end to end once on each backend and writes
build/bench.json in the agreed shape. Figures are not asserted here: they are
measurements, reported by `./bulkhead bench` and docs/benchmarks.md."""
import json
import os

import pytest

KEYS = {'name', 'value', 'unit', 'native', 'target'}


@pytest.mark.parametrize('board', ['qemu-virt-arm64', 'pc-x86_64'])
def test_bench_smoke(bulkhead, board, tmp_path):
    out = os.path.join(tmp_path, 'bench.json')
    proc = bulkhead('bench', '-b', board, '--json', out, timeout=900)
    assert proc.returncode == 0, 'bench failed:\n%s%s' % (proc.stdout[-3000:], proc.stderr[-2000:])
    with open(out) as f:
        report = json.load(f)
    assert report['board'] == board
    assert report['figures'], 'no figures at all'
    for fig in report['figures']:
        assert set(fig) == KEYS, 'figure with other keys: %s' % fig
        assert isinstance(fig['name'], str) and isinstance(fig['unit'], str)
    names = {fig['name'] for fig in report['figures']}
    wanted = {'VMCALL round trip (null hypercall)'} if board == 'pc-x86_64' else {
        'null hypercall round trip', 'timer IRQ latency, injected', 'timer IRQ latency, direct',
        'doorbell notify to peer handler', 'GICD_CTLR write (trapped)',
        'EL2 entries per 10^6 instructions, compute loop', 'hypervisor source lines (cloc)'}
    assert wanted <= names, 'figures missing: %s' % sorted(wanted - names)
