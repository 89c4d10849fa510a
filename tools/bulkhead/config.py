# SPDX-License-Identifier: Apache-2.0
"""Loads a system config (TOML) against its board and checks all of it.

The config is the single source of truth for a system: which partition owns
which CPUs, RAM, devices, interrupts and channels. Nothing builds until it
passes. Every mistake becomes one message naming the file, line, partition (or
channel) and key, and saying what to do; all of them are reported at once,
then one summary line. docs/config.md documents the keys.

The order of the work, a module for each step: the TOML text (parse.py:
syntax, with its line), each table's keys and their types (schema.py, and the
meaning of each key here), then ownership across partitions (ownership.py:
CPUs, devices and the pages they sit in, interrupts), then placement
(layout.py: RAM, then channels, by first fit), then what needs placement to be
judged (imagecheck.py: images fitting their RAM; layout.py: each partition's
regions, stored, and its IPA map). Every step says what is wrong through one
Report (report.py); the System it fills in is model.py's.
"""
import difflib
import os
import re

from . import busmaster, devicetree, firmware, imagecheck, layout, ownership, parse, schema, tomlpos
from .boards import ROOT
from .errors import UserError
from .layout import PAGE, human
from .model import CHANNEL_IPA_DEFAULT, Channel, ChannelEnd, Partition, System, parse_size
from .report import ConfigError, Report
from .schema import CHANNEL_KEYS, MEMORY_KEYS, PARTITION_KEYS, TOP_KEYS
FAULT_POLICIES = ('halt', 'restart', 'reset-system')
RESTARTS_DEFAULT, RESTARTS_MAX = 3, 1000
CONSOLES = ('virtual',)
ACCESSES = ('read', 'write')
END_KEYS = ('access', 'doorbell')
DOORBELL_MIN, DOORBELL_MAX = 32, 987   # SPIs; INTIDs the GIC can carry
INTID_FIRST, INTID_LAST = 32, 987     # the SPIs a partition may own
NAME_RE = re.compile(r'[a-z][a-z0-9_-]{0,15}')
# The hypervisor's own console prefix: a partition of that name could write
# lines that read as the hypervisor's (the runner trusts "[hyp] run ended").
HYP_CONSOLE_NAME = 'hyp'
IRQ_MODES = ('injected', 'direct')


def app_names():
    """The apps under guests/apps: each directory holding C sources (as guests/SConscript
    builds them; guests/apps/common holds only headers)."""
    top = os.path.join(ROOT, 'guests', 'apps')
    try:
        return sorted(d for d in os.listdir(top) if os.path.isdir(os.path.join(top, d))
                      and any(f.endswith('.c') for f in os.listdir(os.path.join(top, d))))
    except OSError:
        return []


def _device(name, dev):
    """How messages name a device: as the config wrote it, with its path if that differs."""
    return 'device "%s"' % name + (' (%s)' % dev.path if name != dev.path else '')


def load(path, board, text=None):
    """Read and check a config; returns a System or raises ConfigError (or
    UserError when the file itself or the board cannot be read).

    `text` (str or bytes), when given, is used instead of the file's content;
    the file's directory still anchors relative image paths.
    """
    rep = Report(path)
    if not isinstance(text, str):
        text = parse.read_text(path, rep, text)
    data = parse.toml(text, rep) if text is not None else None
    system = None
    if data is not None:
        rep.lines = tomlpos.key_lines(text)
        system = _Checker(rep, path, board, data).run()
    if rep.found:
        n = len(rep.found)
        summary = 'check: %d error%s (board %s, config %s)' % (
            n, '' if n == 1 else 's', board.name, os.path.splitext(os.path.basename(path))[0])
        raise ConfigError(rep.messages(), summary)
    return system


def _board_system(path, board):
    """An empty System for `board`, or a UserError naming what board.toml lacks."""
    try:
        hyp = board.data['hypervisor']
        part = board.data['partition']
        reserved = (hyp['reserved']['base'], parse_size(hyp['reserved']['size']))
        system = System(path, board, devicetree.read_board(board.dts), reserved,
                        ram_ipa=part['ram_ipa'],
                        channel_ipa=part.get('channel_ipa', CHANNEL_IPA_DEFAULT))
        return system, hyp['console']
    except (KeyError, TypeError, ValueError) as err:
        raise UserError('boards/%s/board.toml: missing or bad [hypervisor] reserved/console or '
                        '[partition] ram_ipa (%s: %s)' % (board.name, type(err).__name__, err))


class _Checker:
    """One pass over one config; see the module comment for the order."""

    def __init__(self, rep, path, board, data):
        self.rep = rep
        self.data = data
        self.system, self.console = _board_system(path, board)
        self.hw = self.system.hw
        self.by_name = {}        # first partition of each name
        self.channel_names = set()
        self.spots = {}          # (partition index, what, value) -> key path of the value
        self.apps = None         # the apps under guests/apps, listed once
        self.image_sizes = {}    # partition index -> (image as written, the file's size)

    def error(self, at, who, what):
        self.rep.error(at, who, what)

    def run(self):
        system = self.system
        schema.unknown_keys(self.rep, self.data, TOP_KEYS, (), None, 'the config')
        system.description = schema.typed(self.rep, self.data, 'description', TOP_KEYS, (), None) or ''
        self.firmware_keys()
        tables = self.tables('partition')
        for index, table in enumerate(tables or []):
            system.partitions.append(self.partition(index, table))
        if tables == []:
            self.error(None, None, 'the config declares no partition; add a [[partition]] table '
                                   '(see docs/config.md)')
        ownership.claim(self)
        firmware.size_region(self)
        layout.place_ram(self)
        imagecheck.check(self)
        for index, table in enumerate(self.tables('channel') or []):
            system.channels.append(self.channel(index, table))
        self.direct_without_doorbells()
        layout.place_channels(self)
        layout.check_ipas(self)
        return system

    def firmware_keys(self):
        """security_version (default: the board's minimum) and verify."""
        system = self.system
        minimum = firmware.min_security_version(system.board)
        version = schema.typed(self.rep, self.data, 'security_version', TOP_KEYS, (), None)
        system.security_version = minimum if version is None else version
        if system.security_version < minimum or system.security_version >= 1 << 64:
            self.error(('security_version',), None, 'security_version %d is below board %s\'s '
                       'minimum %d ([firmware] min_security_version in its board.toml), which '
                       'would refuse to boot it; write security_version = %d or more'
                       % (system.security_version, system.board.name, minimum, minimum))
        mode = schema.typed(self.rep, self.data, 'verify', TOP_KEYS, (), None)
        if mode is not None and mode not in firmware.VERIFY_MODES:
            self.error(('verify',), None, 'verify = "%s" is not a mode; write verify = "image" '
                       '(a bad payload refuses the whole image) or verify = "partition" (only its '
                       'partition stays off)' % mode)
        system.verify = mode if mode in firmware.VERIFY_MODES else 'image'

    def tables(self, key):
        """The [[key]] tables ([] if there are none), or None after a message when
        `key` has the wrong type."""
        if key not in self.data:
            return []
        return schema.typed(self.rep, self.data, key, TOP_KEYS, (), None)

    # --- names ----------------------------------------------------------------

    def name(self, table, at, kind, taken):
        """The table's valid name (also when it repeats one: that is reported here), or None."""
        who = '%s #%d' % (kind, at[-1] + 1)
        if 'name' not in table:
            self.error(at, who, 'has no "name"; add one like name = "%s%d"' % (kind[:4], at[-1] + 1))
            return None
        name = table['name']
        if not isinstance(name, str):
            self.error(at + ('name',), who, '"name" must be a string, not %s; write it like name = '
                       '"%s%d"' % (schema.describe(name), kind[:4], at[-1] + 1))
            return None
        if not NAME_RE.fullmatch(name):
            self.error(at + ('name',), who, '"name" must be 1-16 characters: a lowercase letter, '
                       'then lowercase letters, digits, "_" or "-"; "%s" is not' % name)
            return None
        if kind == 'partition' and name == HYP_CONSOLE_NAME:
            self.error(at + ('name',), who, '"name" = "%s" is the hypervisor\'s own console prefix; '
                       'choose another name' % name)
            return None
        if name in taken:
            self.error(at + ('name',), '%s "%s"' % (kind, name),
                       'another %s is already named "%s"; names must be unique' % (kind, name))
        return name

    # --- partitions -------------------------------------------------------------

    def partition(self, index, table):
        at = ('partition', index)
        name = self.name(table, at, 'partition', self.by_name)
        if name and name not in self.by_name:
            self.by_name[name] = index
        who = 'partition "%s"' % name if name else 'partition #%d' % (index + 1)
        schema.unknown_keys(self.rep, table, PARTITION_KEYS, at, who, 'a partition')
        typed = {k: schema.typed(self.rep, table, k, PARTITION_KEYS, at, who) for k in table if k != 'name'}
        p = Partition(name or '', index, [], None, None, self.system.ram_ipa, who=who)
        for key, what in (('cpus', 'the board CPUs it runs on, like cpus = [1]'),
                          ('memory', 'its RAM, like memory = { size = "64M" }')):
            if key not in table:
                self.error(at, who, 'has no "%s"; add %s' % (key, what))
        self.cpus(p, typed.get('cpus'), at)
        self.memory(p, typed.get('memory'), at)
        self.source(p, table, typed, at)
        self.policy(p, table, typed, at)
        self.console_entry(p, typed, at)
        self.irq_mode(p, typed, at)
        p.pmu_el2 = typed.get('pmu_el2') is True
        self.devices(p, typed.get('devices'), at)
        busmaster.check(self.error, p, typed.get('unprotected_dma'), at, self.spots, self.hw.find)
        self.extra_irqs(p, typed.get('irqs'), at)
        return p

    def cpus(self, p, cpus, at):
        if cpus is None:
            return
        if not cpus:
            self.error(at + ('cpus',), p.who, '"cpus" is empty; give it at least one CPU, like cpus = [1]')
        count = len(self.hw.cpus)
        for k, cpu in enumerate(cpus):
            spot = at + ('cpus', k)
            if not 0 <= cpu < count:
                self.error(spot, p.who, 'cpu %d is not on board %s (it has cpus 0-%d); use one of those'
                           % (cpu, self.system.board.name, count - 1))
            elif cpu in p.cpus:
                self.error(spot, p.who, 'cpu %d is listed twice; list it once' % cpu)
            else:
                p.cpus.append(cpu)
                self.spots[(p.index, 'cpu', cpu)] = spot

    def size(self, table, at, who, what, keys):
        """A positive multiple of 4 KiB from table["size"], or None after a message.
        `what` starts the messages: 'memory size ...' or 'size ...'."""
        if 'size' not in table:
            self.error(at, who, '%shas no "size"; add one like %s' % (what, keys['size'][1]))
            return None
        value = schema.typed(self.rep, table, 'size', keys, at, who)
        if isinstance(value, str):
            try:
                value = parse_size(value)
            except ValueError:
                self.error(at + ('size',), who, '%ssize "%s" is not a size; write a number of bytes '
                           'or a string like "64M" (suffix K, M or G)' % (what, table['size']))
                return None
        if value is None:
            return None
        if value <= 0:
            self.error(at + ('size',), who, '%ssize is %s; give it at least one 4 KiB page'
                       % (what, 'zero' if value == 0 else 'negative'))
        elif value % PAGE:
            up = -(-value // PAGE) * PAGE
            self.error(at + ('size',), who, '%ssize 0x%x (%s) is not a multiple of 4 KiB; round it '
                       'up to 0x%x (%s)' % (what, value, human(value), up, human(up)))
        else:
            return value
        return None

    def memory(self, p, memory, at):
        if memory is None:
            return
        at += ('memory',)
        schema.unknown_keys(self.rep, memory, MEMORY_KEYS, at, p.who, '"memory"')
        p.ram_size = self.size(memory, at, p.who, 'memory ', MEMORY_KEYS)
        base = schema.typed(self.rep, memory, 'base', MEMORY_KEYS, at, p.who)
        if base is None:
            return
        if base < 0:
            self.error(at + ('base',), p.who, 'memory base %d is negative; give a physical address '
                       'in board RAM, or leave base out' % base)
        elif base % PAGE:
            self.error(at + ('base',), p.who, 'memory base 0x%x is not 4 KiB aligned; use a multiple '
                       'of 0x1000 such as 0x%x, or leave base out' % (base, base // PAGE * PAGE))
        else:
            p.ram_pa, p.ram_fixed = base, True

    def source(self, p, table, typed, at):
        """app (built from guests/apps) or image (a file beside the config)."""
        has_app, has_image = 'app' in table, 'image' in table
        if has_app and has_image:
            self.error(at + ('image',), p.who, 'gives both "app" and "image"; keep one of them')
        elif not (has_app or has_image):
            self.error(at, p.who, 'has neither "app" (an app under guests/apps) nor "image" (a file); '
                       'add one of them')
        app, image = typed.get('app'), typed.get('image')
        if app is not None:
            if self.apps is None:
                self.apps = app_names()
            apps = self.apps
            if app not in apps:
                self.error(at + ('app',), p.who, 'app "%s" is not under guests/apps; %s'
                           % (app, schema.did_you_mean(app, apps, 'the apps there are')))
            else:
                p.app = app
        if image is not None:
            p.image = os.path.join(os.path.dirname(os.path.abspath(self.system.path)), image)
            size = imagecheck.read(self, p, image, at + ('image',))
            if size is not None:
                self.image_sizes[p.index] = (image, size)

    def policy(self, p, table, typed, at):
        """on_fault and max_restarts."""
        on_fault = typed.get('on_fault')
        if on_fault is not None and on_fault not in FAULT_POLICIES:
            hint = difflib.get_close_matches(on_fault, FAULT_POLICIES, n=1)
            self.error(at + ('on_fault',), p.who, 'on_fault = "%s" is not a fault policy; %s'
                       % (on_fault, 'did you mean "%s"?' % hint[0] if hint else
                          'use "halt", "restart" or "reset-system"'))
        elif on_fault is not None:
            p.on_fault = on_fault
        restarts = typed.get('max_restarts')
        if 'max_restarts' in table and 'on_fault' in table and on_fault != 'restart':
            self.error(at + ('max_restarts',), p.who, '"max_restarts" only applies with on_fault = '
                       '"restart"; remove it or set on_fault = "restart"')
        elif 'max_restarts' in table and 'on_fault' not in table:
            self.error(at + ('max_restarts',), p.who, '"max_restarts" only applies with on_fault = '
                       '"restart" (the default is "halt"); add on_fault = "restart" or remove it')
        elif restarts is not None and not 1 <= restarts <= RESTARTS_MAX:
            self.error(at + ('max_restarts',), p.who, 'max_restarts = %d is out of range; use 1 to %d'
                       % (restarts, RESTARTS_MAX))
        if p.on_fault == 'restart':
            p.max_restarts = restarts if restarts is not None and 1 <= restarts <= RESTARTS_MAX \
                else RESTARTS_DEFAULT

    def irq_mode(self, p, typed, at):
        """Direct mode hands the partition its CPUs' physical GIC CPU interface.
        Refused where that would let it touch what is not its own."""
        mode = typed.get('irq_mode')
        if mode is None:
            return
        if mode not in IRQ_MODES:
            self.error(at + ('irq_mode',), p.who, 'irq_mode = "%s" is not an interrupt mode; use '
                       '"injected" (the default) or "direct"' % mode)
        elif mode == 'direct' and self.system.hw.gic_version != 3:
            self.error(at + ('irq_mode',), p.who, 'irq_mode = "direct" needs a GICv3: on GICv%d the '
                       'CPU interface also carries the hypervisor\'s own interrupts, so a partition '
                       'holding it could mask or acknowledge them; use irq_mode = "injected"'
                       % self.system.hw.gic_version)
        else:
            p.irq_mode = mode

    def direct_without_doorbells(self):
        """Doorbells are virtual interrupts, which a direct partition never sees."""
        for ch in self.system.channels:
            for pname, end in ch.ends.items():
                p = self.system.partitions[self.by_name[pname]]
                if end.doorbell is not None and p.irq_mode == 'direct':
                    self.error(('channel', ch.index, 'ends', pname), 'channel "%s"' % ch.name,
                               'end "%s" has a doorbell, but the partition takes its interrupts in '
                               'irq_mode = "direct", where only physical ones arrive; drop the '
                               'doorbell and poll, or use irq_mode = "injected"' % pname)

    def console_entry(self, p, typed, at):
        console = typed.get('console')
        if console is not None and console not in CONSOLES:
            self.error(at + ('console',), p.who, 'console = "%s" is not supported; use console = '
                       '"virtual" (the hypervisor shares its UART between partitions)' % console)
        entry = typed.get('entry')
        if entry is not None and entry < 0:
            self.error(at + ('entry',), p.who, 'entry %d is negative; give the address where the '
                       'image starts running' % entry)
        else:
            p.entry = entry

    def devices(self, p, names, at):
        for k, name in enumerate(names or []):
            spot = at + ('devices', k)
            dev = self.hw.find(name)
            if dev is None:
                self.error(spot, p.who, 'device "%s" is not on board %s; %s'
                           % (name, self.system.board.name,
                              schema.did_you_mean(name, self.assignable(), 'the devices a partition can own are')))
                continue
            why = self.not_assignable(dev)
            if why:
                self.error(spot, p.who, '%s cannot be owned by a partition: %s; remove it from '
                           '"devices"' % (_device(name, dev), why))
            elif any(d.path == dev.path for d in p.devices):
                self.error(spot, p.who, 'device "%s" is listed twice%s; list it once'
                           % (name, ' (as "%s" or "%s")' % (dev.label, dev.path) if dev.label else ''))
            else:
                p.devices.append(dev)
                self.spots[(p.index, 'device', dev.path)] = spot

    def not_assignable(self, dev):
        """Why no partition may own `dev` (None if one may)."""
        if dev.path == self.console:
            return ('it is the hypervisor\'s console UART (board.toml hypervisor.console), which '
                    'partitions share through console = "virtual"')
        if dev.reserved:
            return dev.reserved
        if dev.ppis:
            return 'it has per-CPU interrupts (PPI INTIDs %s)' % ', '.join(map(str, dev.ppis))
        return None

    def assignable(self):
        return [d.label or d.path for d in self.hw.nodes.values() if not self.not_assignable(d)]

    def extra_irqs(self, p, irqs, at):
        for k, intid in enumerate(irqs or []):
            spot = at + ('irqs', k)
            implied = [d for d in p.devices if intid in d.intids]
            keeper = [d for d in self.hw.nodes.values() if intid in d.intids and self.not_assignable(d)]
            if not INTID_FIRST <= intid <= INTID_LAST:
                self.error(spot, p.who, 'irq %d is not a shared peripheral interrupt; give GIC INTIDs '
                           '%d-%d (SPI n is INTID n + 32)' % (intid, INTID_FIRST, INTID_LAST))
            elif intid in p.extra_irqs:
                self.error(spot, p.who, 'irq %d is listed twice; list it once' % intid)
            elif implied:
                self.error(spot, p.who, 'irq %d is already implied by its device "%s"; remove it from '
                           '"irqs"' % (intid, implied[0].name))
            elif keeper:
                self.error(spot, p.who, 'irq %d belongs to %s, which no partition may own: %s; remove '
                           'it from "irqs"' % (intid, _device(keeper[0].name, keeper[0]),
                                               self.not_assignable(keeper[0])))
            else:
                p.extra_irqs.append(intid)
                self.spots[(p.index, 'irq', intid)] = spot

    def channel_end_table(self, table, spot, who, pname):
        """An end written as { access = "read", doorbell = 50 }: (access, doorbell)."""
        for key in table:
            if key not in END_KEYS:
                self.error(spot + (key,), who, 'end "%s": unknown key "%s"; %s' % (
                    pname, key, schema.did_you_mean(key, END_KEYS, 'an end has')))
        doorbell = table.get('doorbell')
        if doorbell is not None and (isinstance(doorbell, bool) or not isinstance(doorbell, int)
                                     or not DOORBELL_MIN <= doorbell <= DOORBELL_MAX):
            self.error(spot + ('doorbell',), who, 'end "%s": doorbell %s is not a virtual SPI; use an '
                       'interrupt ID from %d to %d, like doorbell = 50'
                       % (pname, schema.describe(doorbell) if not isinstance(doorbell, int) else doorbell,
                          DOORBELL_MIN, DOORBELL_MAX))
            doorbell = None
        return table.get('access'), doorbell

    def doorbell_taken(self, p, intid, spot, who, pname):
        """A doorbell must be an interrupt the partition has no other use for."""
        if intid in p.irqs:
            self.error(spot + ('doorbell',), who, 'end "%s": doorbell %d is also an interrupt of one '
                       'of its devices; pick a free SPI' % (pname, intid))
            return True
        for other in self.system.channels:
            end = other.ends.get(pname)
            if end is not None and end.doorbell == intid:
                self.error(spot + ('doorbell',), who, 'end "%s": doorbell %d is also its doorbell of '
                           'channel "%s"; give each channel its own' % (pname, intid, other.name))
                return True
        return False

    def channel(self, index, table):
        at = ('channel', index)
        name = self.name(table, at, 'channel', self.channel_names)
        who = 'channel "%s"' % name if name else 'channel #%d' % (index + 1)
        if name:
            self.channel_names.add(name)
        schema.unknown_keys(self.rep, table, CHANNEL_KEYS, at, who, 'a channel')
        ch = Channel(name or '', self.size(table, at, who, '', CHANNEL_KEYS), index=index)
        ends = schema.typed(self.rep, table, 'ends', CHANNEL_KEYS, at, who)
        if 'ends' not in table:
            self.error(at, who, 'has no "ends"; add them like %s' % CHANNEL_KEYS['ends'][1])
        for pname, access in (ends or {}).items():
            spot = at + ('ends', pname)
            doorbell = None
            if isinstance(access, dict):
                access, doorbell = self.channel_end_table(access, spot, who, pname)
            if pname not in self.by_name:
                self.error(spot, who, 'end "%s" is not a partition of this config; %s'
                           % (pname, schema.did_you_mean(pname, self.by_name, 'the partitions are')))
            elif access not in ACCESSES:
                shown = '"%s"' % access if isinstance(access, str) else schema.describe(access)
                self.error(spot, who, 'end "%s" is %s; each end must be "read" or "write"' % (pname, shown))
            elif doorbell is not None and self.doorbell_taken(
                    self.system.partitions[self.by_name[pname]], doorbell, spot, who, pname):
                pass
            else:
                ch.ends[pname] = ChannelEnd(access, doorbell=doorbell)
        if ends is not None and len(ends) < 2:
            self.error(at + ('ends',), who, 'has %d end; a channel joins at least two partitions: add '
                       'the other side to "ends"' % len(ends) if ends else
                       'has no ends; add them like %s' % CHANNEL_KEYS['ends'][1])
        elif ends is not None and 'write' not in [e.get('access') if isinstance(e, dict) else e
                                                  for e in ends.values()]:
            self.error(at + ('ends',), who, 'no end writes to it; make at least one end "write"')
        return ch
