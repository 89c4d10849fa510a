# SPDX-License-Identifier: Apache-2.0
"""x86-native: the hello unikernel boots on the bare PC in Bochs without the
hypervisor (GRUB, multiboot2; RAM from the multiboot2 memory map, console on
COM1), prints what it prints on arm64 natively, and exits with status 0
through the status mailbox and Bochs's magic breakpoint, as
`./bulkhead run -b pc-x86_64 --native hello` does it."""
import re

from hello_app import MODE_NATIVE, expected, missing_in_order
from x86 import BOARD


def test_x86_native_hello(bulkhead):
    proc = bulkhead('run', '-b', BOARD, '-c', 'hello', '--native', 'hello', timeout=300)
    lines = proc.stdout.replace('\r', '').splitlines()
    tail = '\n'.join((proc.stdout + proc.stderr).splitlines()[-40:])
    assert proc.returncode == 0, 'expected exit status 0, got %d:\n%s' % (proc.returncode, tail)
    missing = missing_in_order(lines, expected(MODE_NATIVE))
    assert not missing, 'the native hello did not print (in order): %s\n%s' % (missing, tail)
    ram = [l for l in lines if l.startswith('ram: ')]
    # The multiboot2 memory map's available region that holds the image (at 4 MiB).
    m = re.match(r'^ram: 0x([0-9a-f]+)\.\.0x([0-9a-f]+) ', ram[0])
    assert int(m.group(1), 16) <= 0x400000 < int(m.group(2), 16), ram
    assert not [l for l in lines if l.startswith('[hyp]')], 'the hypervisor ran'
    assert lines[-1] == ('bulkhead: native run of hello ended: exited with status 0 '
                         '(status 0)'), lines[-1]
