# SPDX-License-Identifier: Apache-2.0
"""What a walk of a translation regime finds: one Mapping per leaf (a page or
a block), with the permissions and memory type the MMU would apply, and the
problems met on the way (an entry the architecture reserves, a table the dump
does not hold)."""
from dataclasses import dataclass, field

PAGE = 4096


@dataclass
class Mapping:
    ia: int            # input address: IPA, guest-physical or virtual
    pa: int
    size: int
    read: bool
    write: bool
    execute: bool
    memtype: str       # 'normal' | 'device' | a description of anything else
    entry: int         # the leaf descriptor, raw
    table: int         # the table page holding it
    index: int

    @property
    def perms(self):
        return ('r' if self.read else '-') + ('w' if self.write else '-') + \
            ('x' if self.execute else '-')


@dataclass
class Walk:
    mappings: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    tables: set = field(default_factory=set)   # table pages the walk read

    def pages(self):
        """(ia, pa, mapping) for every 4 KiB page mapped, in IA order."""
        for m in sorted(self.mappings, key=lambda m: m.ia):
            for off in range(0, m.size, PAGE):
                yield m.ia + off, m.pa + off, m


def merge(mappings):
    """Runs of mappings contiguous in IA and PA with the same permissions and
    memory type, as (ia, pa, size, perms, memtype)."""
    out = []
    for m in sorted(mappings, key=lambda m: m.ia):
        if out:
            ia, pa, size, perms, memtype = out[-1]
            if ia + size == m.ia and pa + size == m.pa and perms == m.perms \
                    and memtype == m.memtype:
                out[-1] = (ia, pa, size + m.size, perms, memtype)
                continue
        out.append((m.ia, m.pa, m.size, m.perms, m.memtype))
    return out
