# SPDX-License-Identifier: Apache-2.0
"""Host unit tests of hyp/core against the fake arch, one pytest test per cmocka test.

Collecting this file builds every test program once per session (`scons -Q unit`,
see tests/unit/SConscript) and asks each one for its tests (`--list`). Each
pytest test then runs one cmocka test in a process of its own (the program
with the test's name as cmocka's filter), so a crash or a sanitizer report
fails that test alone. Ids read `<module>.<test>`, after tests/unit/test_<module>.c:

    ./bulkhead test -k guest_memory                 # every guest_memory test
    ./bulkhead test -k 'console and utf8'           # one of them
    build/host/unit/test_console utf8_passes_unchanged   # the same, by hand

A failure shows the program's own output (cmocka's message, or ASan's report).
If the build fails, one test named `build` fails with scons's output.
"""
import glob
import os
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD_DIR = os.path.join(ROOT, 'build', 'host', 'unit')
BUILD_ARGV = ['scons', '-Q', '-j%d' % (os.cpu_count() or 1), 'unit']
TIMEOUT = 60  # seconds for one program run; a test takes milliseconds

_build = {}


def _build_once():
    """(ok, output) of the set-up and `scons -Q unit`, run once per session."""
    if not _build:
        try:
            from bulkhead import build  # the launcher's own set-up: packages, libfdt cache
            from bulkhead.errors import UserError
        except ImportError as err:
            _build.update(ok=False, output='cannot import tools/bulkhead: %s' % err)
            return _build['ok'], _build['output']
        try:
            build.prepare()
        except UserError as err:
            _build.update(ok=False, output='set-up failed: %s' % err)
            return _build['ok'], _build['output']
        proc = subprocess.run(BUILD_ARGV, cwd=ROOT, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              errors='replace')
        _build.update(ok=proc.returncode == 0,
                      output='$ %s\n%s' % (' '.join(BUILD_ARGV), proc.stdout))
    return _build['ok'], _build['output']


def _modules():
    """tests/unit/test_<module>.c -> module names (test_config.c is the config)."""
    names = [os.path.basename(p)[len('test_'):-len('.c')]
             for p in glob.glob(os.path.join(HERE, 'test_*.c'))]
    return sorted(n for n in names if n != 'config')


def _run(program, *args):
    proc = subprocess.run([program, *args], cwd=ROOT, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors='replace', timeout=TIMEOUT)
    return proc.returncode, proc.stdout


def _cases():
    ok, _ = _build_once()
    if not ok:
        return [pytest.param(None, None, id='build')]
    cases = []
    for module in _modules():
        program = os.path.join(BUILD_DIR, 'test_' + module)
        try:
            status, output = _run(program, '--list')
        except (OSError, subprocess.TimeoutExpired):
            status, output = -1, ''
        names = output.split()
        if status != 0 or not names:
            cases.append(pytest.param(program, None, id='%s.list' % module))
            continue
        cases += [pytest.param(program, name, id='%s.%s' % (module, name)) for name in names]
    return cases


def pytest_generate_tests(metafunc):
    if metafunc.function.__name__ == 'test_unit':
        metafunc.parametrize(('program', 'name'), _cases())


def test_unit(program, name):
    if program is None:
        pytest.fail('the unit tests did not build:\n' + _build_once()[1], pytrace=False)
    rel = os.path.relpath(program, ROOT)
    if name is None:
        try:
            status, output = _run(program, '--list')
        except (OSError, subprocess.TimeoutExpired) as err:
            status, output = -1, str(err)
        pytest.fail('`%s --list` listed no tests (status %d):\n%s' % (rel, status, output),
                    pytrace=False)
    try:
        status, output = _run(program, name)
    except subprocess.TimeoutExpired as err:
        partial = err.stdout or b''
        if isinstance(partial, bytes):
            partial = partial.decode(errors='replace')
        pytest.fail('`%s %s` passed its time limit of %d s:\n%s'
                    % (rel, name, TIMEOUT, partial), pytrace=False)
    # cmocka's filter runs nothing (and passes) if the name matched no test.
    if status != 0 or '[       OK ] %s\n' % name not in output:
        pytest.fail('`%s %s` failed (status %d):\n%s' % (rel, name, status, output),
                    pytrace=False)
