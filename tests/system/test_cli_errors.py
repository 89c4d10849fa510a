# SPDX-License-Identifier: Apache-2.0
"""A new user's mistakes: each gives one clear line on stderr and a non-zero exit.
And what a user does to the tool: two builds at once, Ctrl-C during one.

Only the two-at-once test boots QEMU; the mistakes fail before (or instead of)
the long set-up.
"""
import os
import shutil
import signal
import subprocess
import time

import pytest

from bulkhead import boards, build, cli
from bulkhead.errors import UserError

ROOT = boards.ROOT
LAUNCHER = os.path.join(ROOT, 'bulkhead')


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
        build.built(str(tmp_path / 'hyp.bin'), board, str(tmp_path / 'demo.toml'))


# --- under load: two builds at once, an interrupt --------------------------------

def _fresh_config(tmp_path, name):
    """A copy of configs/BOARD/hello.toml under a name no other test builds, so
    its build directory starts empty (removed again by the caller)."""
    shutil.copy(os.path.join(ROOT, 'configs', cli.DEFAULT_BOARD, 'hello.toml'),
                tmp_path / (name + '.toml'))
    outdir = os.path.join(ROOT, 'build', cli.DEFAULT_BOARD, name)
    shutil.rmtree(outdir, ignore_errors=True)
    return str(tmp_path / (name + '.toml')), outdir


def _launch(*args):
    """./bulkhead as a terminal starts it: its own process group, SIGINT not ignored."""
    return subprocess.Popen([LAUNCHER, *args], cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_cli_two_runs_at_once(tmp_path):
    """Two `./bulkhead run -c CONFIG` on an unbuilt config: one builds, the other
    waits for it (one line saying so), then both boot."""
    config, outdir = _fresh_config(tmp_path, 'cli-two-at-once')
    try:
        procs = [_launch('run', '-c', config) for _ in range(2)]
        results = [p.communicate(timeout=600) for p in procs]
    finally:
        shutil.rmtree(outdir, ignore_errors=True)
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, out + err
        assert 'run ended: every partition exited with status 0' in out
    waiting = [err for _, err in results if err]
    assert len(waiting) == 1, results
    assert waiting[0] == ('bulkhead: waiting for another build of board %s, config cli-two-at-once '
                          'to finish (it holds build/%s/cli-two-at-once/.lock)\n'
                          % (cli.DEFAULT_BOARD, cli.DEFAULT_BOARD))


def _scons_of(pid):
    """The pids of `pid`'s children that run scons (not the launcher's own shell helpers)."""
    try:
        with open('/proc/%d/task/%d/children' % (pid, pid)) as f:
            children = f.read().split()
    except OSError:
        return []
    found = []
    for child in children:
        try:
            with open('/proc/%s/cmdline' % child, 'rb') as f:
                if b'scons' in f.read():
                    found.append(int(child))
        except OSError:
            pass
    return found


def _interrupt(proc, when):
    """SIGINT to the launcher's process group, as Ctrl-C sends it, once `when()`."""
    deadline = time.monotonic() + 120
    while not when() and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)
    return proc.communicate(timeout=60)


@pytest.mark.parametrize('delay', [0.1, 0.3, 0.6])
def test_cli_interrupt_while_scons_starts(delay):
    """Ctrl-C as SCons is still starting (importing itself, reading the build):
    one line, not SCons's traceback."""
    proc = _launch('build', '-c', 'hello')
    started = []

    def scons_running_for(seconds):
        if not started and _scons_of(proc.pid):
            started.append(time.monotonic())
        return started and time.monotonic() - started[0] >= seconds
    out, err = _interrupt(proc, lambda: scons_running_for(delay))
    assert (proc.returncode, err) == (130, 'bulkhead: interrupted\n'), out + err


def test_cli_interrupt_while_compiling(tmp_path):
    """Ctrl-C with compilers running: the same one line, and SCons and its jobs are gone."""
    config, outdir = _fresh_config(tmp_path, 'cli-interrupted')
    try:
        proc = _launch('build', '-c', config)
        first = proc.stdout.readline()        # SCons's first line: it is building
        scons_pid = _scons_of(proc.pid)[0]
        out, err = _interrupt(proc, lambda: True)
    finally:
        shutil.rmtree(outdir, ignore_errors=True)
    assert first.strip()
    assert (proc.returncode, err) == (130, 'bulkhead: interrupted\n'), first + out + err
    assert not os.path.exists('/proc/%d' % scons_pid) or \
        open('/proc/%d/stat' % scons_pid).read().split()[2] == 'Z'
