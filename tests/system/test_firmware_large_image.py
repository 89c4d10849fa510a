# SPDX-License-Identifier: Apache-2.0
"""firmware-large-image: payloads are not bounded by the board's 32 MiB reserved
region. A partition whose raw image is 48 MiB (the hello app, zero-padded)
boots from firmware.bin: its Devicetree and image lie in the file at their load
addresses ("in place", in its own RAM right above the hypervisor's region, which
does not grow), the hypervisor verifies the 48 MiB payload there and the app
runs; one flipped byte in it is refused. A config whose firmware.bin cannot fit
the board is refused by `./bulkhead check`, with the sizes."""
import hashlib
import json
import os
import re
import subprocess

import firmware_image
from scenario import BOARD

LOAD = 0x40200000
RAW_SIZE = 48 << 20
OLD_RESERVED_END = 0x40000000 + (32 << 20)


def _raw_hello(build, path):
    """hello.elf flattened from its first byte (0x40200000, its entry: where a raw
    image is loaded and entered), zero-padded to RAW_SIZE."""
    _, _, outdir = build(BOARD, 'hello')
    elf = os.path.join(outdir, 'guests', 'apps', 'hello', 'hello.elf')
    subprocess.run(['aarch64-linux-gnu-objcopy', '-O', 'binary', elf, str(path)], check=True)
    data = path.read_bytes()
    assert len(data) < RAW_SIZE
    path.write_bytes(data + bytes(RAW_SIZE - len(data)))
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_firmware_large_image(boot, build, tmp_path):
    sha = _raw_hello(build, tmp_path / 'big.bin')
    config = tmp_path / 'firmware_48m.toml'
    config.write_text('[[partition]]\nname = "big"\ncpus = [0]\nmemory = { size = "64M" }\n'
                      'image = "big.bin"\non_fault = "halt"\n')
    run = boot(BOARD, str(config), timeout=120)
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0
    assert run.grep(r'^\[big\] hello: done, exit status 0$')
    assert run.grep(r'^\[hyp\] measured: big partition-image sha256 (\w+)$') == [
        '[hyp] measured: big partition-image sha256 %s' % sha]

    _, _, outdir = build(BOARD, str(config))
    with open(os.path.join(outdir, 'gen', 'config.json')) as f:
        twin = json.load(f)
    reserved = twin['hypervisor_reserved']
    end = reserved['base'] + reserved['size']
    assert end == OLD_RESERVED_END, 'the region grew for a payload it does not keep'
    ram = [r for r in twin['partitions'][0]['regions'] if r['kind'] == 'ram'][0]
    assert ram['pa'] == end, 'the in-place partition is not right above the region'
    layout = firmware_image.read(os.path.join(outdir, 'firmware.bin'))
    image = layout.payload('partition-image', 'big')
    assert image.size == RAW_SIZE
    assert LOAD + image.offset == ram['pa'] + (2 << 20), 'the image is not at its load address'
    assert LOAD + len(layout.data) <= ram['pa'] + ram['size']


def test_firmware_large_image_tampered(boot_file, build, tmp_path):
    _raw_hello(build, tmp_path / 'big.bin')
    config = tmp_path / 'firmware_48m_bad.toml'
    config.write_text('[[partition]]\nname = "big"\ncpus = [0]\nmemory = { size = "64M" }\n'
                      'image = "big.bin"\non_fault = "halt"\n')
    _, _, outdir = build(BOARD, str(config))
    layout = firmware_image.read(os.path.join(outdir, 'firmware.bin'))
    image = layout.payload('partition-image', 'big')
    run = boot_file(firmware_image.flipped(layout, image.offset + RAW_SIZE - 1,
                                           tmp_path / 'fw.bin'), timeout=120)
    assert run.grep(r'^\[hyp\] boot refused: ') == [
        '[hyp] boot refused: firmware.bin payload %d (partition big, partition-image): sha256 '
        'mismatch' % image.index]
    assert run.status == 6 and not run.grep(r'^\[big\]')


def test_firmware_too_large_refused_by_check(bulkhead, tmp_path):
    """880 MiB of image in a 900 MiB partition that restarts from it: firmware.bin
    keeps it in the hypervisor's region, and the 1 GiB board has no room for both;
    check says so with the sizes, before any build. Without restarts the image
    lies in place in the partition's own RAM, and the same config fits."""
    with open(tmp_path / 'huge.bin', 'wb') as f:
        f.truncate(880 << 20)
    config = tmp_path / 'huge.toml'
    text = ('[[partition]]\nname = "huge"\ncpus = [0]\nmemory = { size = "900M" }\n'
            'image = "huge.bin"\non_fault = "%s"\n')
    config.write_text(text % 'restart')
    proc = bulkhead('check', str(config))
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        '%s:4: partition "huge": no room for 900 MiB of RAM on board qemu-virt-arm64 (RAM '
        '0x40000000-0x7fffffff, less the hypervisor\'s 900 MiB at 0x40000000-0x783fffff, its '
        'image and firmware.bin\'s payloads (901184 KiB of image files among them), and other '
        'partitions\'); make it smaller or give other partitions less' % config)
    config.write_text(text % 'halt')
    proc = bulkhead('check', str(config))
    assert proc.returncode == 0, proc.stderr
    assert re.match(r'check: ok ', proc.stdout)
