# SPDX-License-Identifier: Apache-2.0
"""Reading and re-signing a built firmware.bin (docs/image-format.md) for the
tests that tamper with it."""
import os
import struct
import subprocess
from dataclasses import dataclass

from bulkhead import signing

KINDS = {1: 'hypervisor', 2: 'config-tables', 3: 'partition-image', 4: 'partition-dtb',
         5: 'initrd'}


@dataclass
class Payload:
    index: int
    kind: str
    name: str
    offset: int
    size: int


@dataclass
class Layout:
    data: bytes
    header: int          # H, the locator's value
    manifest: int        # H + 64
    signature: int       # after the manifest
    payloads: list

    def payload(self, kind, name=''):
        return next(p for p in self.payloads if p.kind == kind and p.name == name)


def read(path):
    with open(path, 'rb') as f:
        data = f.read()
    header = struct.unpack_from('<Q', data, 32)[0]
    count = struct.unpack_from('<H', data, header + 14)[0]
    manifest = header + 64
    payloads = []
    for i in range(count):
        e = manifest + 64 + 96 * i
        kind = struct.unpack_from('<H', data, e)[0]
        offset, size = struct.unpack_from('<QQ', data, e + 8)
        name = data[e + 32:e + 64].rstrip(b'\0').decode()
        payloads.append(Payload(i, KINDS[kind], name, offset, size))
    return Layout(data, header, manifest, manifest + 64 + 96 * count, payloads)


def flipped(layout, offset, path):
    """A copy of the image with one byte at `offset` inverted, written to `path`."""
    data = bytearray(layout.data)
    data[offset] ^= 0xff
    path.write_bytes(bytes(data))
    return str(path)


def resign(outdir, path, key=None, edit=lambda text: text):
    """firmware.bin signed anew from the build's own description (gen/firmware.desc),
    changed by `edit`, with `key` (default: the development key)."""
    with open(os.path.join(outdir, 'gen', 'firmware.desc')) as f:
        desc = edit(f.read())
    desc_path = str(path) + '.desc'
    with open(desc_path, 'w') as f:
        f.write(desc)
    proc = subprocess.run([signing.build_signer(), 'sign', key or signing.default_key_path(),
                           desc_path, str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return str(path)
