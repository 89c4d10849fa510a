"""Loads a system config (TOML) against its board and checks it.

Every mistake becomes one message naming the file, line, partition and key,
and saying what to do; all of them are reported before giving up.
docs/config.md documents the keys.
"""
import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field

from . import devicetree
from .boards import ROOT
from .errors import UserError

PAGE = 4096
DTB_MAX = 64 * 1024            # room kept for a partition's Devicetree blob
TOP_KEYS = {'description', 'partition'}
PARTITION_KEYS = {'name', 'cpus', 'memory', 'app', 'image', 'entry', 'on_fault'}
MEMORY_KEYS = {'size', 'base'}
FAULT_POLICIES = ('halt',)     # restart and reset-system arrive with issue 3
NAME_RE = re.compile(r'^[a-z][a-z0-9_-]{0,15}$')


class ConfigError(UserError):
    """Every mistake found in one config, one line each, then a summary line."""

    def __init__(self, messages, summary):
        super().__init__('\n'.join(messages + [summary]))
        self.messages = messages


@dataclass
class Partition:
    name: str
    index: int
    cpus: list
    ram_pa: int
    ram_size: int
    ram_ipa: int
    app: str = None          # an app of guests/apps, built with the tree
    image: str = None        # or a path to an ELF or raw binary
    entry: int = None
    on_fault: str = 'halt'


@dataclass
class System:
    path: str
    board: object
    hw: object
    reserved: tuple          # (base, size) of the hypervisor's own RAM
    partitions: list = field(default_factory=list)


def parse_size(value):
    """An int, or a string like "64M", "2G", "512K"."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    match = re.fullmatch(r'\s*(\d+)\s*([KMG]?)i?B?\s*', str(value), re.IGNORECASE)
    if not match:
        raise ValueError
    return int(match.group(1)) << {'': 0, 'K': 10, 'M': 20, 'G': 30}[match.group(2).upper()]


class _Checker:
    """Collects messages with their location in the TOML text."""

    def __init__(self, path, text):
        self.path = os.path.relpath(path, ROOT) if path.startswith(ROOT) else path
        self.lines = text.splitlines()
        self.blocks = [i + 1 for i, l in enumerate(self.lines) if l.strip() == '[[partition]]']
        self.messages = []

    def line_of(self, index, key=None):
        """Line of `key` in the index-th [[partition]] block (or of the block)."""
        if index is None or index >= len(self.blocks):
            return None
        start = self.blocks[index]
        end = self.blocks[index + 1] if index + 1 < len(self.blocks) else len(self.lines) + 1
        if key:
            for n in range(start, end):
                if re.match(r'\s*%s\s*[=.]' % re.escape(key), self.lines[n - 1]):
                    return n
        return start

    def error(self, message, index=None, key=None, name=None):
        line = self.line_of(index, key)
        where = self.path + (':%d' % line if line else '')
        who = ('partition "%s": ' % name) if name else ''
        self.messages.append('%s: %s%s' % (where, who, message))


def _unknown_keys(chk, table, allowed, what, index=None, name=None):
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = ('did you mean "%s"?' % close[0]) if close else \
                'known keys: %s' % ', '.join(sorted(allowed))
            chk.error('unknown key "%s" in %s; %s' % (key, what, hint), index, key, name)


def _check_partition(chk, system, index, table, taken_cpus, taken_names):
    name = table.get('name')
    if not isinstance(name, str) or not NAME_RE.match(name):
        chk.error('partition %d: "name" must be a string of 1-16 lowercase letters, digits, '
                  '"-" or "_", starting with a letter' % (index + 1), index, 'name')
        name = 'partition%d' % (index + 1)
    elif name in taken_names:
        chk.error('the name is used by another partition too; names must be unique', index, 'name', name)
    taken_names.add(name)
    _unknown_keys(chk, table, PARTITION_KEYS, 'the partition', index, name)

    cpus = table.get('cpus')
    board_cpus = len(system.hw.cpus)
    if not isinstance(cpus, list) or not cpus or not all(isinstance(c, int) and not isinstance(c, bool) for c in cpus):
        chk.error('"cpus" must be a non-empty list of CPU numbers, e.g. cpus = [0]', index, 'cpus', name)
        cpus = []
    for cpu in cpus:
        if not 0 <= cpu < board_cpus:
            chk.error('cpu %d is not on board %s (it has cpus 0-%d)' % (cpu, system.board.name, board_cpus - 1),
                      index, 'cpus', name)
        elif cpu in taken_cpus:
            chk.error('cpu %d is also assigned to "%s"; remove it from one of them' % (cpu, taken_cpus[cpu]),
                      index, 'cpus', name)
        else:
            taken_cpus[cpu] = name

    memory = table.get('memory')
    ram_pa = ram_size = None
    if not isinstance(memory, dict) or 'size' not in memory:
        chk.error('"memory" must be a table with a size, e.g. memory = { size = "64M" }', index, 'memory', name)
    else:
        _unknown_keys(chk, memory, MEMORY_KEYS, '"memory"', index, name)
        try:
            ram_size = parse_size(memory['size'])
            ram_pa = parse_size(memory['base']) if 'base' in memory else None
        except ValueError:
            chk.error('memory size and base must be numbers or sizes like "64M"', index, 'memory', name)
            ram_size = None
        if ram_size is not None and (ram_size <= 0 or ram_size % PAGE):
            chk.error('memory size 0x%x must be a non-zero multiple of 4 KiB' % ram_size, index, 'memory', name)
            ram_size = None
        if ram_pa is not None and ram_pa % PAGE:
            chk.error('memory base 0x%x must be 4 KiB aligned' % ram_pa, index, 'memory', name)
            ram_pa = None

    has_app, has_image = 'app' in table, 'image' in table
    if has_app == has_image:
        chk.error('give exactly one of "app" (an app under guests/apps) or "image" (a file)', index, 'name', name)
    elif has_app and not os.path.isdir(os.path.join(ROOT, 'guests', 'apps', str(table['app']))):
        apps = sorted(os.listdir(os.path.join(ROOT, 'guests', 'apps')))
        chk.error('app "%s" is not under guests/apps (there are: %s)' % (table['app'], ', '.join(apps)),
                  index, 'app', name)
    image = None
    if has_image:
        image = os.path.join(os.path.dirname(system.path), str(table['image']))
        if not os.path.isfile(image):
            chk.error('image file %s does not exist' % table['image'], index, 'image', name)

    on_fault = table.get('on_fault', 'halt')
    if on_fault not in FAULT_POLICIES:
        chk.error('on_fault = "%s" is not supported; use one of: %s' % (on_fault, ', '.join(FAULT_POLICIES)),
                  index, 'on_fault', name)
    entry = table.get('entry')
    if entry is not None and (not isinstance(entry, int) or isinstance(entry, bool)):
        chk.error('"entry" must be an address (an integer)', index, 'entry', name)
        entry = None
    return Partition(name, index, cpus, ram_pa, ram_size, system.board.data['partition']['ram_ipa'],
                     app=table.get('app') if has_app else None, image=image, entry=entry, on_fault=on_fault)


def _place_memory(chk, system):
    """Give each partition without a base the lowest free 2 MiB-aligned RAM,
    then check that nothing overlaps and everything lies in board RAM."""
    used = [(system.reserved[0], system.reserved[1], 'the hypervisor\'s reserved region')]
    for p in system.partitions:
        if p.ram_pa is not None and p.ram_size:
            used.append((p.ram_pa, p.ram_size, 'partition "%s"' % p.name))
    for p in system.partitions:
        if p.ram_pa is None and p.ram_size:
            p.ram_pa = _first_fit(system.hw.ram, used, p.ram_size)
            if p.ram_pa is None:
                chk.error('no room for %d MiB of RAM on board %s; make it smaller or give other '
                          'partitions less' % (p.ram_size >> 20, system.board.name), p.index, 'memory', p.name)
                continue
            used.append((p.ram_pa, p.ram_size, 'partition "%s"' % p.name))
    for p in system.partitions:
        if p.ram_pa is None or not p.ram_size:
            continue
        end = p.ram_pa + p.ram_size
        if not any(b <= p.ram_pa and end <= b + s for b, s in system.hw.ram):
            chk.error('memory 0x%x-0x%x is outside board RAM (%s)' % (p.ram_pa, end - 1, ', '.join(
                '0x%x-0x%x' % (b, b + s - 1) for b, s in system.hw.ram)), p.index, 'memory', p.name)
        for base, size, who in used:
            if who != 'partition "%s"' % p.name and base < end and p.ram_pa < base + size:
                chk.error('memory 0x%x-0x%x overlaps %s (0x%x-0x%x); move or shrink one of them'
                          % (p.ram_pa, end - 1, who, base, base + size - 1), p.index, 'memory', p.name)


def _first_fit(ram, used, size, align=2 << 20):
    for base, length in ram:
        addr = (base + align - 1) // align * align
        while addr + size <= base + length:
            clash = [b + s for b, s, _ in used if b < addr + size and addr < b + s]
            if not clash:
                return addr
            addr = (max(clash) + align - 1) // align * align
    return None


def load(path, board):
    """Read and check a config; returns a System or raises ConfigError."""
    try:
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8')
    except (OSError, UnicodeDecodeError) as err:
        raise UserError('%s: cannot read config: %s' % (path, err))
    chk = _Checker(path, text)
    summary = lambda: 'check: %d error%s (board %s, config %s)' % (
        len(chk.messages), '' if len(chk.messages) == 1 else 's', board.name,
        os.path.splitext(os.path.basename(path))[0])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r'line (\d+)', str(err))
        chk.messages.append('%s%s: TOML syntax error: %s' % (chk.path, ':' + line.group(1) if line else '', err))
        raise ConfigError(chk.messages, summary())
    hyp = board.data['hypervisor']['reserved']
    system = System(path, board, devicetree.read_board(board.dts),
                    (hyp['base'], parse_size(hyp['size'])))
    _unknown_keys(chk, data, TOP_KEYS, 'the config')
    tables = data.get('partition')
    if not isinstance(tables, list) or not tables:
        chk.error('the config declares no partition; add at least one [[partition]] table '
                  '(see docs/config.md)')
        raise ConfigError(chk.messages, summary())
    taken_cpus, taken_names = {}, set()
    for index, table in enumerate(tables):
        system.partitions.append(_check_partition(chk, system, index, table, taken_cpus, taken_names))
    _place_memory(chk, system)
    if chk.messages:
        raise ConfigError(chk.messages, summary())
    return system
