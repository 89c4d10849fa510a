# SPDX-License-Identifier: Apache-2.0
"""firmware-large-image: payloads are not bounded by the board's 32 MiB reserved
region. A partition whose raw image is 48 MiB (the hello app, zero-padded)
boots from firmware.bin: the build grows the hypervisor's region to hold the
file and places the partition above it, the hypervisor verifies the 48 MiB
payload and the app runs. A config whose firmware.bin cannot fit the board is
refused by `./bulkhead check`, with the sizes."""
import hashlib
import json
import os
import re
import subprocess

from scenario import BOARD

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
    firmware_end = 0x40200000 + os.path.getsize(os.path.join(outdir, 'firmware.bin'))
    assert os.path.getsize(os.path.join(outdir, 'firmware.bin')) > RAW_SIZE
    assert OLD_RESERVED_END < firmware_end <= end, 'firmware.bin is not inside the region'
    ram = [r for r in twin['partitions'][0]['regions'] if r['kind'] == 'ram'][0]
    assert ram['pa'] >= end, 'the partition overlaps firmware.bin'


def test_firmware_too_large_refused_by_check(bulkhead, tmp_path):
    """880 MiB of image in a 900 MiB partition: with firmware.bin holding it, the
    1 GiB board has no room; check says so with the sizes, before any build."""
    with open(tmp_path / 'huge.bin', 'wb') as f:
        f.truncate(880 << 20)
    config = tmp_path / 'huge.toml'
    config.write_text('[[partition]]\nname = "huge"\ncpus = [0]\nmemory = { size = "900M" }\n'
                      'image = "huge.bin"\n')
    proc = bulkhead('check', str(config))
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        '%s:4: partition "huge": no room for 900 MiB of RAM on board qemu-virt-arm64 (RAM '
        '0x40000000-0x7fffffff, less the hypervisor\'s 900 MiB at 0x40000000-0x783fffff, its '
        'image and firmware.bin\'s payloads (901184 KiB of image files among them), and other '
        'partitions\'); make it smaller or give other partitions less' % config)
    # The same image in a partition it fits beside firmware.bin is accepted.
    config.write_text(config.read_text().replace('900M', '100M').replace('880', '80'))
    with open(tmp_path / 'huge.bin', 'wb') as f:
        f.truncate(80 << 20)
    proc = bulkhead('check', str(config))
    assert proc.returncode == 0, proc.stderr
    assert re.match(r'check: ok ', proc.stdout)
