# SPDX-License-Identifier: Apache-2.0
"""Set-up and build, as every command (and the tests, and the bench) does it.

Install the Debian packages that are missing, build the pinned dependencies
into the cache once, then build a board + config with SCons. cli.py, bench.py
and tests/conftest.py all come through here, so each builds exactly what
`./bulkhead build` would.

Two builds of one board + config would write the same tree at once and the
loser would fail on half-written files, so a build holds a lock on its build
directory (build/BOARD/CONFIG/.lock); a second one waits for it, saying so.
SCons runs in its own process group with its output passed through here, so
that an interrupt stops it without its own traceback on the user's screen.
"""
import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading

from . import boards
from .errors import UserError

ROOT = boards.ROOT
LOCK_NAME = '.lock'
# Test-only builds of a deliberately broken hypervisor (hyp/core/partition_map.c),
# which the certify check must catch: one page of a neighbour mapped, or write
# on a read-only channel end. Only tests ask for them; they build beside the
# normal build, in build/BOARD/CONFIG.break-NAME.
CERTIFY_BREAKS = ('foreign_page', 'write_read_end')
STOP_GRACE = 10.0        # seconds SCons has to stop its jobs after SIGTERM


class BuildFailed(UserError):
    """scons failed; `output` holds what it printed when it was captured."""

    def __init__(self, message, output=''):
        super().__init__(message)
        self.output = output


_prepared = {}


def prepare_packages():
    """Install the Debian packages that are missing (once per process)."""
    if 'packages' in _prepared:
        return
    from . import deps
    missing = deps.missing_packages()
    if missing:
        deps.install_packages(missing)
    _prepared['packages'] = True


def prepare_deps():
    """Build newlib and libfdt into the cache if they are not there yet (once per process)."""
    if 'deps' not in _prepared:
        from . import deps
        _prepared['deps'] = deps.ensure()
    return _prepared['deps']


def prepare():
    """The whole dependency part of set-up: packages first, then the cache."""
    prepare_packages()
    return prepare_deps()


def config_name_of(config_path):
    return os.path.splitext(os.path.basename(config_path))[0]


def check_certify_break(name):
    """`name` if it is one of CERTIFY_BREAKS, None if empty; else a UserError."""
    if not name:
        return None
    if name not in CERTIFY_BREAKS:
        raise UserError('CERTIFY_BREAK=%s is not a known break; use one of %s'
                        % (name, ', '.join(CERTIFY_BREAKS)))
    return name


def output_dir(board, config_path, certify_break=None):
    """Where SCons puts this board and config's outputs (see SConstruct)."""
    name = config_name_of(config_path)
    if certify_break:
        name += '.break-' + check_certify_break(certify_break)
    return os.path.join(ROOT, 'build', board.name, name)


@contextlib.contextmanager
def build_lock(board, config_path, certify_break=None):
    """Hold the build directory's lock for the duration; wait (saying so) while
    another build of the same board + config holds it. The kernel drops a lock
    when its holder exits, however it exits, so none is ever left stale."""
    outdir = output_dir(board, config_path, certify_break)
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, LOCK_NAME)
    with open(path, 'a') as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print('bulkhead: waiting for another build of board %s, config %s to finish '
                  '(it holds %s)' % (board.name, config_name_of(config_path),
                                     os.path.relpath(path, ROOT)), file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _stop(proc):
    """End SCons and its jobs: SIGTERM lets it stop cleanly, SIGKILL if it will not."""
    for sig, wait in ((signal.SIGTERM, STOP_GRACE), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _run(argv, capture):
    """Run SCons; returns (exit status, its output when captured).

    Its output is passed on line by line as it comes (stdout to stdout, stderr
    to stderr), or kept when `capture`. Once interrupted, nothing more of it is
    shown: what SCons prints while it dies (a traceback when it is still
    starting) is not the user's business.
    """
    sys.stdout.flush()
    proc = subprocess.Popen(argv, cwd=ROOT, env=dict(os.environ, PYTHONUNBUFFERED='1'),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT if capture else subprocess.PIPE,
                            text=True, errors='replace', process_group=0)
    interrupted = threading.Event()
    kept = []

    def pump(source, sink):
        for line in source:
            if capture:
                kept.append(line)
            elif not interrupted.is_set():
                sink.write(line)
                sink.flush()

    pumps = [threading.Thread(target=pump, args=(proc.stdout, sys.stdout), daemon=True)]
    if not capture:
        pumps.append(threading.Thread(target=pump, args=(proc.stderr, sys.stderr), daemon=True))
    for t in pumps:
        t.start()
    try:
        status = proc.wait()
        for t in pumps:
            t.join()
    except BaseException:
        interrupted.set()
        _stop(proc)
        raise
    return status, ''.join(kept)


def scons(board, config_path, targets=(), capture=False, certify_break=None):
    """Build `targets` (default: everything for board + config) with SCons.

    With `capture`, scons's output is returned instead of shown, and kept on
    the BuildFailed raised when it fails (tests show its tail). `certify_break`
    (tests only) builds one of CERTIFY_BREAKS instead, in its own directory.
    """
    if shutil.which('scons') is None:
        raise UserError('scons not found; run ./bulkhead as root to install it (package scons)')
    from . import firmware, signing
    argv = ['scons', '-Q', '-j%d' % (os.cpu_count() or 1),
            'BOARD=%s' % board.name, 'CONFIG=%s' % config_path]
    if certify_break:
        argv.append('CERTIFY_BREAK=%s' % check_certify_break(certify_break))
    if firmware.boots_firmware_image(board):
        signing.ensure_development_key()
        if os.environ.get('BULKHEAD_KEY'):   # the key to sign firmware.bin with
            argv.append('KEY=%s' % os.path.abspath(os.environ['BULKHEAD_KEY']))
    argv += [os.path.relpath(t, ROOT) if os.path.isabs(t) else t for t in targets]
    with build_lock(board, config_path, certify_break):
        status, output = _run(argv, capture)
    if status != 0:
        where = 'its output is above' if not capture else 'see its output'
        raise BuildFailed('build failed for board %s, config %s (scons exited %d); %s'
                          % (board.name, config_name_of(config_path), status, where), output)
    return output


def load(board_name, config):
    """Check the board and config names: cheap, so it comes before any set-up."""
    board = boards.load(board_name)
    return board, boards.resolve_config(board, config)


def setup(board_name, config, targets=(), capture=False, certify_break=None):
    """Set-up as every command does it; returns (board, config_path, output_dir)."""
    board, config_path = load(board_name, config)
    prepare()
    scons(board, config_path, targets, capture, certify_break)
    return board, config_path, output_dir(board, config_path, certify_break)


def built(path, board, config_path):
    """`path` if the build left it there; otherwise a UserError naming it."""
    if not os.path.isfile(path):
        raise UserError('missing build output %s; run ./bulkhead build -b %s -c %s and read '
                        'its messages' % (os.path.relpath(path, ROOT), board.name,
                                          config_name_of(config_path)))
    return path


def app_names():
    from .config import app_names as config_app_names
    return config_app_names()


def check_app(app):
    if app not in app_names():
        raise UserError('unknown app "%s"; known apps: %s'
                        % (app, ', '.join(app_names()) or 'none'))


def app_elf(outdir, app):
    return os.path.join(outdir, 'guests', 'apps', app, app + '.elf')
