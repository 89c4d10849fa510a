# SPDX-License-Identifier: Apache-2.0
"""`./bulkhead check`: validates without building, says ok or every mistake,
exits 0 or 1, never a traceback."""
import os
import shutil
import time

import pytest

from bulkhead import boards, cli

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONFIGS = os.path.join(ROOT, 'tests', 'configs')


def test_config_check_ok(bulkhead):
    proc = bulkhead('check', 'tests/configs/good/three_story.toml')
    assert (proc.returncode, proc.stderr) == (0, '')
    assert proc.stdout == 'check: ok (board qemu-virt-arm64, config three_story): 3 partitions, 2 channels\n'


def test_config_check_shipped(bulkhead):
    """By path (the board from configs/BOARD/) and by name."""
    proc = bulkhead('check', 'configs/qemu-virt-arm64/hello.toml', 'fault', 'demo')
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == ['check: ok (board qemu-virt-arm64, config %s): 1 partition, 0 channels' % c
                         for c in ('hello', 'fault')]
    assert lines[2].startswith('check: ok (board qemu-virt-arm64, config demo): ')


def test_config_check_errors(bulkhead):
    proc = bulkhead('check', 'tests/configs/bad/many_errors.toml')
    assert proc.returncode == 1 and proc.stdout == ''
    with open(os.path.join(CONFIGS, 'bad', 'many_errors.expected')) as f:
        assert proc.stderr == f.read()


def test_config_check_syntax_error(bulkhead):
    proc = bulkhead('check', 'tests/configs/bad/syntax_missing_equals.toml')
    assert proc.returncode == 1
    assert proc.stderr.startswith('tests/configs/bad/syntax_missing_equals.toml:7: TOML syntax error')


def test_config_check_mixed_and_missing(bulkhead, tmp_path):
    """Several files: each gets its verdict; one bad file makes the exit 1."""
    proc = bulkhead('check', 'tests/configs/good/one_placed.toml', str(tmp_path / 'absent.toml'),
                    'tests/configs/bad/empty.toml')
    assert proc.returncode == 1 and 'Traceback' not in proc.stderr
    assert proc.stdout.startswith('check: ok (board qemu-virt-arm64, config one_placed)')
    assert 'bulkhead: error: config file %s does not exist' % (tmp_path / 'absent.toml') in proc.stderr
    assert 'check: 1 error (board qemu-virt-arm64, config empty)' in proc.stderr


def test_config_check_unknown_board(bulkhead):
    proc = bulkhead('check', '-b', 'no-such-board', 'tests/configs/good/one_placed.toml')
    assert proc.returncode == 1
    assert proc.stderr.startswith('bulkhead: error: unknown board "no-such-board"')


def test_config_check_outside_repo(bulkhead, tmp_path):
    """A config anywhere: its messages name it by its full path; images resolve beside it."""
    shutil.copy(os.path.join(CONFIGS, 'images', 'tiny.bin'), tmp_path / 'app.bin')
    (tmp_path / 'mine.toml').write_text(
        '[[partition]]\nname = "mine"\ncpus = [0]\nmemory = { size = "4M" }\nimage = "app.bin"\n'
        '[[partition]]\nname = "mine"\ncpus = [1]\nmemory = { size = "4M" }\nimage = "app.bin"\n')
    proc = bulkhead('check', str(tmp_path / 'mine.toml'))
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        '%s:7: partition "mine": another partition is already named "mine"; names must be unique'
        % (tmp_path / 'mine.toml'),
        'check: 1 error (board qemu-virt-arm64, config mine)']


def test_config_check_board_from_directory(tmp_path):
    assert cli.board_of_config(os.path.join(ROOT, 'configs', 'qemu-virt-arm64', 'demo.toml')) \
        == 'qemu-virt-arm64'
    assert cli.board_of_config(str(tmp_path / 'x.toml')) == cli.DEFAULT_BOARD


@pytest.mark.parametrize('kind', ['directory', 'fifo', 'device'])
def test_config_check_not_a_file(bulkhead, tmp_path, kind):
    """A config path that exists but is no file is named for what it is."""
    if kind == 'directory':
        path, what = str(tmp_path), 'is a directory; give the path of a .toml file in it'
    elif kind == 'fifo':
        path = str(tmp_path / 'pipe.toml')
        os.mkfifo(path)
        what = 'is not a regular file (a device, FIFO or socket); give the path of a .toml file'
    else:
        path = '/dev/zero'
        what = 'is not a regular file (a device, FIFO or socket); give the path of a .toml file'
    for command in ('check', 'build'):
        args = (command, path) if command == 'check' else (command, '-c', path)
        proc = bulkhead(*args, timeout=30)
        assert proc.returncode == 1
        assert proc.stderr == 'bulkhead: error: config file %s %s\n' % (path, what)


def test_config_check_bidi_name_escaped(bulkhead, tmp_path):
    """A name holding U+202E (right-to-left override) would reorder the line on a
    terminal; it is shown escaped, like every control and format character."""
    path = tmp_path / 'bidi.toml'
    path.write_text('[[partition]]\nname = "ab\u202ecd\u2066"\ncpus = [0]\n'
                    'memory = { size = "4M" }\napp = "hello"\n', encoding='utf-8')
    proc = bulkhead('check', str(path))
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        '%s:2: partition #1: "name" must be 1-16 characters: a lowercase letter, then lowercase '
        'letters, digits, "_" or "-"; "ab\\u202ecd\\u2066" is not' % path)
    assert proc.stderr.isascii()
    proc = bulkhead('check', '-b', 'x\u202eyz', str(path))
    assert proc.stderr == ('bulkhead: error: unknown board "x\\u202eyz"; known boards: %s\n'
                           % ', '.join(boards.names()))


@pytest.mark.parametrize('gib', [3, 30])
def test_config_check_huge_sparse_image(bulkhead, tmp_path, gib):
    """An image file far larger than its RAM is refused by its size at once,
    without reading it (it used to be read whole: 61 s for 3 GB, MemoryError for 30)."""
    with open(tmp_path / 'huge.bin', 'wb') as f:
        f.truncate(gib << 30)
    (tmp_path / 'huge.toml').write_text('[[partition]]\nname = "huge"\ncpus = [0]\n'
                                        'memory = { size = "64M" }\nimage = "huge.bin"\n')
    started = time.monotonic()
    proc = bulkhead('check', str(tmp_path / 'huge.toml'), timeout=30)
    assert time.monotonic() - started < 10
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        '%s:5: partition "huge": image "huge.bin" (raw binary) needs IPA 0x40200000-0x%x, past '
        'the end of its 64 MiB of RAM (0x40000000-0x43ffffff); make memory size at least "%dM"'
        % (tmp_path / 'huge.toml', 0x40200000 + (gib << 30) - 1, (gib << 10) + 2))
