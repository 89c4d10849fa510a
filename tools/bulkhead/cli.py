# SPDX-License-Identifier: Apache-2.0
"""The `./bulkhead` command: set-up, build, run and test in one place.

Every command starts with the same set-up (build.py), so a fresh Debian 12
machine needs nothing but this repository: install the Debian packages that
are missing (as root; otherwise stop with the exact apt-get line), build the
pinned dependencies once into $BULKHEAD_CACHE, then build the board and config
with SCons.

A user's mistake is a UserError: one line on stderr, a non-zero exit, no
traceback. Anything else is a bug in these tools and is also reported on one
line, with BULKHEAD_DEBUG=1 to see the traceback.
"""
import argparse
import os
import re
import subprocess
import sys
import textwrap

if __package__ in (None, ''):
    # Run as a script (tools/bulkhead/cli.py): make the package importable.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bulkhead import boards, runner, signing  # noqa: E402
from bulkhead.build import (app_elf, app_names, built, check_app, config_name_of,  # noqa: E402
                            load, output_dir, prepare, prepare_deps, prepare_packages, scons,
                            setup)
from bulkhead.certify import command as certify_command  # noqa: E402
from bulkhead.errors import UserError, printable  # noqa: E402

ROOT = boards.ROOT
DEFAULT_BOARD = 'qemu-virt-arm64'
DEFAULT_CONFIG = 'demo'
PYTHON = '/usr/bin/python3' if os.path.exists('/usr/bin/python3') else sys.executable

# Run statuses, as hyp/include/bulkhead_abi.h defines them (BULKHEAD_RUN_*).
RUN_VERDICTS = {
    0: 'every partition exited with status 0',
    1: 'a partition exited with a non-zero status',
    2: 'partition fault',
    3: 'boot refused: the machine does not match the board',
    4: 'hypervisor panic',
    5: 'a partition reset the system (on_fault = "reset-system")',
    6: 'firmware.bin refused (verification failed)',
    runner.TIMEOUT_STATUS: 'timed out',
}

EPILOG_STATUSES = """\
exit status of `run` (set by the hypervisor, see hyp/include/bulkhead_abi.h):
  0    every partition exited with status 0
  1    a partition exited with a non-zero status
  2    a partition was halted by its fault policy
  3    boot refused: the machine does not match the board (e.g. too little RAM)
  4    hypervisor panic (an internal check failed)
  5    a partition's on_fault = "reset-system" fired (on QEMU the run ends
       with this status instead of rebooting)
  6    firmware.bin failed verification: nothing started (or, with
       verify = "partition", the partition whose payload failed did not)
  124  the run passed its time limit and was killed
`run --native APP` exits with the app's own status.
Any user mistake (unknown board, config or app, a missing tool) exits 1 with
one line on stderr; BULKHEAD_DEBUG=1 shows a traceback for internal errors."""


# --- commands ---------------------------------------------------------------

def verdict(result, timeout, native_app=None):
    """The one-line summary printed after a run."""
    qemu_errors = result.grep(r'^%s: ' % re.escape(os.path.basename(result.argv[0])))
    if result.timed_out:
        what = 'timed out after %g s' % timeout
    elif result.status != 0 and qemu_errors:
        what = 'QEMU failed: %s' % qemu_errors[0]
    elif native_app is not None:
        what = 'exited with status %d' % result.status
    else:
        what = RUN_VERDICTS.get(result.status, 'unexpected status from QEMU')
    if native_app is not None:
        return 'bulkhead: native run of %s ended: %s (status %d)' % (native_app, what,
                                                                       result.status)
    return 'bulkhead: run ended: %s (status %d)' % (what, result.status)


def _bochs_megs(memory):
    """--memory for a Bochs board: "128M" or "128" -> 128 (Bochs's megs)."""
    match = re.fullmatch(r'(\d+)\s*(?:M|MB|MiB)?', memory or '', re.IGNORECASE)
    if not match:
        raise UserError('--memory %s: give Bochs boards a size in MiB, like 128M' % memory)
    return int(match.group(1))


def app_iso(outdir, app):
    """A Bochs board's native image of `app`: its ELF in a GRUB ISO (guests/SConscript)."""
    return os.path.join(outdir, 'guests', 'apps', app, app + '.iso')


def _run_bochs_native(args, board, config_path):
    """`run --native APP` on a Bochs board: GRUB boots the app's ELF with
    multiboot2 on the bare PC; it ends the way the hypervisor does (a
    "run ended: status N" line, then Bochs's shutdown port), with its own status."""
    check_app(args.native)
    runner.require('bochs')
    prepare_deps()
    outdir = output_dir(board, config_path)
    timeout = args.timeout if args.timeout is not None else runner.timeout_of(board)
    megs = _bochs_megs(args.memory) if args.memory else None
    iso = app_iso(outdir, args.native)
    scons(board, config_path, [iso])
    image = built(iso, board, config_path)
    print('bulkhead: booting app %s natively on %s (bochs, time limit %g s)'
          % (args.native, board.name, timeout), flush=True)
    result = runner.run_bochs(board, image, timeout, echo=True, megs=megs,
                              status_line=runner.NATIVE_STATUS_LINE)
    print(verdict(result, timeout, args.native), flush=True)
    return result.status


def _run_bochs(args, board, config_path):
    """`run` on a board Bochs simulates (board.toml [run] emulator = "bochs")."""
    if args.native:
        return _run_bochs_native(args, board, config_path)
    runner.require('bochs')
    prepare_deps()
    outdir = output_dir(board, config_path)
    timeout = args.timeout if args.timeout is not None else runner.timeout_of(board)
    megs = _bochs_megs(args.memory) if args.memory else None
    scons(board, config_path)
    image = built(os.path.join(outdir, runner.boot_image(board)), board, config_path)
    print('bulkhead: booting config %s on %s (bochs, time limit %g s)'
          % (config_name_of(config_path), board.name, timeout), flush=True)
    result = runner.run_bochs(board, image, timeout, echo=True, megs=megs)
    print(verdict(result, timeout), flush=True)
    return result.status


def cmd_run(args):
    board, config_path = load(args.board, args.config)
    if runner.is_bochs(board):
        if args.image:
            raise UserError('--image: board %s boots hyp.iso, not a firmware.bin (the signed '
                            'image is arm64-only so far)' % board.name)
        prepare_packages()
        return _run_bochs(args, board, config_path)
    if args.native:
        check_app(args.native)
        if args.memory:
            raise UserError('--memory applies to hypervisor runs only, not with --native')
        if args.image:
            raise UserError('--image boots a firmware.bin; it cannot go with --native')
    if args.image:
        given = os.path.abspath(args.image)
        if not os.path.isfile(given):
            raise UserError('--image %s: no such file; give a firmware.bin (e.g. a copy of '
                            'build/%s/CONFIG/firmware.bin)' % (args.image, board.name))
    prepare_packages()
    # Before the long part of set-up: the emulator this board runs on.
    kind = 'qemu_native' if args.native else 'qemu'
    argv0 = (runner.native_argv(board, 'x') if args.native else runner.hyp_argv(board, 'x'))[0]
    runner.require(argv0)
    prepare_deps()
    outdir = output_dir(board, config_path)
    timeout = args.timeout if args.timeout is not None else runner.timeout_of(board)
    extra = args.qemu_arg or []
    if args.native:
        elf = app_elf(outdir, args.native)
        scons(board, config_path, [elf])
        argv = runner.native_argv(board, built(elf, board, config_path), extra)
    else:
        if args.image:   # as given: nothing is built
            image = given
        else:
            scons(board, config_path)
            image = built(os.path.join(outdir, runner.boot_image(board)), board, config_path)
        argv = runner.hyp_argv(board, image, args.memory, extra)
    what = ('app %s natively' % args.native if args.native else
            os.path.relpath(given) if args.image else 'config %s' % config_name_of(config_path))
    print('bulkhead: booting %s on %s (%s, time limit %g s)' % (what, board.name, kind, timeout),
          flush=True)
    result = runner.run_qemu(argv, timeout, echo=True,
                             status_line=None if args.native else runner.HYP_STATUS_LINE)
    print(verdict(result, timeout, args.native), flush=True)
    return result.status


def cmd_build(args):
    board, config_path, outdir = setup(args.board, args.config)
    print('bulkhead: built %s' % os.path.relpath(outdir, ROOT))
    return 0


def board_of_config(path):
    """The board a config file belongs to: configs/BOARD/NAME.toml names it;
    any other place means the default board."""
    parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return parent if parent in boards.names() else DEFAULT_BOARD


def check_one(config, board_name):
    """Check one config; prints its verdict and returns True when it is valid."""
    from bulkhead import config as system_config
    try:
        board = boards.load(board_name or board_of_config(config))
        path = boards.resolve_config(board, config)
        system = system_config.load(path, board)
    except system_config.ConfigError as err:
        print(err, file=sys.stderr)
        return False
    except UserError as err:
        print('bulkhead: error: %s' % printable(str(err), keep_newlines=True), file=sys.stderr)
        return False
    n, m = len(system.partitions), len(system.channels)
    print('check: ok (board %s, config %s): %d partition%s, %d channel%s'
          % (board.name, config_name_of(path), n, '' if n == 1 else 's', m, '' if m == 1 else 's'))
    return True


def cmd_check(args):
    """Validate configs without building anything (no set-up, no SCons)."""
    results = [check_one(config, args.board) for config in args.configs]
    return 0 if all(results) else 1


def cmd_bench(args):
    from bulkhead import bench
    boards.load(args.board)
    prepare()
    if runner.is_bochs(boards.load(args.board)):
        if not hasattr(bench, 'measure_bochs'):
            raise UserError('bench: board %s runs in Bochs, which has no benchmarks yet'
                            % args.board)
        figures = bench.measure_bochs(args.board)
    else:
        figures = bench.measure(args.board)
    print(bench.table(figures))
    print('bench: figures written to %s' % os.path.relpath(bench.write_json(args.board, figures,
                                                                            args.json), ROOT))
    if args.plots:
        written = bench.plot(figures, args.plots)
        print('bench: %d plots written to %s' % (len(written), args.plots))
    if args.check:
        print('\n'.join(bench.check_lines(figures)), file=sys.stderr if bench.missed(figures)
              else sys.stdout)
        return 1 if bench.missed(figures) else 0
    return 0


def cmd_test(args, extra):
    prepare()
    argv = [PYTHON, '-m', 'pytest', 'tests', '-q']
    if args.k:
        argv += ['-k', args.k]
    argv += extra
    sys.stdout.flush()
    return subprocess.run(argv, cwd=ROOT).returncode


# --- argument parsing ---------------------------------------------------------

class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line, like every other bulkhead error."""

    def error(self, message):
        self.exit(2, 'bulkhead: error: %s (see ./bulkhead %s--help)\n'
                  % (message, self._sub_name + ' ' if getattr(self, '_sub_name', '') else ''))


def _known():
    try:
        names = boards.names()
        lines = ['boards and their configs:']
        for name in names:
            configs = boards.config_names(boards.load(name))
            lines.append('  %-18s %s' % (name, ', '.join(configs) or '(no configs yet)'))
        lines.append('apps (for --native): %s' % (', '.join(app_names()) or 'none yet'))
        return '\n'.join(lines)
    except (OSError, UserError):
        return ''


def _para(text):
    return textwrap.fill(text, 79)


def _add_target(p):
    p.add_argument('-b', '--board', default=DEFAULT_BOARD, metavar='BOARD',
                   help='a directory under boards/ (default %(default)s)')
    p.add_argument('-c', '--config', default=DEFAULT_CONFIG, metavar='CONFIG',
                   help='a system config: a name under configs/BOARD/ or a path to a '
                        '.toml file (default %(default)s)')


def parser():
    fmt = argparse.RawDescriptionHelpFormatter
    top = Parser(prog='bulkhead', formatter_class=fmt,
                 description=_para(
                     'Bulkhead: a static-partitioning hypervisor. Each command first '
                     'installs missing Debian packages (as root; otherwise it prints the '
                     'apt-get line), builds the pinned dependencies into $BULKHEAD_CACHE '
                     '(default ~/.cache/bulkhead) once, and builds BOARD + CONFIG with SCons '
                     'into build/BOARD/CONFIG/.'),
                 epilog=_known() + '\n\n' + EPILOG_STATUSES)
    sub = top.add_subparsers(dest='command', metavar='COMMAND')

    run = sub.add_parser('run', formatter_class=fmt, help='build, then boot in QEMU',
                         description=_para(
                             'Build BOARD + CONFIG, boot the hypervisor in QEMU and show its '
                             'console live; with --native APP, boot that unikernel on the '
                             'bare board instead (no hypervisor, EL1; on a Bochs board GRUB '
                             'boots it from a multiboot2 ISO). Exits with the run\'s '
                             'status.'), epilog=EPILOG_STATUSES)
    _add_target(run)
    run.add_argument('--native', metavar='APP',
                     help='boot build/BOARD/CONFIG/guests/apps/APP/APP.elf without the hypervisor')
    run.add_argument('--image', metavar='FILE',
                     help='boot FILE, a firmware.bin (e.g. a tampered copy), instead of '
                          'building; -b picks the board, -c is ignored')
    run.add_argument('--timeout', type=float, metavar='S',
                     help='time limit in seconds (default: the board\'s run.timeout)')
    run.add_argument('-m', '--memory', metavar='SIZE',
                     help='override QEMU\'s -m (e.g. 128M: the hypervisor refuses to boot)')
    run.add_argument('--qemu-arg', action='append', metavar='ARG',
                     help='one more QEMU argument, repeatable; write --qemu-arg=-d for '
                          'arguments that start with a dash')

    build = sub.add_parser('build', formatter_class=fmt, help='build only',
                           description=_para(
                               'Build BOARD + CONFIG into build/BOARD/CONFIG/: firmware.bin '
                               '(arm64: the signed image run boots, docs/image-format.md; '
                               'signed with $BULKHEAD_KEY or this checkout\'s development '
                               'key), hyp.bin (raw arm64 Image), hyp.elf, hyp.map, '
                               'partitions/NAME.elf and guests/apps/APP/APP.elf.'))
    _add_target(build)

    test = sub.add_parser('test', formatter_class=fmt, help='run every test with pytest',
                          description=_para(
                              'Run the test suite (tests/): host unit tests, config tests and '
                              'the QEMU system scenarios, after the same set-up as the other '
                              'commands. Ends with pytest\'s "N passed, M failed" line and '
                              'exits with its status. Other arguments go to pytest unchanged '
                              '(e.g. -x, -v, a test file).'))
    test.add_argument('-k', metavar='NAME',
                      help='run only the tests whose name matches NAME (pytest -k), '
                           'e.g. hello_native')
    check = sub.add_parser('check', formatter_class=fmt, help='check configs without building',
                           description=_para(
                               'Check each system config against its board and print every '
                               'mistake (FILE:LINE: partition "NAME": what is wrong; what to do) '
                               'and a summary line, or "check: ok". Builds nothing and needs only '
                               'dtc and libfdt. Exits 0 when every config is valid, else 1. '
                               'The keys are documented in docs/config.md.'))
    check.add_argument('configs', nargs='+', metavar='FILE',
                       help='a .toml file, or a config name under configs/BOARD/')
    check.add_argument('-b', '--board', metavar='BOARD',
                       help='the board to check against (default: BOARD when the file is '
                            'configs/BOARD/NAME.toml, else %s)' % DEFAULT_BOARD)
    bench = sub.add_parser('bench', formatter_class=fmt, help='deterministic benchmarks',
                           description=_para(
                               'Boot the bench app natively and in partitions under QEMU with '
                               '-icount shift=0 (one instruction per virtual nanosecond, the '
                               'same every run), print each figure beside its native baseline '
                               'and its target, and write build/bench.json. Method and '
                               'results: docs/benchmarks.md.'))
    bench.add_argument('-b', '--board', default=DEFAULT_BOARD, metavar='BOARD',
                       help='a directory under boards/ (default %(default)s)')
    bench.add_argument('--json', metavar='FILE', help='where to write the figures '
                       '(default build/bench.json)')
    bench.add_argument('--check', action='store_true', help='exit 1, naming each one, when a '
                       'figure misses its target (without it the run only reports)')
    bench.add_argument('--plots', metavar='DIR', help='also draw one SVG chart per figure '
                       'there (gnuplot), as docs/benchmarks/ holds them')
    signing.add_parser(sub, fmt, _para)
    certify_command.add_parser(sub, fmt, _para)
    for name, p in (('run', run), ('build', build), ('test', test), ('check', check),
                    ('bench', bench)):
        p._sub_name = name
    return top


def dispatch(argv):
    p = parser()
    args, extra = p.parse_known_args(argv)
    if args.command is None:
        p.print_help()
        return 2
    if extra and args.command != 'test':
        p._sub_name = args.command
        p.error('unrecognized arguments: %s' % ' '.join(extra))
    if args.command == 'run':
        return cmd_run(args)
    if args.command == 'build':
        return cmd_build(args)
    if args.command == 'check':
        return cmd_check(args)
    if args.command == 'bench':
        return cmd_bench(args)
    if args.command == 'keygen':
        return signing.cmd_keygen(args)
    if args.command == 'certify':
        return certify_command.cmd_certify(args)
    return cmd_test(args, extra)


def main(argv=None):
    try:
        return dispatch(sys.argv[1:] if argv is None else argv)
    except UserError as err:
        # One line; a message may add detail below it (an apt-get line, a log tail).
        print('bulkhead: error: %s' % printable(str(err), keep_newlines=True), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print('bulkhead: interrupted', file=sys.stderr)
        return 130
    except Exception as err:  # a bug in these tools, still reported on one line
        if os.environ.get('BULKHEAD_DEBUG'):
            raise
        print('bulkhead: internal error: %s: %s (rerun with BULKHEAD_DEBUG=1 for the traceback)'
              % (type(err).__name__, printable(' '.join(str(err).split()))), file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
