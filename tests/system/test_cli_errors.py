# SPDX-License-Identifier: Apache-2.0
"""A new user's mistakes: each gives one clear line on stderr and a non-zero exit.

None of these boots QEMU; they fail before (or instead of) the long set-up.
"""
import os
import shutil

import pytest

from bulkhead import boards, cli
from bulkhead.errors import UserError


def one_error_line(proc, *words):
    """The run failed with exactly one `bulkhead: error:` line naming every word."""
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert 'Traceback' not in proc.stdout + proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, 'expected one line on stderr, got:\n' + proc.stderr
    assert lines[0].startswith('bulkhead: error: '), lines[0]
    for word in words:
        assert word in lines[0], '%r not in %r' % (word, lines[0])
    return lines[0]


def test_cli_unknown_board(bulkhead):
    line = one_error_line(bulkhead('run', '-b', 'no-such-board'), 'no-such-board')
    assert cli.DEFAULT_BOARD in line          # it lists the boards there are


def test_cli_unknown_config(bulkhead):
    one_error_line(bulkhead('run', '-c', 'no-such-config'), 'no-such-config',
                   cli.DEFAULT_BOARD)


def test_cli_missing_config_file(bulkhead, tmp_path):
    one_error_line(bulkhead('build', '-c', str(tmp_path / 'absent.toml')), 'absent.toml')


def test_cli_unknown_native_app(bulkhead):
    line = one_error_line(bulkhead('run', '--native', 'no-such-app'), 'no-such-app')
    assert 'known apps' in line


def test_cli_unknown_option(bulkhead):
    proc = bulkhead('run', '--no-such-option')
    assert proc.returncode == 2
    one_error_line(proc, '--no-such-option')


def test_cli_qemu_missing(bulkhead, tmp_path):
    """PATH holds every usual tool except QEMU: `./bulkhead run` says what to install."""
    farm = tmp_path / 'bin'
    farm.mkdir()
    for top in ('/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'):
        if not os.path.isdir(top):
            continue
        for name in os.listdir(top):
            if not name.startswith('qemu-system-') and not (farm / name).exists():
                os.symlink(os.path.join(top, name), farm / name)
    env = dict(os.environ, PATH=str(farm))
    assert shutil.which('qemu-system-aarch64', path=str(farm)) is None
    one_error_line(bulkhead('run', env=env), 'qemu-system-aarch64 not found', 'qemu-system-arm')


def test_cli_missing_build_output(tmp_path):
    board = boards.load(cli.DEFAULT_BOARD)
    with pytest.raises(UserError, match=r'missing build output .*hyp\.bin; run \./bulkhead build'):
        cli.built(str(tmp_path / 'hyp.bin'), board, str(tmp_path / 'demo.toml'))
