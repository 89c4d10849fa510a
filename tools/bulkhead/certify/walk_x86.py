# SPDX-License-Identifier: Apache-2.0
"""x86-64 walks, written from the Intel SDM, not from the hypervisor's code:
EPT from the EPT pointer (vol. 3C, 29.3: EPTP, EPT paging-structure
entries) and the host's 4-level paging from CR3 (vol. 3A, 4.5)."""
from .mapping import Mapping, Walk

ENTRIES = 512
ADDR_MASK = 0x000ffffffffff000           # bits 51:12 (M = 52 at most)
EPT_MEMTYPES = {0: 'device', 6: 'normal', 1: 'WC', 4: 'WT', 5: 'WP'}


def _walk(dump, root, leaf_ok, leaf, present, walk):
    """Four levels (PML4, PDPT, PD, PT); `leaf_ok(entry, level)` says whether a
    level-1/2 entry maps a page (bit 7); levels are numbered 0 (PML4) to 3."""
    stack = [(root, 0, 0, [])]
    while stack:
        table, level, base, path = stack.pop()
        walk.tables.add(table)
        if table not in dump.memory:
            walk.problems.append('table page 0x%x (level %d, reached from 0x%x) is not in the '
                                 'dump' % (table, level, base))
            continue
        for index in range(ENTRIES):
            entry = dump.read(table, index)
            if not present(entry):
                continue
            address = base + (index << (12 + 9 * (3 - level)))
            if level == 0 and address >= 1 << 47:
                address |= 0xffff000000000000  # canonical: bits 63:48 copy bit 47
            if level == 3 or (level in (1, 2) and leaf_ok(entry)):
                size = 1 << (12 + 9 * (3 - level))
                leaf(walk, entry, path + [entry], table, index, address, size)
            elif level == 0 and entry >> 7 & 1:
                walk.problems.append('PML4 entry 0x%016x (table 0x%x index %d) sets bit 7, which '
                                     'is reserved' % (entry, table, index))
            else:
                stack.append((entry & ADDR_MASK, level + 1, address, path + [entry]))
    return walk


def walk_ept(dump, eptp):
    """Every leaf of a partition's EPT. An entry is present if any of bits 2:0
    (R, W, X) is set; an access is allowed only if every level allows it;
    bit 7 in a PDPTE/PDE maps a 1 GiB/2 MiB page; a leaf's bits 5:3 are its
    memory type (0 UC, 6 WB). W without R is a misconfiguration (29.3.3.1)."""
    walk = Walk()
    if (eptp >> 3 & 7) != 3:
        walk.problems.append('EPTP walk length %d: only 4-level EPT is walked'
                             % ((eptp >> 3 & 7) + 1))
        return walk

    def leaf(walk, entry, path, table, index, address, size):
        r = all(e & 1 for e in path)
        w = all(e & 2 for e in path)
        x = all(e & 4 for e in path)
        if entry & 3 == 2 or entry & 7 == 6:
            walk.problems.append('EPT entry 0x%016x (table 0x%x index %d) is writable but not '
                                 'readable: a misconfiguration' % (entry, table, index))
        memtype = entry >> 3 & 7
        walk.mappings.append(Mapping(
            ia=address, pa=entry & ADDR_MASK & ~(size - 1), size=size, read=r, write=w,
            execute=x, memtype=EPT_MEMTYPES.get(memtype, 'reserved type %d' % memtype),
            entry=entry, table=table, index=index))
    return _walk(dump, eptp & ADDR_MASK, lambda e: e >> 7 & 1, leaf, lambda e: e & 7 != 0, walk)


def walk_paging(dump, cr3, cr0, cr4, efer):
    """Every leaf of the host's 4-level paging (CR4.PAE, EFER.LME): P (bit 0)
    present; R/W (bit 1) writable at every level, and binding in ring 0 only
    with CR0.WP; XD (bit 63) at any level forbids fetches when EFER.NXE; PS
    (bit 7) in a PDPTE/PDE maps a 1 GiB/2 MiB page."""
    walk = Walk()
    if not (cr4 >> 5 & 1 and efer >> 8 & 1):
        walk.problems.append('CR4.PAE or EFER.LME clear: not 4-level paging')
        return walk
    if cr4 >> 12 & 1:
        walk.problems.append('CR4.LA57 set: 5-level paging is not walked')
        return walk
    wp, nxe = bool(cr0 >> 16 & 1), bool(efer >> 11 & 1)
    if not wp:
        walk.problems.append('CR0.WP clear: ring 0 writes ignore read-only pages')
    if not nxe:
        walk.problems.append('EFER.NXE clear: every page is executable')

    def leaf(walk, entry, path, table, index, address, size):
        write = all(e & 2 for e in path) or not wp
        execute = not (nxe and any(e >> 63 & 1 for e in path))
        walk.mappings.append(Mapping(
            ia=address, pa=entry & ADDR_MASK & ~(size - 1), size=size, read=True, write=write,
            execute=execute, memtype='normal' if not (entry >> 4 & 1) else 'device',
            entry=entry, table=table, index=index))
    return _walk(dump, cr3 & ADDR_MASK, lambda e: e >> 7 & 1, leaf, lambda e: e & 1, walk)
