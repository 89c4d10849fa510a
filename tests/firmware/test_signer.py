# SPDX-License-Identifier: Apache-2.0
"""The host signer end to end: `./bulkhead keygen`, then bulkhead-sign's sign and verify.

Keys and images live in pytest's tmp_path; the default development key is made under a
BULKHEAD_CACHE of the test's own, so the real cache's key is never touched.
"""
import os
import stat
import struct

import pytest

from firmware_helpers import run

KEY_REFUSED = 'already exists; refusing to overwrite a key'


def test_keygen_default_key_is_private_and_never_overwritten(bulkhead, tmp_path):
    env = dict(os.environ, BULKHEAD_CACHE=str(tmp_path / 'cache'))
    first = bulkhead('keygen', env=env)
    assert first.returncode == 0, first.stderr
    keys = list((tmp_path / 'cache' / 'keys').glob('*/dev.key'))
    assert len(keys) == 1
    key = keys[0]
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().startswith('-----BEGIN EC PRIVATE KEY-----')
    assert (key.parent / 'dev.key.pub').read_text().startswith('-----BEGIN PUBLIC KEY-----')
    assert 'keygen: wrote %s (private key, mode 0600)' % key in first.stdout
    before = key.read_bytes()
    again = bulkhead('keygen', env=env)
    assert again.returncode == 1
    assert again.stderr.splitlines() == ['keygen: %s %s (remove it first or give another path)'
                                         % (key, KEY_REFUSED)]
    assert key.read_bytes() == before


def test_keygen_refuses_when_only_the_public_half_exists(signer, tmp_path):
    (tmp_path / 'k.key.pub').write_text('mine\n')
    out = run(signer, 'keygen', str(tmp_path / 'k.key'))
    assert out.returncode == 1
    assert KEY_REFUSED in out.stderr and len(out.stderr.splitlines()) == 1
    assert not (tmp_path / 'k.key').exists()
    assert (tmp_path / 'k.key.pub').read_text() == 'mine\n'


def test_signed_image_verifies_and_lists_its_payloads(signer, signed):
    where, image = signed
    out = run(signer, 'verify', 'k.key.pub', 'firmware.bin', '3', cwd=where)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith('verify: firmware.bin: ok: 4 payloads, 32768 bytes, '
                               'security_version 3, key id ')
    assert [ln.split()[:2] for ln in lines[1:]] == [
        ['hypervisor', '-'], ['config-tables', '-'], ['partition-image', 'linux'],
        ['partition-dtb', 'linux']]
    data = image.read_bytes()
    assert struct.unpack_from('<Q', data, 32)[0] == 0x2000   # the locator
    assert data[0x2000:0x2008] == b'BULKHDFW'


@pytest.mark.parametrize('where, expected', [
    ('payload', "refused: payload hash mismatch in payload 2 (partition-image of partition "
                "0 'linux')"),
    ('signature', 'refused: bad signature'),
    ('security_version', 'refused: bad signature'),
    ('padding', 'refused: non-zero padding at offset 0x2300'),
])
def test_tampered_image_is_refused_with_one_line(signer, signed, where, expected):
    directory, image = signed
    data = bytearray(image.read_bytes())
    offset = {'payload': 0x4000 + 123, 'signature': 0x2000 + 64 + 64 + 4 * 96 + 5,
              'security_version': 0x2000 + 64, 'padding': 0x2300}[where]
    data[offset] ^= 0x01
    image.write_bytes(bytes(data))
    out = run(signer, 'verify', 'k.key.pub', 'firmware.bin', cwd=directory)
    assert out.returncode == 1
    assert out.stderr.splitlines() == ['verify: firmware.bin: ' + expected]


def test_rollback_and_another_key_are_refused(signer, signed):
    directory, _ = signed
    out = run(signer, 'verify', 'k.key.pub', 'firmware.bin', '4', cwd=directory)
    assert (out.returncode, out.stderr) == (1, 'verify: firmware.bin: refused: security_version '
                                               'below the minimum (rollback) (the image has 3, '
                                               'the minimum is 4)\n')
    assert run(signer, 'keygen', 'other.key', cwd=directory).returncode == 0
    out = run(signer, 'verify', 'other.key.pub', 'firmware.bin', cwd=directory)
    assert (out.returncode, out.stderr) == (1, 'verify: firmware.bin: refused: signed with an '
                                               'unknown key\n')


def test_truncated_and_oversized_files_are_refused(signer, signed):
    directory, image = signed
    data = image.read_bytes()
    image.write_bytes(data[:-1])
    out = run(signer, 'verify', 'k.key.pub', 'firmware.bin', cwd=directory)
    assert (out.returncode, out.stderr) == (1, 'verify: firmware.bin: refused: image truncated\n')
    image.write_bytes(data + b'\0')
    out = run(signer, 'verify', 'k.key.pub', 'firmware.bin', cwd=directory)
    assert (out.returncode, out.stderr) == (1, 'verify: firmware.bin: refused: image oversized\n')


@pytest.mark.parametrize('line, message', [
    ('payload kernel 0 linux 0 linux.bin',
     "desc:3: unknown payload kind 'kernel'; use one of config-tables, partition-image, "
     "partition-dtb, initrd"),
    ('payload partition-image 0 linux 0x4z linux.bin',
     "desc:3: load address '0x4z' is not a number; write it in decimal or 0x-hex"),
    ('payload config-tables 0 linux 0 linux.bin',
     "desc:3: config-tables belong to no partition; write '-' for its partition and name"),
    ('payload partition-image 0 linux 0 missing.bin',
     'desc:3: cannot read missing.bin: No such file or directory'),
    ('payload partition-image 0 linux 0x2000 linux.bin inplace',
     "desc:3: unknown word 'inplace' after the file; the only one allowed there is in-place"),
    ('payload partition-image 0 linux 0x1000 linux.bin in-place',
     'desc:3: in-place payload at load address 0x1000 would be at file offset 0x1000, which '
     'must be 4 KiB aligned and at or after 0x3000 (the end of what comes before it); give a '
     'higher load address or drop in-place'),
])
def test_description_mistakes_name_file_and_line(signer, signed, line, message):
    directory, _ = signed
    (directory / 'desc').write_text('security_version 1\nhypervisor 0 0 hyp.bin\n%s\n' % line)
    out = run(signer, 'sign', 'k.key', 'desc', 'new.bin', cwd=directory)
    assert (out.returncode, out.stderr.splitlines()) == (1, [message])
    assert not (directory / 'new.bin').exists()


def test_in_place_payload_lies_at_its_load_address(signer, signed):
    """`in-place`: the payload's file offset is its load address less the
    hypervisor's, so a loader that puts the file at the hypervisor's load
    address puts the payload where it runs; the gap before it is padding."""
    directory, _ = signed
    (directory / 'desc').write_text(
        'security_version 1\nhypervisor 0x40200000 0 hyp.bin\n'
        'payload partition-dtb 0 linux 0x40210000 linux.dtb\n'
        'payload partition-image 0 linux 0x40400000 linux.bin in-place\n')
    out = run(signer, 'sign', 'k.key', 'desc', 'in-place.bin', cwd=directory)
    assert out.returncode == 0, out.stderr
    data = (directory / 'in-place.bin').read_bytes()
    payload = (directory / 'linux.bin').read_bytes()
    assert data[0x200000:0x200000 + len(payload)] == payload
    out = run(signer, 'verify', 'k.key.pub', 'in-place.bin', cwd=directory)
    assert out.returncode == 0, out.stderr
    assert 'partition-image linux        load 0x40400000' in out.stdout
