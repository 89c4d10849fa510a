# SPDX-License-Identifier: Apache-2.0
"""The certify dump: the "[hyp] certify: ..." lines a certify boot prints
(docs/architecture.md, "Certify boot"), read into a Dump.

The dump is treated as a copy of memory: every table page the hypervisor
printed, with its non-zero entries. The walkers (walk_arm64.py, walk_x86.py)
read it as the MMU reads memory, starting from the root registers; the dump's
own notion of which entry is a table is not used.
"""
import re
from dataclasses import dataclass, field

from ..errors import UserError

PREFIX = '[hyp] certify: '
VERSION = 1


@dataclass
class Space:
    """One translation regime as the dump names it: 'hyp' or a partition."""
    kind: str                     # 'hyp' | 'partition'
    name: str                     # 'hyp' or the partition's name
    regs: dict                    # register name -> value, as printed
    tables: list = field(default_factory=list)   # physical addresses of its table pages


@dataclass
class Dump:
    arch: str = ''
    image: dict = field(default_factory=dict)     # start, text_end, rodata_end, end
    spaces: list = field(default_factory=list)    # [Space], hyp first
    memory: dict = field(default_factory=dict)    # table page PA -> {index: entry}
    cpu_owner: dict = field(default_factory=dict)  # cpu -> partition name or 'none'
    vcpus: list = field(default_factory=list)     # [(partition, vcpu index, cpu)]
    owns: list = field(default_factory=list)      # [(partition, intid)]: its irq list
    irq_owner: dict = field(default_factory=dict)  # intid -> partition: the owner table
    doorbells: list = field(default_factory=list)  # [(partition, intid, channel)]
    hyp_irqs: dict = field(default_factory=dict)   # intid or vector -> what it is for
    percpu_irqs: list = field(default_factory=list)  # INTIDs banked per CPU (its owner's)
    ended: bool = False

    def space(self, name):
        return next((s for s in self.spaces if s.name == name and s.kind == 'partition'), None)

    @property
    def hyp(self):
        return next((s for s in self.spaces if s.kind == 'hyp'), None)

    def read(self, table, index):
        """Entry `index` of the table page at `table`; None if the page was not dumped."""
        page = self.memory.get(table)
        return None if page is None else page.get(index, 0)


_HEX = r'0x[0-9a-fA-F]+'
_REGS = re.compile(r'(\w+) (%s)' % _HEX)


def _regs(text):
    return {name: int(value, 16) for name, value in _REGS.findall(text)}


def parse(lines):
    """A Dump from a run's console lines; UserError when the dump is missing,
    of another version, cut short, or has a line it cannot read."""
    d = Dump()
    current = None
    begun = False
    for n, raw in enumerate(lines, 1):
        if not raw.startswith(PREFIX):
            continue
        line = raw[len(PREFIX):].strip()
        word, _, rest = line.partition(' ')
        m = None
        if word == 'begin':
            m = re.fullmatch(r'version (\d+) arch (.+)', rest)
            if m and int(m.group(1)) != VERSION:
                raise UserError('certify dump: version %s, this tool reads version %d; rebuild '
                                'the image from this tree' % (m.group(1), VERSION))
            if m:
                d.arch, begun = m.group(2), True
        elif not begun:
            raise UserError('certify dump: console line %d comes before "begin": %s' % (n, raw))
        elif word == 'image':
            m = re.fullmatch(r'start (%s) text_end (%s) rodata_end (%s) end (%s)'
                             % ((_HEX,) * 4), rest)
            if m:
                d.image = dict(zip(('start', 'text_end', 'rodata_end', 'end'),
                                   (int(g, 16) for g in m.groups())))
        elif word == 'space':
            m = re.fullmatch(r'(hyp|partition (\S+)) ((?:\w+ %s ?)+)' % _HEX, rest)
            if m:
                kind = 'hyp' if m.group(1) == 'hyp' else 'partition'
                current = Space(kind, m.group(2) or 'hyp', _regs(m.group(3)))
                d.spaces.append(current)
        elif word == 'table':
            m = re.fullmatch(r'(%s) level (\d+)' % _HEX, rest)
            if m and current is not None:
                pa = int(m.group(1), 16)
                current.tables.append(pa)
                d.memory.setdefault(pa, {})
        elif word == 'pte':
            m = re.fullmatch(r'(%s) (\d+) (%s)' % (_HEX, _HEX), rest)
            if m:
                table, index, value = int(m.group(1), 16), int(m.group(2)), int(m.group(3), 16)
                if table not in d.memory or not 0 <= index < 512:
                    m = None
                else:
                    d.memory[table][index] = value
        elif word == 'cpu':
            m = re.fullmatch(r'(\d+) owner (\S+)', rest)
            if m:
                d.cpu_owner[int(m.group(1))] = m.group(2)
        elif word == 'vcpu':
            m = re.fullmatch(r'(\S+) (\d+) cpu (\d+)', rest)
            if m:
                d.vcpus.append((m.group(1), int(m.group(2)), int(m.group(3))))
        elif word == 'owns':
            m = re.fullmatch(r'(\S+) irq (\d+)', rest)
            if m:
                d.owns.append((m.group(1), int(m.group(2))))
        elif word == 'irq':
            m = re.fullmatch(r'(\d+) owner (\S+)', rest)
            if m:
                d.irq_owner[int(m.group(1))] = m.group(2)
        elif word == 'doorbell':
            m = re.fullmatch(r'(\S+) irq (\d+) channel (\S+)', rest)
            if m:
                d.doorbells.append((m.group(1), int(m.group(2)), m.group(3)))
        elif word in ('hyp-irq', 'hyp-vector'):
            m = re.fullmatch(r'(\d+) (\S+)', rest)
            if m:
                d.hyp_irqs[int(m.group(1))] = m.group(2)
        elif word == 'percpu-irq':
            m = re.fullmatch(r'(\d+)', rest)
            if m:
                d.percpu_irqs.append(int(m.group(1)))
        elif word == 'end':
            m = re.fullmatch('', rest)
            d.ended = m is not None
        if m is None:
            raise UserError('certify dump: console line %d is not in the dump grammar '
                            '(docs/architecture.md, "Certify boot"): %s' % (n, raw))
    if not begun:
        raise UserError('certify dump: the run printed no "[hyp] certify: begin" line; was the '
                        'image booted with bulkhead.certify=dump on its command line?')
    if not d.ended:
        raise UserError('certify dump: no "[hyp] certify: end" line; the dump was cut short')
    return d
