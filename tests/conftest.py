# SPDX-License-Identifier: Apache-2.0
"""Shared pytest fixtures: build through the launcher's own set-up, boot in QEMU.

A test asks for what it needs and nothing more: `build(board, config)` runs the
same set-up as `./bulkhead build` (packages, the dependency cache, scons), once
per session for each (board, config); `boot(...)` and `boot_native(...)` build
then run QEMU with the board's command line and return a runner.RunResult.
When a test fails, the console tail of every run it made is added to its
report, so a failure reads as the story the machine told.
"""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tools'))

from bulkhead import build as building, cli, runner  # noqa: E402
from bulkhead.errors import UserError  # noqa: E402

DEFAULT_BOARD = cli.DEFAULT_BOARD
LAUNCHER = os.path.join(ROOT, 'bulkhead')

_builds = {}     # (board, config, app) -> (board, config_path, outdir) or the error


def _build(board, config, app=None):
    """Everything for board + config, or only `app`'s ELF (for a native boot)."""
    key = (board, config, app)
    if key not in _builds:
        try:
            b, config_path = building.load(board, config)
            if app is not None:
                building.check_app(app)
            building.prepare()
            outdir = building.output_dir(b, config_path)
            building.scons(b, config_path, [building.app_elf(outdir, app)] if app else [], capture=True)
            _builds[key] = (b, config_path, outdir)
        except UserError as err:
            _builds[key] = err
    found = _builds[key]
    if isinstance(found, UserError):
        tail = '\n'.join(getattr(found, 'output', '').splitlines()[-40:])
        pytest.fail('set-up for board %s, config %s failed: %s%s'
                    % (board, config, found, '\n' + tail if tail else ''), pytrace=False)
    return found


def _record(request, result):
    request.node.__dict__.setdefault('bulkhead_runs', []).append(result)
    return result


@pytest.fixture
def build():
    """build(board, config) -> (Board, config_path, output_dir), built once per session."""
    return _build


@pytest.fixture
def boot(request):
    """boot(board, config, memory=None, timeout=None) -> RunResult of the hypervisor's run."""
    def boot(board=DEFAULT_BOARD, config='demo', memory=None, timeout=None, extra=()):
        b, config_path, outdir = _build(board, config)
        if runner.is_bochs(b):     # memory: Bochs's megs, e.g. 128
            image = building.built(os.path.join(outdir, runner.boot_image(b)), b, config_path)
            return _record(request, runner.run_bochs(b, image, timeout or runner.timeout_of(b),
                                                     megs=memory))
        image = building.built(os.path.join(outdir, runner.boot_image(b)), b, config_path)
        argv = runner.hyp_argv(b, image, memory, extra)
        return _record(request, runner.run_qemu(argv, timeout or runner.timeout_of(b)))
    return boot


@pytest.fixture
def boot_file(request):
    """boot_file(image, board) -> RunResult of a given firmware.bin, as `run --image` boots it."""
    def boot_file(image, board=DEFAULT_BOARD, timeout=None, extra=()):
        b = building.load(board, 'hello')[0]
        return _record(request, runner.run_qemu(runner.hyp_argv(b, str(image), None, extra),
                                                timeout or runner.timeout_of(b)))
    return boot_file


@pytest.fixture
def boot_native(request):
    """boot_native(app, board, config='hello') -> RunResult of `app` without the hypervisor."""
    def boot_native(app, board=DEFAULT_BOARD, config='hello', timeout=None):
        b, config_path, outdir = _build(board, config, app)
        elf = building.built(building.app_elf(outdir, app), b, config_path)
        argv = runner.native_argv(b, elf)
        return _record(request, runner.run_qemu(argv, timeout or runner.timeout_of(b),
                                                status_line=None))
    return boot_native


@pytest.fixture
def bulkhead():
    """bulkhead(*args, env=None) -> CompletedProcess of ./bulkhead (text, output captured)."""
    def bulkhead(*args, env=None, timeout=120):
        return subprocess.run([LAUNCHER, *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
    return bulkhead


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when == 'call':
        for i, result in enumerate(item.__dict__.get('bulkhead_runs', [])):
            report.sections.append(('console of run %d' % (i + 1), result.tail()))


def pytest_collection_modifyitems(items):
    """Let `-k` take a scenario's name too: `-k hello-in-partition` = `-k hello_in_partition`."""
    for item in items:
        name = item.originalname if hasattr(item, 'originalname') else item.name
        if name.startswith('test_'):
            item.extra_keyword_matches.add(name[len('test_'):].replace('_', '-'))
