#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the tiny partition images that tests/configs use (each < 200 bytes).

tests/config/conftest.py runs it before the config tests; the files are not committed.
The ELFs are hand-made: one 64-byte header, one PT_LOAD program header and
eight bytes of aarch64 code (wfi; b .-4). The rest of the fixtures here are
not files one can read even as root: dir.elf/ is a directory and loop.elf a
symbolic link to itself.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CODE = struct.pack('<II', 0xd503207f, 0x17ffffff)     # wfi; b .-4
EM_AARCH64, EM_X86_64 = 183, 62


def elf(load, entry, memsz=0x1000, machine=EM_AARCH64, code=CODE):
    header = (b'\x7fELF' + bytes([2, 1, 1, 0]) + bytes(8)
              + struct.pack('<HHIQQQIHHHHHH', 2, machine, 1, entry, 64, 0, 0, 64, 56, 1, 64, 0, 0))
    phdr = struct.pack('<IIQQQQQQ', 1, 5, 120, load, load, len(code), memsz, 0x1000)
    return header + phdr + code


IMAGES = {
    'tiny.elf': elf(0x40200000, 0x40200000),                 # a good image, 2 MiB into RAM
    'x86.elf': elf(0x40200000, 0x40200000, machine=EM_X86_64),
    'low.elf': elf(0x40000000, 0x40000000),                  # on top of the partition's Devicetree
    'far.elf': elf(0x50000000, 0x50000000),                  # 256 MiB into RAM
    'bss.elf': elf(0x40200000, 0x40200000, memsz=8 << 20),   # 8 MiB of .bss
    'badentry.elf': elf(0x40200000, 0x40300000),             # enters past its 8 bytes
    'trunc.elf': elf(0x40200000, 0x40200000)[:40],           # cut in its header
    'tiny.bin': CODE,                                        # a raw binary
    'empty.bin': b'',
}


def main():
    for name, data in IMAGES.items():
        with open(os.path.join(HERE, name), 'wb') as f:
            f.write(data)
    os.makedirs(os.path.join(HERE, 'dir.elf'), exist_ok=True)
    with open(os.path.join(HERE, 'dir.elf', 'README'), 'w') as f:
        f.write('A directory named like an image: a config naming it must be refused.\n')
    loop = os.path.join(HERE, 'loop.elf')
    if not os.path.islink(loop):
        os.symlink('loop.elf', loop)


if __name__ == '__main__':
    main()
