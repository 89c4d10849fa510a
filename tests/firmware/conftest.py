# SPDX-License-Identifier: Apache-2.0
"""Fixtures of the firmware.bin tests: the host signer, and an image it signed."""
import os
import struct

import pytest

from bulkhead import signing
from firmware_helpers import run


@pytest.fixture(scope='session')
def signer():
    return signing.build_signer()


def _hypervisor(size=6000):
    """A stand-in arm64 Image: magic at 56, bytes 32-39 zero."""
    data = bytearray((i * 7 + 1) & 0xff for i in range(size))
    data[16:24] = struct.pack('<Q', 0x2000)   # its footprint, .bss included
    data[32:40] = bytes(8)
    data[56:60] = b'ARM\x64'
    return bytes(data)


@pytest.fixture
def signed(signer, tmp_path):
    """(dir, image path): a key, four payloads, a description and the signed image."""
    assert run(signer, 'keygen', 'k.key', cwd=tmp_path).returncode == 0
    (tmp_path / 'hyp.bin').write_bytes(_hypervisor())
    (tmp_path / 'linux.bin').write_bytes(os.urandom(10000))
    (tmp_path / 'linux.dtb').write_bytes(os.urandom(900))
    (tmp_path / 'tables.bin').write_bytes(os.urandom(300))
    (tmp_path / 'desc').write_text(
        '# firmware.bin for the test\n'
        'security_version 3\n'
        'hypervisor 0x40200000 0 hyp.bin\n'
        'payload config-tables - - 0 tables.bin\n'
        'payload partition-image 0 linux 0x48200000 linux.bin\n'
        'payload partition-dtb 0 linux 0x48000000 linux.dtb\n')
    out = run(signer, 'sign', 'k.key', 'desc', 'firmware.bin', cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout == 'sign: wrote firmware.bin: 4 payloads, 32768 bytes, security_version 3\n'
    return tmp_path, tmp_path / 'firmware.bin'
