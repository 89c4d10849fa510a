# SPDX-License-Identifier: Apache-2.0
"""`./bulkhead certify` for real on qemu-virt-arm64's demo, with the evidence
sources that are in this checkout (the cheap ones: static, dma; a source that is
missing must show as "not run"), then `--verify` on the signed report, as
written and tampered with, and the HTML in Debian's headless chromium."""
import hashlib
import json
import os
import re
import shutil
import subprocess

import pytest

from bulkhead import certify
from bulkhead.boards import ROOT
from bulkhead.certify import requirements, sources

CHOSEN = ('static', 'dma')
CERT_DIR = os.path.join(ROOT, 'build', 'qemu-virt-arm64', 'demo', 'certificate')


@pytest.fixture(scope='module')
def certified(key, tmp_path_factory):
    """(completed ./bulkhead certify, its report dict, a copy of the certificate dir)."""
    out = subprocess.run([os.path.join(ROOT, 'bulkhead'), 'certify', '-b', 'qemu-virt-arm64',
                          '-c', 'demo', '--sources', ','.join(CHOSEN), '--key', key[0]],
                         cwd=ROOT, capture_output=True, text=True, timeout=1800,
                         stdin=subprocess.DEVNULL)
    assert out.returncode in (0, 1, 3), out.stdout[-3000:] + out.stderr[-3000:]
    copy = os.path.join(tmp_path_factory.mktemp('certify'), 'certificate')
    shutil.copytree(CERT_DIR, copy)
    with open(os.path.join(copy, 'report.json')) as f:
        return out, json.load(f), copy


def test_certify_writes_a_canonical_report_of_the_build(certified):
    out, report, where = certified
    raw = open(os.path.join(where, 'report.json')).read()
    assert raw == certify.canonical_json(report)
    assert (report['board'], report['config']) == ('qemu-virt-arm64', 'demo')
    assert report['verdict']['status'] == out.returncode
    # What it certifies: the files the build made, by their hashes now.
    roles = {i['role']: i for i in report['images']}
    for name in ('hyp.bin', 'hyp.elf'):
        image = next(i for i in report['images'] if i['file'].endswith('/' + name))
        with open(os.path.join(ROOT, image['file']), 'rb') as f:
            assert image['sha256'] == hashlib.sha256(f.read()).hexdigest()
    assert 'partition producer image' in roles
    # Every source accounted for; a missing one supports nothing.
    assert [r['name'] for r in report['sources']] == list(sources.NAMES)
    for record in report['sources']:
        if record['name'] not in CHOSEN:
            assert record['status'] == 'not selected'
        elif record['status'] == 'not run':
            assert record['evidence'] is None
            assert record['reason'] == ('module bulkhead.certify.%s is not in this checkout'
                                        % record['name'])
        else:
            assert record['status'] == 'run', record['reason']
    # The roll-up agrees with the checks that ran, requirement by requirement.
    checks = [c for r in report['sources'] if r['status'] == 'run'
              for c in r['evidence']['checks']]
    assert [r['id'] for r in report['requirements']] == [r['id'] for r in requirements.load()]
    for row in report['requirements']:
        citing = [c for c in checks if row['id'] in c['requirements']]
        assert row['checks'] == [c['id'] for c in citing]
        want = ('no evidence' if not citing else
                'fail' if any(c['result'] == 'fail' for c in citing) else 'pass')
        assert row['result'] == want
    assert report['no_evidence'] == [r['id'] for r in report['requirements']
                                     if r['result'] == 'no evidence']
    # The summary: one line per requirement, then the verdict.
    lines = out.stdout.splitlines()
    assert len([ln for ln in lines if re.match(r'certify: REQ-ISO-\d{3} ', ln)]) == 16
    assert lines[-1].startswith('certify: %s' % report['verdict']['verdict'])
    if report['no_evidence']:
        assert any('WITHOUT EVIDENCE: %s' % report['no_evidence'][0] in ln for ln in lines)


def _verify(bulkhead, path, key):
    return bulkhead('certify', '--verify', str(path), '--key', key)


def test_verify_accepts_the_signed_report_and_says_what_it_certifies(certified, bulkhead, key):
    _, report, where = certified
    out = _verify(bulkhead, os.path.join(where, 'report.json'), key[1])
    assert out.returncode == 0, out.stderr
    assert 'verify-file: %s: ok: sha256 ' % os.path.join(where, 'report.json') in out.stdout
    assert ('signature ok; it certifies board qemu-virt-arm64, config demo '
            '(configs/qemu-virt-arm64/demo.toml)') in out.stdout
    assert out.stdout.splitlines()[-1].startswith('certify: %s' % report['verdict']['verdict'])


def test_verify_refuses_a_tampered_report(certified, bulkhead, key, tmp_path):
    _, _, where = certified
    shutil.copy(os.path.join(where, 'report.json.sig'), tmp_path / 'report.json.sig')
    text = open(os.path.join(where, 'report.json')).read()
    # A failing verdict turned into a passing one, or any one byte changed: refused.
    forged = re.sub(r'"verdict": "[A-Z ]+"', '"verdict": "CERTIFIED"', text, count=1)
    if forged == text:
        forged = text.replace('"board": "qemu-virt-arm64"', '"board": "qemu-virt-arm65"')
    assert forged != text
    (tmp_path / 'report.json').write_text(forged)
    out = _verify(bulkhead, tmp_path / 'report.json', key[1])
    assert out.returncode == 1
    assert ('verify-file: %s: refused: its SHA-256 is ' % (tmp_path / 'report.json')
            in out.stderr) and 'the file changed after it was signed' in out.stderr
    assert 'NOT VERIFIED: do not trust what it says' in out.stderr
    assert out.stdout == ''


def test_verify_refuses_a_forged_signature_another_key_and_a_missing_one(certified, bulkhead,
                                                                        key, signer, tmp_path):
    _, _, where = certified
    report = tmp_path / 'report.json'
    shutil.copy(os.path.join(where, 'report.json'), report)
    sig = open(os.path.join(where, 'report.json.sig')).read()
    last = sig.rstrip('\n')[-1]
    (tmp_path / 'report.json.sig').write_text(sig.rstrip('\n')[:-1]
                                              + ('0' if last != '0' else '1') + '\n')
    out = _verify(bulkhead, report, key[1])
    assert out.returncode == 1
    assert 'the signature in %s.sig does not verify' % report in out.stderr

    other = tmp_path / 'other.key'
    assert subprocess.run([signer, 'keygen', str(other)], capture_output=True).returncode == 0
    shutil.copy(os.path.join(where, 'report.json.sig'), tmp_path / 'report.json.sig')
    out = _verify(bulkhead, report, str(other) + '.pub')
    assert out.returncode == 1
    assert 'not the trusted key %s.pub' % other in out.stderr

    os.remove(tmp_path / 'report.json.sig')
    out = _verify(bulkhead, report, key[1])
    assert out.returncode == 1
    assert 'has no signature beside it (%s.sig)' % report in out.stderr


def test_report_html_renders_in_chromium(certified, chromium):
    _, report, where = certified
    dom, png = chromium(os.path.join(where, 'report.html'))
    table = re.search(r'<table class="requirements">(.*?)</table>', dom, re.S)
    assert table, 'no requirement table in the DOM'
    assert re.findall(r'<tr id="(REQ-ISO-\d{3})">', table.group(1)) == [
        r['id'] for r in report['requirements']]
    maps = re.findall(r'<svg [^>]*class="memmap"[^>]*aria-label="([^"]*)"', dom)
    assert maps == ['Physical memory'] + ['Partition %s: IPA space' % p['name']
                                          for p in report['layout']['partitions']]
    assert 'producer RAM' in dom and 'channel samples' in dom
    assert png.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n' and png.stat().st_size > 20000
    shutil.copy(png, os.path.join(where, 'report.png'))


def test_verify_refuses_a_signed_file_that_is_not_a_report_of_its_key(certified, bulkhead, key,
                                                                      signer, tmp_path):
    """Signed with the right key, but naming another key id: someone re-signed an
    edited report. The signature alone would hold; the report does not."""
    _, report, _ = certified
    edited = dict(report, key_id='00' * 32)
    path = tmp_path / 'report.json'
    path.write_text(certify.canonical_json(edited))
    assert subprocess.run([signer, 'sign-file', key[0], str(path), str(path) + '.sig'],
                          capture_output=True).returncode == 0
    out = _verify(bulkhead, path, key[1])
    assert out.returncode == 1
    assert ('certify: %s: refused: it is signed, but it is not a bulkhead-certificate 1 report '
            'naming the key that signed it' % path) in out.stderr


@pytest.mark.parametrize('board', ['qemu-virt-arm64', 'qemu-virt-arm64-gicv2', 'pc-x86_64'])
def test_certify_demo_of_every_board_with_every_source(board, bulkhead, key):
    """Issue 12: certify runs on the demo configs with every source there is. No
    check may fail and no source may break; once every source is in the checkout,
    every requirement must have evidence (status 0)."""
    out = bulkhead('certify', '-b', board, '-c', 'demo', '--key', key[0], timeout=3600)
    assert out.returncode in (0, 3), out.stdout[-4000:] + out.stderr[-2000:]
    with open(os.path.join(ROOT, 'build', board, 'demo', 'certificate', 'report.json')) as f:
        report = json.load(f)
    assert report['verdict']['status'] == out.returncode
    if all(r['status'] == 'run' for r in report['sources']):
        # Known gaps, listed in the report as without evidence: boot integrity
        # (the measured-boot lines are not a certify source yet), and on
        # pc-x86_64 the hostile and fuzz scenarios (arm64 only so far).
        gaps = {'REQ-ISO-040'} | ({'REQ-ISO-011', 'REQ-ISO-051', 'REQ-ISO-060', 'REQ-ISO-070'}
                                  if board == 'pc-x86_64' else set())
        assert set(report['no_evidence']) <= gaps, report['no_evidence']
        assert out.returncode == (3 if report['no_evidence'] else 0)


@pytest.mark.parametrize('args, message', [
    (('--sources', 'statik'), "bulkhead: error: --sources: unknown source 'statik'; the sources "
                              "are static, dma, misra, runtime, fuzz"),
    (('--verify', '/no/report.json'), 'bulkhead: error: --verify /no/report.json: no such file; '
                                      'give the path of a report.json written by ./bulkhead '
                                      'certify'),
    (('--key', '/no/key'), 'bulkhead: error: --key /no/key: no such file; give the private key '
                           'that signs the firmware image (make one with ./bulkhead keygen PATH)'),
])
def test_certify_refuses_bad_arguments_in_one_line(bulkhead, args, message):
    out = bulkhead('certify', *args)
    assert (out.returncode, out.stderr.splitlines()) == (1, [message])
