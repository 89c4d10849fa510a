# SPDX-License-Identifier: Apache-2.0
"""Boots an image in QEMU and collects its console, within a time limit.

The command line comes from the board's board.toml ([run] table), so a board
says how it is run and nothing here knows about particular machines. QEMU's
stdout is always read to EOF: cutting it short (as `| head` would) stalls the
emulated UART and QEMU then never exits. The exit status of a run is QEMU's
status of a hypervisor run is the one on its last console line, "[hyp] run
ended: status N" (the statuses are in hyp/include/bulkhead_abi.h), and
nothing else: only the hypervisor writes unprefixed lines to the console it
owns, so no partition can end a run or forge its status. A native run (an app
on the bare board, nothing to isolate) reports through QEMU's own exit status
(semihosting) or, on Bochs, its own "run ended" line. A run past its time
limit has its whole process group killed and reports status 124, like
timeout(1).
"""
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

from .errors import UserError

TIMEOUT_STATUS = 124
NO_STATUS_LINE = 4           # as BULKHEAD_RUN_HYP_PANIC: the hypervisor never said

# The hypervisor's last line; a partition's lines all start "[its name] ".
HYP_STATUS_LINE = re.compile(r'^\[hyp\] run ended: status (-?\d+)$')
# A unikernel booted natively on a Bochs board (guests/runtime/x86_64).
NATIVE_STATUS_LINE = re.compile(r'^run ended: status (-?\d+)$')

# Which Debian package provides each emulator, for the "not found" message.
EMULATOR_PACKAGES = {
    'qemu-system-aarch64': 'qemu-system-arm',
    'qemu-system-arm': 'qemu-system-arm',
    'qemu-system-x86_64': 'qemu-system-x86',
    'bochs': 'bochs',
}


@dataclass(repr=False)
class RunResult:
    """What a run left behind: its exit status and every console line."""
    status: int
    lines: list = field(default_factory=list)
    timed_out: bool = False
    argv: list = field(default_factory=list)

    def __repr__(self):   # short: pytest shows it in every failed assertion
        return 'RunResult(status=%d, %d lines%s)' % (self.status, len(self.lines),
                                                      ', timed out' if self.timed_out else '')

    def grep(self, pattern, flags=0):
        """Every console line that `pattern` (a regex) matches, in order."""
        regex = re.compile(pattern, flags)
        return [line for line in self.lines if regex.search(line)]

    def tail(self, count=40):
        """The last `count` console lines, as one string, for failure messages."""
        shown = self.lines[-count:]
        head = '--- console (last %d of %d lines), status %d%s ---' % (
            len(shown), len(self.lines), self.status,
            ', timed out' if self.timed_out else '')
        return '\n'.join(['$ ' + ' '.join(self.argv), head] + shown)


def require(program):
    """Raise a one-line UserError unless `program` is on PATH."""
    if shutil.which(program) is None:
        package = EMULATOR_PACKAGES.get(os.path.basename(program), program)
        raise UserError('%s not found; run ./bulkhead to install it (package %s)'
                        % (program, package))


def _run_table(board):
    run = board.data.get('run')
    if not isinstance(run, dict):
        raise UserError('board %s has no [run] table in its board.toml; it cannot be run here'
                        % board.name)
    return run


# A second serial port in a board's command line: "{serial:uart1}" becomes a
# QEMU "file:" chardev, which run_qemu() reads as it grows and shows with its
# lines prefixed "[uart1] " (the name before ".log").
SERIAL_PLACEHOLDER = re.compile(r'^\{serial:([\w-]+)\}$')
SERIAL_LOG_DIR_PREFIX = 'bulkhead-serial-'


def _expand(board, key, image):
    """The board's run.<key> command line for `image`: {image} is the image,
    {board_dtb} the board's Devicetree blob built beside it, {serial:NAME} a
    log file for a second serial port (see SERIAL_PLACEHOLDER)."""
    import tempfile
    import uuid
    argv = _run_table(board).get(key)
    if not argv:
        raise UserError('board %s has no run.%s command line in its board.toml'
                        % (board.name, key))
    # Only named here: run_qemu() creates the directory (and removes it), so
    # a command line built and never run leaves nothing behind.
    logs = os.path.join(tempfile.gettempdir(), SERIAL_LOG_DIR_PREFIX + uuid.uuid4().hex)
    out = []
    for arg in (str(a) for a in argv):
        port = SERIAL_PLACEHOLDER.match(arg)
        if port:
            arg = 'file:' + os.path.join(logs, port.group(1) + '.log')
        out.append(arg.replace('{image}', image).replace(
            '{board_dtb}', os.path.join(os.path.dirname(image), 'board.dtb')))
    return out


def _serial_logs(argv):
    """The second serial ports' log files in `argv`: [(path, line prefix)]."""
    logs = []
    for arg in argv:
        if arg.startswith('file:') and os.path.basename(os.path.dirname(arg[5:])).startswith(
                SERIAL_LOG_DIR_PREFIX):
            path = arg[5:]
            logs.append((path, '[%s] ' % os.path.splitext(os.path.basename(path))[0]))
    return logs


def timeout_of(board):
    """The board's time limit for one run, in seconds."""
    return float(_run_table(board).get('timeout', 60))


def hyp_argv(board, image, memory=None, extra=()):
    """QEMU command line that boots the hypervisor image on `board`.

    `memory` replaces the value of `-m` (e.g. "128M" to test the Devicetree
    check); `extra` arguments go at the end.
    """
    argv = _expand(board, 'qemu', image)
    if memory is not None:
        if '-m' not in argv:
            raise UserError('board %s: run.qemu has no -m option to override' % board.name)
        argv[argv.index('-m') + 1] = str(memory)
    return argv + list(extra)


def native_argv(board, elf, extra=()):
    """QEMU command line that boots a unikernel ELF natively, without the hypervisor."""
    return _expand(board, 'qemu_native', elf) + list(extra)


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _emit(text, lines, echo):
    line = text.replace('\r', '')
    lines.append(line)
    if echo:
        sys.stdout.write(line + '\n')
        sys.stdout.flush()


def status_from_console(lines, pattern):
    """The status on the first console line `pattern` matches, or None."""
    for line in lines:
        found = pattern.match(line)
        if found:
            return int(found.group(1))
    return None


def _console_status(lines, pattern, emulator, code, echo, detail=''):
    """The status on the console; without the line, NO_STATUS_LINE and a last
    line saying so (`detail`: what else the emulator left, e.g. its log)."""
    status = status_from_console(lines, pattern)
    if status is None:
        _emit('%s: ended (status %d) without the line "run ended: status N"; counted as '
              'status %d%s' % (emulator, code, NO_STATUS_LINE, detail), lines, echo)
        return NO_STATUS_LINE
    return status


def run_qemu(argv, timeout, echo=False, status_line=HYP_STATUS_LINE):
    """Run `argv` (a QEMU command line) to completion; return a RunResult.

    stdin is /dev/null, stdout and stderr are read together line by line as
    they come (echoed at once when `echo` is true) until EOF. The status is
    the one on the first console line `status_line` matches (the
    hypervisor's), or QEMU's own exit status if `status_line` is None (native
    runs, through semihosting). Past `timeout` seconds the process group is
    killed and the status is 124. A second serial port in `argv` (a board's
    {serial:NAME}) is followed as its file grows, each of its lines added
    prefixed "[NAME] ".
    """
    require(argv[0])
    ports = [(path, prefix, {'offset': 0, 'pending': b''}) for path, prefix in _serial_logs(argv)]
    for path, _, _ in ports:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
    except OSError as err:
        raise UserError('cannot start %s: %s' % (argv[0], err.strerror))
    lines, pending, timed_out = [], b'', False
    deadline = time.monotonic() + timeout
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        while True:
            for path, prefix, state in ports:
                _read_new_lines(path, state, lines, echo, prefix=prefix)
            left = deadline - time.monotonic()
            if left <= 0:
                if timed_out:
                    break     # killed, yet something still holds the pipe open
                timed_out = True
                _kill_group(proc)
                # Read what is already buffered, up to EOF, for a little longer.
                deadline, left = time.monotonic() + 5.0, 5.0
            if not sel.select(timeout=min(left, 0.1) if ports else left):
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            pending += chunk
            *complete, pending = pending.split(b'\n')
            for raw in complete:
                _emit(raw.decode('utf-8', 'replace'), lines, echo)
        if pending:
            _emit(pending.decode('utf-8', 'replace'), lines, echo)
    except BaseException:
        _kill_group(proc)
        raise
    finally:
        sel.close()
        proc.stdout.close()
    status = proc.wait()
    for path, prefix, state in ports:
        _read_new_lines(path, state, lines, echo, final=True, prefix=prefix)
        shutil.rmtree(os.path.dirname(path), ignore_errors=True)
    if timed_out:
        status = TIMEOUT_STATUS
    elif status < 0:
        status = 128 - status     # killed by a signal, as a shell reports it
    elif status_line is not None:
        status = _console_status(lines, status_line, 'qemu', status, echo)
    return RunResult(status, lines, timed_out, list(argv))


# --- Bochs (boards whose [run] says emulator = "bochs") ------------------------

# Continue, and leave the debugger when the simulation ends (the shutdown port).
BOCHS_COMMANDS = 'c\nquit\n'


def is_bochs(board):
    """Whether `board` runs in Bochs (its [run] table says emulator = "bochs")."""
    return _run_table(board).get('emulator') == 'bochs'


def boot_image(board):
    """The build output a board's simulator boots (run.image): by default
    hyp.iso in Bochs, the signed firmware.bin in QEMU."""
    return _run_table(board).get('image', 'hyp.iso' if is_bochs(board) else 'firmware.bin')


def _read_new_lines(path, state, lines, echo, final=False, prefix=''):
    """Console lines added to `path` since the last call, each after `prefix`;
    the partial last line waits."""
    try:
        with open(path, 'rb') as f:
            f.seek(state['offset'])
            chunk = f.read()
    except OSError:
        return
    state['offset'] += len(chunk)
    state['pending'] += chunk
    *complete, state['pending'] = state['pending'].split(b'\n')
    if final and state['pending']:
        complete.append(state['pending'])
        state['pending'] = b''
    for raw in complete:
        _emit(prefix + raw.decode('utf-8', 'replace'), lines, echo)


def _bochs_log_detail(log):
    """Bochs's last panic or error line, and where its log is, for a failed run."""
    try:
        with open(log, errors='replace') as f:
            why = [ln.strip() for ln in f if re.search(r'\b(PANIC|ERROR)\b', ln)]
    except OSError:
        why = []
    return '%s; log: %s' % (': ' + why[-1] if why else '', log)


def run_bochs(board, iso, timeout, echo=False, megs=None, status_line=HYP_STATUS_LINE):
    """Boot `iso` in Bochs with the board's bochsrc; return a RunResult.

    Bochs runs headless (display_library: term with TERM=dumb, its screen
    thrown away) in a private directory; COM1, the hypervisor's console, goes
    to a file read as it grows. The run ends when the hypervisor writes
    "Shutdown" to Bochs's shutdown port, after its last line "[hyp] run
    ended: status N", which gives the status (`status_line`:
    NATIVE_STATUS_LINE for an app booted natively). Bochs ending without
    that line is reported on a last "bochs: " line with status 4; past
    `timeout` seconds it is killed and the status is 124.
    """
    import tempfile
    require('bochs')
    run = _run_table(board)
    if isinstance(megs, str):          # "128M", as QEMU's -m would take it
        megs = int(re.sub(r'(?i)\s*(M|MB|MiB)$', '', megs))
    work = tempfile.mkdtemp(prefix='bulkhead-bochs-')
    files = {name: os.path.join(work, name) for name in ('com1.txt', 'com2.txt', 'bochs.log',
                                                          'bochsrc', 'commands')}
    with open(files['bochsrc'], 'w') as f:
        f.write(run['bochsrc'].format(iso=os.path.abspath(iso), com1=files['com1.txt'],
                                      com2=files['com2.txt'], log=files['bochs.log'],
                                      megs=megs if megs is not None else run.get('megs', 512)))
    with open(files['commands'], 'w') as f:
        f.write(BOCHS_COMMANDS)
    argv = ['bochs', '-q', '-f', files['bochsrc'], '-rc', files['commands']]
    lines, state, timed_out = [], {'offset': 0, 'pending': b''}, False
    try:
        proc = subprocess.Popen(argv, cwd=work, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, TERM='dumb'), start_new_session=True)
    except OSError as err:
        raise UserError('cannot start bochs: %s' % err.strerror)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None:
            if time.monotonic() > deadline:
                timed_out = True
                _kill_group(proc)
                break
            _read_new_lines(files['com1.txt'], state, lines, echo)
            time.sleep(0.05)
        code = proc.wait()
        _read_new_lines(files['com1.txt'], state, lines, echo, final=True)
    except BaseException:
        _kill_group(proc)
        raise
    if timed_out:
        status = TIMEOUT_STATUS
    else:
        status = _console_status(lines, status_line, 'bochs', code, echo,
                                 _bochs_log_detail(files['bochs.log']))
    if status in (0, 1, 2, 3, 5) and not timed_out:
        shutil.rmtree(work, ignore_errors=True)
    return RunResult(status, lines, timed_out, argv)

