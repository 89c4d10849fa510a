# SPDX-License-Identifier: Apache-2.0
"""The certify walkers (tools/bulkhead/certify/walk_*.py) on hand-made table
dumps: what the manuals say each bit means, including the cases the
hypervisor never writes (hierarchical limits, WXN, misconfigured EPT
entries, a table the dump lacks), and the dump parser's refusals."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'tools'))

from bulkhead.certify import dump, walk_arm64, walk_x86  # noqa: E402
from bulkhead.certify.mapping import merge  # noqa: E402
from bulkhead.errors import UserError  # noqa: E402

# T0SZ = 32, SL0 = 1 (start at level 1), TG0 = 4 KiB.
VTCR = 32 | 1 << 6
TCR = 32
MAIR = 0x04ff                   # slot 0 Normal WB, slot 1 Device-nGnRE
WXN = 1 << 19


def make_dump(tables, space='space hyp cr3 0x0'):
    """A Dump from {table PA: {index: value}} behind one space line."""
    lines = ['[hyp] certify: begin version 1 arch test', '[hyp] certify: ' + space]
    for pa, entries in tables.items():
        lines.append('[hyp] certify: table 0x%x level 0' % pa)
        lines += ['[hyp] certify: pte 0x%x %d 0x%x' % (pa, i, v) for i, v in entries.items()]
    lines.append('[hyp] certify: end')
    return dump.parse(lines)


def test_stage2_block_page_permissions_and_memtype():
    d = make_dump({
        0x1000: {1: 0x2000 | 3, 0: 0x3000 | 3},                  # level 1 -> two level-2 tables
        # 2 MiB block: S2AP read-only, MemAttr Normal WB, XN[1:0] = 0b10.
        0x2000: {0: 0x42000000 | 1 << 6 | 0xf << 2 | 1 << 10 | 2 << 53 | 1},
        0x3000: {72: 0x4000 | 3},                                # IPA 0x09000000 -> level 3
        # a page: S2AP read-write, MemAttr Device-nGnRE, XN[1:0] = 0b00 (executable).
        0x4000: {16: 0x09010000 | 3 << 6 | 1 << 2 | 1 << 10 | 3},
    })
    w = walk_arm64.walk_stage2(d, 0x1000 | 5 << 48, VTCR)
    assert w.problems == []
    assert merge(w.mappings) == [(0x09010000, 0x09010000, 0x1000, 'rwx', 'device'),
                                 (0x40000000, 0x42000000, 2 << 20, 'r--', 'normal')]


def test_stage2_xn_and_write_only():
    d = make_dump({0x1000: {1: 0x2000 | 3},
                   0x2000: {0: 0x42000000 | 2 << 6 | 0xf << 2 | 1 << 10 | 2 << 53 | 1,
                            1: 0x42200000 | 3 << 6 | 0xf << 2 | 1 << 10 | 1 << 53 | 1}})
    w = walk_arm64.walk_stage2(d, 0x1000, VTCR)
    assert [m.perms for m in w.mappings] == ['-w-', 'rwx']   # XN 0b01: EL0 may still execute


def test_stage2_start_level_and_reserved_entries():
    # SL0 = 0: the walk starts at level 2; a level-3 entry with bit 1 clear is reserved.
    d = make_dump({0x1000: {0: 0x2000 | 3}, 0x2000: {0: 0x5000 | 1, 1: 0x6000 | 3}})
    w = walk_arm64.walk_stage2(d, 0x1000, 32)
    assert [m.ia for m in w.mappings] == [0x1000]
    assert len(w.problems) == 1 and 'reserved level-3 descriptor' in w.problems[0]
    # A table the dump does not hold is a problem, not a silent hole.
    w = walk_arm64.walk_stage2(make_dump({0x1000: {0: 0x9000 | 3}}), 0x1000, VTCR)
    assert w.problems == ['table page 0x9000 (level 2, reached from IA 0x0) is not in the dump']
    assert walk_arm64.walk_stage2(d, 0x1000, VTCR | 3 << 6).problems == ['VTCR_EL2.SL0 = 3 is '
                                                                          'reserved']


def test_el2_stage1_hierarchical_limits_and_wxn():
    page_rw_exec = 0x40000000 | 1 << 10 | 1 << 6 | 3      # AttrIndx 0, AP RW, XN clear
    d = make_dump({
        0x1000: {1: 0x2000 | 3, 0: 0x3000 | 3 | 1 << 62 | 1 << 60},   # APTable RO, XNTable
        0x2000: {0: 0x4000 | 3},
        0x4000: {0: page_rw_exec, 1: 0x40001000 | 1 << 10 | 1 << 7 | 3},
        0x3000: {72: 0x5000 | 3},
        0x5000: {0: 0x09000000 | 1 << 2 | 1 << 10 | 3},
    })
    w = walk_arm64.walk_el2_stage1(d, 0x1000, TCR, MAIR, 0)
    got = {m.ia: (m.perms, m.memtype) for m in w.mappings}
    assert got == {0x40000000: ('rwx', 'normal'), 0x40001000: ('r-x', 'normal'),
                   0x09000000: ('r--', 'device')}
    # SCTLR_EL2.WXN: a writable page never executes.
    w = walk_arm64.walk_el2_stage1(d, 0x1000, TCR, MAIR, WXN)
    assert {m.ia: m.perms for m in w.mappings}[0x40000000] == 'rw-'


def test_ept_permissions_intersect_and_misconfiguration():
    d = make_dump({
        0x1000: {0: 0x2000 | 7},
        0x2000: {0: 0x3000 | 5},                     # the PDPTE denies write below it
        0x3000: {1: 0x200000 | 7 | 6 << 3 | 1 << 7,  # 2 MiB page, WB
                 2: 0x4000 | 7},
        0x4000: {0: 0x09000000 | 3 | 0 << 3, 1: 0x09001000 | 2},   # UC; W without R
    })
    w = walk_x86.walk_ept(d, 0x1000 | 3 << 3 | 6)
    got = {m.ia: (m.perms, m.memtype, m.size) for m in w.mappings}
    assert got[0x200000] == ('r-x', 'normal', 2 << 20)
    assert got[0x400000] == ('r--', 'device', 4096)
    assert len(w.problems) == 1 and 'writable but not readable' in w.problems[0]
    assert walk_x86.walk_ept(d, 0x1000 | 2 << 3).problems[0].startswith('EPTP walk length 3')


def test_x86_paging_nx_and_write_protect():
    d = make_dump({0x1000: {0: 0x2000 | 3 | 1 << 63, 1: 0x5000 | 3},
                   0x2000: {0: 0x3000 | 3}, 0x3000: {1: 0x200000 | 1 | 1 << 7},
                   0x5000: {0: 0x6000 | 1}, 0x6000: {0: 0x7000 | 1}, 0x7000: {0: 0x8000 | 3}})
    cr0, cr4, efer = 1 << 16, 1 << 5, 1 << 8 | 1 << 11
    w = walk_x86.walk_paging(d, 0x1000, cr0, cr4, efer)
    got = {m.ia: m.perms for m in w.mappings}
    assert got == {0x200000: 'r--', 0x8000000000: 'r-x'} and w.problems == []
    w = walk_x86.walk_paging(d, 0x1000, 0, cr4, 1 << 8)
    assert {m.ia: m.perms for m in w.mappings} == {0x200000: 'rwx', 0x8000000000: 'rwx'}
    assert len(w.problems) == 2


@pytest.mark.parametrize('lines, message', [
    (['[hyp] hello'], r'no "\[hyp\] certify: begin" line'),
    (['[hyp] certify: begin version 1 arch x'], 'cut short'),
    (['[hyp] certify: begin version 2 arch x'], 'version 2'),
    (['[hyp] certify: begin version 1 arch x', '[hyp] certify: pte 0x1000 0 0x1'],
     'not in the dump grammar'),
    (['[hyp] certify: begin version 1 arch x', '[hyp] certify: table 0x1000 level 0',
      '[hyp] certify: pte 0x1000 512 0x1'], 'not in the dump grammar'),
])
def test_dump_parser_refuses_bad_dumps(lines, message):
    with pytest.raises(UserError, match=message):
        dump.parse(lines)
