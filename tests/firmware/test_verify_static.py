# SPDX-License-Identifier: Apache-2.0
"""firmware/verify with the bare-metal mbedtls of the dependency cache and a fixed arena.

tests/firmware/verify_static.c links the verifier with the cache's x86_64
libmbedcrypto.a (firmware/mbedtls_config.h: no libc allocation) and hands mbedtls a
static arena of a given size, as the hypervisor will. It must accept what
bulkhead-sign signed, refuse a tampered copy, and fit one verification in 16 KiB.
"""
import base64
import os
import subprocess

import pytest

from bulkhead import boards, cli
from firmware_helpers import run

PROGRAM = os.path.join(boards.ROOT, 'build', 'host', 'firmware', 'verify_static')
ARENA = 16 * 1024   # what the hypervisor's boot arena will hold at least


@pytest.fixture(scope='module')
def verify_static():
    cli.prepare()   # the cache's bare-metal mbedtls
    proc = subprocess.run(['scons', '-Q', 'verify-static'], cwd=boards.ROOT, text=True,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    assert proc.returncode == 0, proc.stdout
    return PROGRAM


def _der(pem_path):
    """A PEM public key's DER: the base64 between the armour lines."""
    lines = pem_path.read_text().split('\n')
    return base64.b64decode(''.join(ln for ln in lines if ln and not ln.startswith('-----')))


def test_bare_metal_verifier_accepts_in_a_static_arena(verify_static, signed):
    directory, image = signed
    (directory / 'k.der').write_bytes(_der(directory / 'k.key.pub'))
    out = run(verify_static, 'k.der', image, ARENA, cwd=directory)
    assert (out.returncode, out.stdout) == (0, 'ok\n'), out.stderr
    # Too small an arena is an allocation failure, never an acceptance.
    out = run(verify_static, 'k.der', image, 1024, cwd=directory)
    assert (out.returncode, out.stdout) == (1, 'refused: crypto library failure\n')


def test_bare_metal_verifier_refuses_tampering(verify_static, signed):
    directory, image = signed
    (directory / 'k.der').write_bytes(_der(directory / 'k.key.pub'))
    data = bytearray(image.read_bytes())
    data[0x2000 + 64] ^= 1              # security_version: signed
    image.write_bytes(bytes(data))
    out = run(verify_static, 'k.der', image, ARENA, cwd=directory)
    assert (out.returncode, out.stdout) == (1, 'refused: bad signature\n')
    data[0x2000 + 64] ^= 1
    data[0x4000 + 9] ^= 1               # the partition image
    image.write_bytes(bytes(data))
    out = run(verify_static, 'k.der', image, ARENA, cwd=directory)
    assert (out.returncode, out.stdout) == (1, 'refused: payload hash mismatch\n')
