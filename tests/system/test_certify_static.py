# SPDX-License-Identifier: Apache-2.0
"""certify, static evidence (issue 12 item 3): the demo's translation tables,
dumped by a certify boot and walked as the MMU walks them, pass every check;
a test-only build that maps one page of a neighbour, or grants write on a
read-only channel end, fails the right check, and its finding names the page."""
import re

import pytest

from bulkhead.certify import static

ARM = 'qemu-virt-arm64'


def by_id(evidence):
    return {c['id']: c for c in evidence['checks']}


def failed(evidence):
    return sorted(c['id'] for c in evidence['checks'] if c['result'] != 'pass')


@pytest.fixture(scope='module')
def demo_evidence():
    return static.evidence(ARM, 'demo')


def test_certify_static_demo_passes(demo_evidence):
    e = demo_evidence
    assert e['source'] == 'static' and re.fullmatch(r'[0-9a-f]{64}', e['image_sha256'])
    assert failed(e) == [], [c for c in e['checks'] if c['result'] != 'pass']
    checks = by_id(e)
    for name in ('monitor', 'producer', 'consumer'):
        for kind in ('S2-EXACT', 'HYP-UNREACHABLE', 'PERMS'):
            assert 'STATIC-%s-%s' % (kind, name) in checks
    for cid in ('STATIC-NO-SHARING', 'STATIC-HYP-WX', 'STATIC-CPU-OWNERS', 'STATIC-IRQ-OWNERS',
                'STATIC-DUMP-WALKED'):
        assert cid in checks
    assert all(c['requirements'] and c['findings'] == [] for c in e['checks'])
    # What the walk found, as declared: monitor's RAM 32 MiB rwx at 0x40000000,
    # its RTC page, its read end of "samples".
    space = {r['what']: r for r in e['address_spaces']['monitor']}
    assert set(space) == {'ram', 'device:rtc0', 'channel:samples'}
    assert (space['ram']['ipa'], space['ram']['size'], space['ram']['perms']) == \
        (0x40000000, 32 << 20, 'rwx')
    assert (space['device:rtc0']['ipa'], space['device:rtc0']['pa'],
            space['device:rtc0']['memtype']) == (0x09010000, 0x09010000, 'device')
    assert space['channel:samples']['perms'] == 'r--'
    producer = {r['what']: r for r in e['address_spaces']['producer']}
    assert producer['channel:samples']['perms'] == 'rw-'
    assert producer['channel:samples']['pa'] == space['channel:samples']['pa']
    assert {m['perms'] for m in e['hypervisor_map']} <= {'r-x', 'rw-', 'r--'}


def test_certify_static_foreign_page_found(demo_evidence):
    e = static.evidence(ARM, 'demo', 'foreign_page')
    assert failed(e) == ['STATIC-NO-SHARING', 'STATIC-S2-EXACT-monitor']
    monitor = {r['what']: r for r in demo_evidence['address_spaces']['monitor']}
    producer = {r['what']: r for r in demo_evidence['address_spaces']['producer']}
    ipa = monitor['ram']['ipa'] + monitor['ram']['size']   # right after its RAM
    pa = producer['ram']['pa']                             # the producer's first page
    finding, = by_id(e)['STATIC-S2-EXACT-monitor']['findings']
    assert 'IPA 0x%x -> PA 0x%x (rwx, 1 page) UNDECLARED' % (ipa, pa) in finding, finding
    assert "producer's RAM" in finding
    shared, = by_id(e)['STATIC-NO-SHARING']['findings']
    assert 'PA 0x%x' % pa in shared and 'monitor (IPA 0x%x' % ipa in shared, shared
    assert [r for r in e['address_spaces']['monitor'] if r['what'] == 'UNDECLARED'] == \
        [{'ipa': ipa, 'pa': pa, 'size': 4096, 'perms': 'rwx', 'memtype': 'normal',
          'what': 'UNDECLARED'}]
    assert e['image_sha256'] != demo_evidence['image_sha256']


def test_certify_static_write_on_read_end_found(demo_evidence):
    e = static.evidence(ARM, 'demo', 'write_read_end')
    # Both read ends of "samples" (monitor, consumer) became writable.
    assert failed(e) == ['STATIC-PERMS-consumer', 'STATIC-PERMS-monitor']
    channel = {r['what']: r for r in demo_evidence['address_spaces']['monitor']}['channel:samples']
    for name in ('monitor', 'consumer'):
        finding, = by_id(e)['STATIC-PERMS-%s' % name]['findings']
        assert 'IPA 0x%x-0x%x -> PA 0x%x-0x%x' % (
            channel['ipa'], channel['ipa'] + channel['size'] - 1,
            channel['pa'], channel['pa'] + channel['size'] - 1) in finding, finding
        assert 'rw- normal, declared r-- normal' in finding
