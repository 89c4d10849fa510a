# SPDX-License-Identifier: Apache-2.0
"""VMSAv8-64 translation table walks, 4 KiB granule, written from the Arm
Architecture Reference Manual (ARM DDI 0487), chapter D8, not from the
hypervisor's code: stage 2 from VTTBR_EL2/VTCR_EL2 (a partition's IPA space)
and the EL2 stage 1 regime from TTBR0_EL2/TCR_EL2/MAIR_EL2/SCTLR_EL2 (the
hypervisor's own).

Only what a certify dump can show is modelled: one 4 KiB-granule regime, no
concatenated start tables beyond what T0SZ asks, no FEAT_LPA2, no
hardware-updated access flags (an entry with AF clear is reported as mapped:
hardware with FEAT_HAFDBS would set it on first use).
"""
from .mapping import Mapping, Walk

ENTRIES = 512
OA_MASK = 0x0000fffffffff000          # output address bits [47:12] (D8.3)


def _bits(value, hi, lo):
    return (value >> lo) & ((1 << (hi - lo + 1)) - 1)


def start_level_stage2(vtcr):
    """VTCR_EL2.SL0 with TG0 = 4 KiB (D8.2, Table "stage 2 start level"):
    0b00 level 2, 0b01 level 1, 0b10 level 0; 0b11 reserved without FEAT_TTST."""
    return {0: 2, 1: 1, 2: 0}.get(_bits(vtcr, 7, 6))


def start_level_stage1(t0sz):
    """Stage 1, 4 KiB granule: the start level follows from the input size
    (D8.2): 48-40 bits level 0, 39-31 level 1, 30-22 level 2."""
    bits = 64 - t0sz
    if 40 <= bits <= 48:
        return 0
    if 31 <= bits <= 39:
        return 1
    if 22 <= bits <= 30:
        return 2
    return None


def _level_shift(level):
    return 12 + 9 * (3 - level)


def _walk(dump, root, level, input_bits, leaf, walk, limits=None):
    """Walk from the table at `root` (start `level`), calling leaf(entry, level,
    limits) for blocks and pages; `limits` are the hierarchical attributes a
    stage-1 table descriptor passes down (none at stage 2)."""
    # The start table has as many entries as the input size asks for (D8.2:
    # with fewer bits than the level resolves, the top index bits are 0).
    entries = min(ENTRIES, 1 << max(0, input_bits - _level_shift(level)))
    stack = [(root, level, 0, limits or {})]
    while stack:
        table, level, base, limits = stack.pop()
        walk.tables.add(table)
        if table not in dump.memory:
            walk.problems.append('table page 0x%x (level %d, reached from IA 0x%x) is not in the '
                                 'dump' % (table, level, base))
            continue
        for index in range(entries if table == root else ENTRIES):
            entry = dump.read(table, index)
            ia = base + (index << _level_shift(level))
            if entry & 1 == 0:
                continue                       # invalid: bit 0 clear (D8.3.1)
            is_table_bit = entry & 2
            if level == 3:
                if not is_table_bit:           # 0b01 at level 3 is reserved: invalid
                    walk.problems.append('reserved level-3 descriptor 0x%016x at table 0x%x '
                                         'index %d (treated as invalid)' % (entry, table, index))
                    continue
                leaf(walk, entry, table, index, level, ia, 1 << 12, limits)
            elif is_table_bit:
                stack.append((entry & OA_MASK, level + 1, ia, _table_limits(entry, limits)))
            elif level in (1, 2):
                leaf(walk, entry, table, index, level, ia, 1 << _level_shift(level), limits)
            else:                              # a block at level 0 is not allowed with 4 KiB
                walk.problems.append('block descriptor 0x%016x at level 0 (table 0x%x index %d) '
                                     'faults' % (entry, table, index))
    return walk


def _table_limits(entry, limits):
    """Stage-1 table descriptor limits (D8.4.2): APTable[1] (bit 62) makes
    what follows read-only; XNTable (bit 60) makes it never executable. At
    stage 2 these bits are RES0/ignored, so stage-2 callers ignore them."""
    out = dict(limits)
    if entry >> 62 & 1:
        out['ro'] = True
    if entry >> 60 & 1:
        out['xn'] = True
    return out


def _output(entry, size):
    return entry & OA_MASK & ~(size - 1)


def stage2_memtype(memattr):
    """Stage-2 MemAttr[3:0] (D8.5.5, without FEAT_S2FWB): [3:2] = 0b00 is
    Device memory ([1:0] its type), anything else Normal memory."""
    if memattr >> 2 == 0:
        return 'device'
    if memattr & 3 == 0:
        return 'reserved MemAttr 0x%x' % memattr
    return 'normal'


def walk_stage2(dump, vttbr, vtcr):
    """Every leaf of a partition's stage 2 as the MMU sees it from these registers."""
    walk = Walk()
    if _bits(vtcr, 15, 14) != 0:
        walk.problems.append('VTCR_EL2.TG0 = %d: not the 4 KiB granule' % _bits(vtcr, 15, 14))
        return walk
    input_bits = 64 - _bits(vtcr, 5, 0)
    level = start_level_stage2(vtcr)
    if level is None:
        walk.problems.append('VTCR_EL2.SL0 = 3 is reserved')
        return walk

    def leaf(walk, entry, table, index, level, ia, size, _limits):
        s2ap = _bits(entry, 7, 6)        # bit 6 read, bit 7 write (D8.5.3)
        xn = _bits(entry, 54, 53)        # XN[1:0] (D8.5.4; bit 53 RES0 before FEAT_XNX)
        walk.mappings.append(Mapping(
            ia=ia, pa=_output(entry, size), size=size, read=bool(s2ap & 1),
            write=bool(s2ap & 2),
            # 0b10 is "no execution at EL1 or EL0"; every other value lets
            # some exception level execute (0b01/0b11 only with FEAT_XNX).
            execute=xn != 2, memtype=stage2_memtype(_bits(entry, 5, 2)), entry=entry,
            table=table, index=index))
    # The root is VTTBR_EL2.BADDR; VMID in [63:48] and CnP in bit 0 are not address bits.
    return _walk(dump, vttbr & OA_MASK, level, input_bits, leaf, walk)


def mair_memtype(mair, index):
    """MAIR_EL2 attribute byte `index` (D8.5.2): 0b0000dd00 is Device memory,
    a non-zero high nibble (with a non-zero low one) is Normal memory."""
    attr = mair >> (8 * index) & 0xff
    if attr >> 4 == 0:
        return 'device' if attr & 3 == 0 else 'reserved MAIR 0x%02x' % attr
    if attr & 0xf == 0:
        return 'reserved MAIR 0x%02x' % attr
    return 'normal'


SCTLR_WXN = 1 << 19


def walk_el2_stage1(dump, ttbr0, tcr, mair, sctlr):
    """Every leaf of the EL2 (non-VHE) stage 1 regime: AP[2] (bit 7) makes a
    page read-only, XN (bit 54) never executable; SCTLR_EL2.WXN (bit 19) makes
    every writable page never executable (D8.4)."""
    walk = Walk()
    if _bits(tcr, 15, 14) != 0:
        walk.problems.append('TCR_EL2.TG0 = %d: not the 4 KiB granule' % _bits(tcr, 15, 14))
        return walk
    t0sz = _bits(tcr, 5, 0)
    level = start_level_stage1(t0sz)
    if level is None:
        walk.problems.append('TCR_EL2.T0SZ = %d is out of range' % t0sz)
        return walk
    wxn = bool(sctlr & SCTLR_WXN)

    def leaf(walk, entry, table, index, level, ia, size, limits):
        write = not (entry >> 7 & 1) and not limits.get('ro')
        execute = not (entry >> 54 & 1) and not limits.get('xn') and not (wxn and write)
        walk.mappings.append(Mapping(
            ia=ia, pa=_output(entry, size), size=size, read=True, write=write, execute=execute,
            memtype=mair_memtype(mair, _bits(entry, 4, 2)), entry=entry, table=table,
            index=index))
    return _walk(dump, ttbr0 & OA_MASK, level, 64 - t0sz, leaf, walk)

