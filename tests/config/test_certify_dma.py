# SPDX-License-Identifier: Apache-2.0
"""The certificate's DMA requirement (REQ-ISO-031) fails by name for every bus
master a partition owns without an IOMMU, even when the config accepted the
risk, and passes where no partition owns one."""
import os

from bulkhead.certify import dma

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _checks(config):
    found = dma.evidence('qemu-virt-arm64', os.path.join(ROOT, config))
    assert found['source'] == 'static'
    return {c['id']: c for c in found['checks']}


def test_certify_dma_fails_by_device_name_when_accepted():
    checks = _checks('tests/configs/good/three_story.toml')
    producer = checks['DMA-PRODUCER']
    assert producer['result'] == 'fail' and producer['requirements'] == ['REQ-ISO-031']
    named = [f.split()[1] for f in producer['findings']]
    assert named == ['virtio0', 'virtio1', 'virtio2', 'virtio3'], producer['findings']
    assert checks['DMA-CONSUMER']['result'] == 'pass'
    assert checks['DMA-MONITOR']['result'] == 'pass'


def test_certify_dma_passes_without_bus_masters():
    checks = _checks('configs/qemu-virt-arm64/demo.toml')
    assert checks and all(c['result'] == 'pass' and not c['findings'] for c in checks.values())
