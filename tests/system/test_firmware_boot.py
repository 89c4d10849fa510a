# SPDX-License-Identifier: Apache-2.0
"""firmware-boot: the hypervisor verifies the firmware.bin it runs from
(docs/image-format.md) before any partition starts. A good image prints one
measured-boot line per payload and boots; one flipped byte in any region, a
foreign key, an older security_version or an image larger than the
hypervisor's region is refused with one "boot refused" line and status 6;
with verify = "partition" only the partition whose payload failed stays off."""
import hashlib
import os
import re
import subprocess

import pytest

import firmware_image
from bulkhead import signing
from scenario import BOARD, config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFUSED_STATUS = 6
MEASURED = re.compile(r'^\[hyp\] measured: (?P<name>[\w-]+) (?P<kind>[a-z-]+) sha256 '
                      r'(?P<sha>[0-9a-f]{64})(?P<note> \(signed, not rehashed\))?$')


def assert_refused(run, line):
    """Nothing started, exactly one refusal line, the run's own status."""
    assert not run.timed_out, 'the run passed its time limit'
    refusals = run.grep(r'^\[hyp\] boot refused: ')
    assert refusals == ['[hyp] boot refused: ' + line], refusals
    assert run.status == REFUSED_STATUS, 'expected status 6 (firmware.bin refused)'
    assert not run.grep(r'^\[hello\]'), 'a partition ran from a refused image'
    assert not run.grep(r'^\[hyp\] measured: '), 'payloads reported as measured'


@pytest.fixture
def hello(build):
    """(output directory, layout) of the hello config's firmware.bin."""
    _, _, outdir = build(BOARD, 'hello')
    return outdir, firmware_image.read(os.path.join(outdir, 'firmware.bin'))


def test_firmware_boot_measured(boot, hello):
    outdir, layout = hello
    run = boot(BOARD, 'hello')
    assert run.status == 0
    measured = [MEASURED.match(l) for l in run.grep(r'^\[hyp\] measured: ')]
    assert all(measured), run.grep(r'^\[hyp\] measured: ')
    assert [(m['name'], m['kind']) for m in measured] == [
        ('-', 'hypervisor'), ('hello', 'partition-dtb'), ('hello', 'partition-image')]
    # Each line gives the SHA-256 of the payload's bytes in the file.
    for m, p in zip(measured[1:], layout.payloads[1:]):
        assert m['sha'] == hashlib.sha256(layout.data[p.offset:p.offset + p.size]).hexdigest()
    assert measured[0]['note'] and not measured[1]['note']
    banner = run.grep(r'^\[hyp\] Bulkhead ')
    assert banner and banner[0].endswith(', DEVELOPMENT KEY - not for production'), banner
    # Measured before any partition prints.
    assert run.lines.index(run.grep(r'^\[hyp\] measured: ')[-1]) < \
        run.lines.index(run.grep(r'^\[hello\] ')[0])


def _tamper_cases(layout):
    dtb = layout.payload('partition-dtb', 'hello')
    image = layout.payload('partition-image', 'hello')
    sha_of_image = layout.manifest + 64 + 96 * image.index + 64
    return {
        'header': (layout.header + 44, 'firmware.bin: bad signature'),
        'magic': (layout.header, 'firmware.bin: no Bulkhead firmware header'),
        'manifest': (sha_of_image, 'firmware.bin: bad signature'),
        'signature': (layout.signature + 10, 'firmware.bin: bad signature'),
        'partition-dtb': (dtb.offset + dtb.size // 2, 'firmware.bin payload %d (partition hello, '
                          'partition-dtb): sha256 mismatch' % dtb.index),
        'partition-image': (image.offset + image.size // 2, 'firmware.bin payload %d (partition '
                            'hello, partition-image): sha256 mismatch' % image.index),
        'padding': (layout.signature + 64 + 3, 'firmware.bin: non-zero padding at offset 0x%x'
                    % (layout.signature + 64 + 3)),
        'padding-at-end': (len(layout.data) - 1, 'firmware.bin: non-zero padding at offset 0x%x'
                           % (len(layout.data) - 1)),
    }


@pytest.mark.parametrize('region', ['header', 'magic', 'manifest', 'signature', 'partition-dtb',
                                    'partition-image', 'padding', 'padding-at-end'])
def test_firmware_boot_tampered(boot_file, hello, tmp_path, region):
    _, layout = hello
    offset, line = _tamper_cases(layout)[region]
    if region == 'padding-at-end':
        last = layout.payloads[-1]
        assert last.offset + last.size < len(layout.data), 'no padding after the last payload'
    image = firmware_image.flipped(layout, offset, tmp_path / 'firmware.bin')
    assert_refused(boot_file(image), line)


def test_firmware_boot_wrong_key(boot_file, hello, tmp_path):
    outdir, _ = hello
    signer = signing.build_signer()
    key = tmp_path / 'other.key'
    subprocess.run([signer, 'keygen', str(key)], check=True, capture_output=True)
    image = firmware_image.resign(outdir, tmp_path / 'firmware.bin', key=str(key))
    assert_refused(boot_file(image), 'firmware.bin: signed with an unknown key')


def test_firmware_boot_rollback(boot_file, hello, tmp_path):
    outdir, _ = hello
    image = firmware_image.resign(outdir, tmp_path / 'firmware.bin',
                                  edit=lambda t: t.replace('security_version 1\n',
                                                           'security_version 0\n'))
    assert_refused(boot_file(image), 'firmware.bin: security_version below the minimum '
                   '(rollback): security_version 0, board minimum 1')


def test_firmware_boot_truncated(boot_file, hello, tmp_path):
    """Cut inside the last payload: what the loader did not load cannot hash right."""
    _, layout = hello
    last = layout.payloads[-1]
    path = tmp_path / 'firmware.bin'
    path.write_bytes(layout.data[:last.offset + last.size // 2])
    assert_refused(boot_file(path), 'firmware.bin payload %d (partition hello, %s): sha256 '
                   'mismatch' % (last.index, last.kind))


def test_firmware_boot_oversized(boot_file, hello, tmp_path):
    """A validly signed image larger than the hypervisor's region."""
    outdir, _ = hello
    big = tmp_path / 'initrd.bin'
    big.write_bytes(bytes(40 << 20))
    image = firmware_image.resign(outdir, tmp_path / 'firmware.bin',
                                  edit=lambda t: t + 'payload initrd 0 hello 0 %s\n' % big)
    assert_refused(boot_file(image), 'firmware.bin: image oversized')


def test_firmware_boot_verify_partition(boot, boot_file, build, tmp_path):
    _, _, outdir = build(BOARD, config('verify_partition'))
    good = boot(BOARD, config('verify_partition'))
    assert good.status == 0 and len(good.grep(r'^\[hyp\] measured: ')) == 5
    layout = firmware_image.read(os.path.join(outdir, 'firmware.bin'))
    second = layout.payload('partition-image', 'second')
    run = boot_file(firmware_image.flipped(layout, second.offset + 100, tmp_path / 'fw.bin'))
    assert not run.timed_out
    assert run.grep(r'^\[hyp\] partition second refused: ') == [
        '[hyp] partition second refused: firmware.bin payload %d (partition second, '
        'partition-image): sha256 mismatch; it does not start' % second.index]
    assert not run.grep(r'^\[hyp\] boot refused'), 'the whole image was refused'
    assert run.grep(r'^\[hyp\] partition first exited with status 0$')
    assert not run.grep(r'^\[second\]'), 'the refused partition ran'
    assert [m.split()[2] for m in run.grep(r'^\[hyp\] measured: ')] == \
        ['-', 'first', 'first', 'second'], 'the failed payload was reported as measured'
    assert run.status == REFUSED_STATUS


def test_firmware_boot_run_image_cli(bulkhead, hello, tmp_path):
    """`./bulkhead run --image FILE` boots the file as given, and ends with its status."""
    _, layout = hello
    image = firmware_image.flipped(layout, layout.signature, tmp_path / 'firmware.bin')
    proc = bulkhead('run', '--image', image)
    assert proc.returncode == REFUSED_STATUS, proc.stdout[-2000:] + proc.stderr
    assert '[hyp] boot refused: firmware.bin: bad signature\n' in proc.stdout
    assert proc.stdout.endswith('bulkhead: run ended: firmware.bin refused (verification '
                                'failed) (status 6)\n')
    missing = bulkhead('run', '--image', str(tmp_path / 'nothing.bin'))
    assert missing.returncode == 1
    assert missing.stderr.startswith('bulkhead: error: --image %s: no such file; '
                                     % (tmp_path / 'nothing.bin'))


def test_firmware_boot_own_key(boot, boot_file, build, tmp_path, monkeypatch):
    """Signed with a configured key (BULKHEAD_KEY): no development-key warning, and the
    hypervisor trusts that key only: the same payloads signed with the development key
    are refused."""
    key = tmp_path / 'release.key'
    subprocess.run([signing.build_signer(), 'keygen', str(key)], check=True,
                   capture_output=True)
    config_path = tmp_path / 'own_key.toml'    # its own build directory
    with open(os.path.join(ROOT, 'configs', BOARD, 'hello.toml')) as f:
        config_path.write_text(f.read())
    monkeypatch.setenv('BULKHEAD_KEY', str(key))
    _, _, outdir = build(BOARD, str(config_path))
    run = boot(BOARD, str(config_path))
    assert run.status == 0
    banner = run.grep(r'^\[hyp\] Bulkhead ')
    assert banner and 'DEVELOPMENT KEY' not in banner[0], banner
    image = firmware_image.resign(outdir, tmp_path / 'dev-signed.bin')
    assert_refused(boot_file(image), 'firmware.bin: signed with an unknown key')
