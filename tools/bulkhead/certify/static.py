# SPDX-License-Identifier: Apache-2.0
"""Static isolation evidence (issue 12 item 3): the translation tables of the
built image, as its certify boot dumps them, walked as the MMU walks them
(walk_arm64.py, walk_x86.py: written from the architecture manuals, not from
the hypervisor's code), and compared with what the config and the board
declare (declared.py).

evidence(board_name, config_path, break_switch=None) returns the contract's
evidence dict (source "static"); `break_switch` (tests only) certifies a
deliberately broken build instead (tools/bulkhead/build.py CERTIFY_BREAKS).
"""
import json
import os
import sys

from .. import build, config as system_config, elfimage, imagecheck
from . import declared, dump as certify_dump, walk_arm64, walk_x86
from .boot import certify_boot, sha256_file
from .mapping import PAGE, merge

REQ_EXACT, REQ_HYP, REQ_FOREIGN, REQ_PERMS, REQ_WX = (
    'REQ-ISO-001', 'REQ-ISO-002', 'REQ-ISO-003', 'REQ-ISO-004', 'REQ-ISO-005')
REQ_CPU, REQ_IRQ, REQ_DEVICE, REQ_FLOW = 'REQ-ISO-010', 'REQ-ISO-020', 'REQ-ISO-030', 'REQ-ISO-050'


def _check(cid, title, reqs, findings, summary):
    return {'id': cid, 'title': title, 'requirements': reqs,
            'result': 'fail' if findings else 'pass', 'summary': summary, 'findings': findings}


def _span(base, size):
    return '0x%x' % base if size == PAGE else '0x%x-0x%x' % (base, base + size - 1)


def _runs(pages):
    """Group (ia, pa, payload) pages contiguous in IA and PA with equal payload."""
    out = []
    for ia, pa, payload in sorted(pages, key=lambda p: p[0]):
        if out and out[-1][0] + out[-1][2] == ia and out[-1][1] + out[-1][2] == pa \
                and out[-1][3] == payload:
            out[-1][2] += PAGE
        else:
            out.append([ia, pa, PAGE, payload])
    return out


def _page_words(size):
    n = size // PAGE
    return '%d page%s' % (n, '' if n == 1 else 's')


# --- the walks ---------------------------------------------------------------------

def walk_all(d):
    """(hyp Walk, {partition: Walk}) from the dump's root registers."""
    if d.arch.startswith('arm64'):
        h = d.hyp.regs
        hyp = walk_arm64.walk_el2_stage1(d, h['ttbr0_el2'], h['tcr_el2'], h['mair_el2'],
                                         h['sctlr_el2'])
        parts = {s.name: walk_arm64.walk_stage2(d, s.regs['vttbr_el2'], s.regs['vtcr_el2'])
                 for s in d.spaces if s.kind == 'partition'}
    else:
        h = d.hyp.regs
        hyp = walk_x86.walk_paging(d, h['cr3'], h['cr0'], h['cr4'], h['efer'])
        parts = {s.name: walk_x86.walk_ept(d, s.regs['eptp'])
                 for s in d.spaces if s.kind == 'partition'}
    return hyp, parts


# --- the checks ----------------------------------------------------------------------

def check_dump(d, hyp, parts, system, elf_extent):
    findings = ['%s: %s' % (name, p) for name, w in [('hyp', hyp)] + sorted(parts.items())
                for p in w.problems]
    if elf_extent is not None and not (d.image['start'] <= elf_extent[0]
                                       and elf_extent[1] <= d.image['end']):
        findings.append('the image the hypervisor reports, %s, does not cover its ELF\'s '
                        'loadable segments, %s' % (_span(d.image['start'], d.image['end'] -
                                                         d.image['start']),
                                                   _span(elf_extent[0], elf_extent[1] -
                                                         elf_extent[0])))
    names = [p.name for p in system.partitions]
    missing = [n for n in names if n not in parts]
    findings += ['partition %s: no translation tables in the dump' % n for n in missing]
    findings += ['the dump has tables of "%s", which the config does not declare' % n
                 for n in parts if n not in names]
    walked = set(hyp.tables).union(*(w.tables for w in parts.values()))
    pages = sum(len(w.mappings) for w in [hyp] + list(parts.values()))
    return _check('STATIC-DUMP-WALKED', 'every table of the certify dump walks as the MMU '
                  'walks it, from its root register', [REQ_EXACT, REQ_WX], findings,
                  '%d spaces, %d table pages, %d leaf descriptors walked'
                  % (1 + len(parts), len(walked), pages))


def check_exact(name, walk, want, owners):
    """The partition maps exactly its declared regions, at the declared PAs."""
    findings, undeclared, wrong_pa = [], [], []
    mapped = set()
    for ia, pa, m in walk.pages():
        region = next((r for r in want if r.contains(ia)), None)
        if region is None:
            undeclared.append((ia, pa, m.perms))
        elif pa != region.pa + ia - region.ipa:
            # The offset from the declared PA is the same along a run of pages.
            wrong_pa.append((ia, pa, (m.perms, region.what, pa - (region.pa + ia - region.ipa))))
        mapped.add(ia)
    for ia, pa, size, perms in _runs(undeclared):
        findings.append('page%s IPA %s -> PA %s (%s, %s) UNDECLARED: %s'
                        % ('s' if size > PAGE else '', _span(ia, size), _span(pa, size), perms,
                           _page_words(size), owners.of(pa)))
    for ia, pa, size, (perms, what, offset) in _runs(wrong_pa):
        findings.append('page%s IPA %s -> PA %s (%s) in its %s, declared at PA 0x%x: %s'
                        % ('s' if size > PAGE else '', _span(ia, size), _span(pa, size), perms,
                           what, pa - offset, owners.of(pa)))
    for r in want:
        gaps = [(ia, ia, None) for ia in range(r.ipa, r.ipa + r.size, PAGE) if ia not in mapped]
        for ia, _, size, _ in _runs(gaps):
            findings.append('declared %s: IPA %s (%s) not mapped'
                            % (r.what, _span(ia, size), _page_words(size)))
    return _check('STATIC-S2-EXACT-%s' % name,
                  '%s maps exactly its declared RAM, devices and channels' % name,
                  [REQ_EXACT, REQ_DEVICE], findings,
                  '%d declared regions, %d pages mapped in %d leaf descriptors'
                  % (len(want), len(mapped), len(walk.mappings)))


def check_hyp_unreachable(name, walk, owners):
    bad = [(ia, pa, owners.of(pa)) for ia, pa, _ in walk.pages() if owners.hypervisor(pa)]
    findings = ['page%s IPA %s -> PA %s (%s) is %s' % ('s' if size > PAGE else '', _span(ia, size),
                                                     _span(pa, size), _page_words(size), who)
                for ia, pa, size, who in _runs(bad)]
    return _check('STATIC-HYP-UNREACHABLE-%s' % name,
                  'no page of the hypervisor is reachable from %s' % name, [REQ_HYP], findings,
                  '%d pages checked against the image, %d hypervisor table pages and the '
                  'reserved RAM' % (sum(1 for _ in walk.pages()),
                                    sum(1 for r in owners.ranges if 'table' in r[2])))


def check_sharing(parts, want, system):
    """A physical page reachable from two partitions must be one channel's, in
    both of them as that channel's end, or registers banked per CPU (GICv2's
    virtual CPU interface) that each partition declares."""
    by_pa = {}
    for name, walk in parts.items():
        for ia, pa, _ in walk.pages():
            region = next((r for r in want[name] if r.contains(ia)), None)
            by_pa.setdefault(pa, []).append((name, ia, region.what if region else 'UNDECLARED'))
    shared = bad = 0
    bad_pages = []
    for pa, users in by_pa.items():
        if len({u[0] for u in users}) < 2:
            continue
        shared += 1
        whats = {u[2] for u in users}
        if len(whats) == 1 and (next(iter(whats)).startswith('channel:')
                                or next(iter(whats)) == declared.BANKED_GICV):
            continue
        bad += 1
        bad_pages.append((pa, pa, tuple(sorted((u[0], u[2]) for u in users))))
    findings = []
    for pa, _, size, users in _runs(bad_pages):
        findings.append('PA %s (%s) is reachable from %s' % (
            _span(pa, size), _page_words(size),
            ' and '.join('%s (IPA 0x%x, as %s)' % (n, next(u[1] for u in by_pa[pa] if u[0] == n),
                                                    w) for n, w in users)))
    return _check('STATIC-NO-SHARING', 'no physical page is reachable from two partitions '
                  'except as ends of one declared channel', [REQ_FOREIGN, REQ_FLOW], findings,
                  '%d physical pages mapped, %d shared (%d through declared channels or banked '
                  'per CPU)'
                  % (len(by_pa), shared, shared - bad))


def check_perms(name, walk, want):
    wrong = []
    for ia, pa, m in walk.pages():
        r = next((r for r in want if r.contains(ia)), None)
        if r is not None and (m.perms != r.perms or m.memtype != r.memtype):
            wrong.append((ia, pa, (m.perms, m.memtype, r.what, r.perms, r.memtype)))
    findings = ['page%s IPA %s -> PA %s (%s) in its %s: %s %s, declared %s %s'
                % ('s' if size > PAGE else '', _span(ia, size), _span(pa, size), _page_words(size),
                   what, perms, memtype, wperms, wmemtype)
                for ia, pa, size, (perms, memtype, what, wperms, wmemtype) in _runs(wrong)]
    return _check('STATIC-PERMS-%s' % name,
                  "%s's mappings have their declared permissions and memory types" % name,
                  [REQ_PERMS, REQ_DEVICE], findings,
                  '%d declared regions: RAM rwx normal, devices rw- device, channels r--/rw- '
                  'normal' % len(want))


def check_hyp_wx(d, hyp):
    findings = []
    for m in hyp.mappings:
        if m.write and m.execute:
            findings.append('VA %s -> PA %s (%s) is writable and executable'
                            % (_span(m.ia, m.size), _span(m.pa, m.size), _page_words(m.size)))
    if d.arch.startswith('arm64'):
        # The tables themselves must be W^X, not only SCTLR_EL2.WXN's enforcement.
        h = d.hyp.regs
        bare = walk_arm64.walk_el2_stage1(d, h['ttbr0_el2'], h['tcr_el2'], h['mair_el2'],
                                          h['sctlr_el2'] & ~walk_arm64.SCTLR_WXN)
        findings += ['VA %s -> PA %s: descriptor 0x%016x is writable and executable (only '
                     'SCTLR_EL2.WXN keeps it from executing)'
                     % (_span(m.ia, m.size), _span(m.pa, m.size), m.entry)
                     for m in bare.mappings if m.write and m.execute]
    img = d.image
    text = [m for m in hyp.mappings if m.execute]
    outside = [m for m in text if not img['start'] <= m.pa < img['text_end']]
    findings += ['VA %s -> PA %s is executable outside the image\'s text' % (
        _span(m.ia, m.size), _span(m.pa, m.size)) for m in outside]
    return _check('STATIC-HYP-WX', "the hypervisor's own mappings are W^X", [REQ_WX], findings,
                  '%d leaf descriptors: %d executable (all in its text), none writable and '
                  'executable' % (len(hyp.mappings), len(text)) if not findings else
                  '%d leaf descriptors, %d findings' % (len(hyp.mappings), len(findings)))


def check_cpus(d, system):
    findings = []
    declared_cpu = {c: p.name for p in system.partitions for c in p.cpus}
    holders = {}
    for name, index, cpu in d.vcpus:
        holders.setdefault(cpu, []).append('%s vCPU %d' % (name, index))
    for cpu in sorted(set(d.cpu_owner) | set(holders) | set(declared_cpu)):
        owner = d.cpu_owner.get(cpu)
        if len(holders.get(cpu, [])) > 1:
            findings.append('cpu %d runs %s' % (cpu, ', '.join(holders[cpu])))
        want = declared_cpu.get(cpu, 'none')
        if owner != want:
            findings.append('cpu %d: the hypervisor holds it for %s, the config gives it to %s'
                            % (cpu, owner, want))
        held_by = {h.split(' ')[0] for h in holders.get(cpu, [])}
        if owner not in (None, 'none') and held_by != {owner}:
            findings.append('cpu %d: owner %s, but its vCPU table names %s'
                            % (cpu, owner, ', '.join(sorted(held_by)) or 'none'))
    for p in system.partitions:
        got = [cpu for name, _, cpu in sorted(d.vcpus) if name == p.name]
        if got != list(p.cpus):
            findings.append('partition %s: vCPUs on cpus %s, declared %s' % (p.name, got, p.cpus))
    return _check('STATIC-CPU-OWNERS', 'every CPU has exactly one owner, the declared one',
                  [REQ_CPU], findings, '%d CPUs, %d vCPUs' % (len(d.cpu_owner), len(d.vcpus)))


def check_irqs(d, system):
    findings = []
    lists = {}
    for name, intid in d.owns:
        lists.setdefault(intid, []).append(name)
    for intid, names in sorted(lists.items()):
        if len(names) > 1:
            findings.append('INTID %d is in the interrupt lists of %s' % (intid, ', '.join(names)))
        if d.irq_owner.get(intid) != names[0]:
            findings.append('INTID %d: in %s\'s list, but the owner table says %s'
                            % (intid, names[0], d.irq_owner.get(intid, 'nobody')))
    for intid, owner in sorted(d.irq_owner.items()):
        if intid not in lists:
            findings.append('INTID %d: owner table says %s, in no partition\'s list'
                            % (intid, owner))
        if intid in d.hyp_irqs:
            findings.append('INTID %d is the hypervisor\'s (%s) yet owned by %s'
                            % (intid, d.hyp_irqs[intid], owner))
        if intid in d.percpu_irqs:
            findings.append('INTID %d is banked per CPU yet owned by %s' % (intid, owner))
    for p in system.partitions:
        got = sorted(i for n, i in d.owns if n == p.name)
        want = declared.declared_irqs(p)
        if got != want:
            findings.append('partition %s owns INTIDs %s, declared %s' % (p.name, got, want))
        bells = sorted(i for n, i, _ in d.doorbells if n == p.name)
        want_bells = sorted(ch.ends[p.name].doorbell for ch in system.channels
                            if p.name in ch.ends and ch.ends[p.name].doorbell)
        if bells != want_bells:
            findings.append('partition %s has doorbells %s, declared %s' % (p.name, bells,
                                                                            want_bells))
        for intid in set(bells) & set(got):
            findings.append('partition %s: doorbell %d is also a physical interrupt of it'
                            % (p.name, intid))
    return _check('STATIC-IRQ-OWNERS', 'every interrupt has at most one owner, the declared one; '
                  'the hypervisor\'s own are nobody\'s', [REQ_IRQ], findings,
                  '%d owned INTIDs, %d doorbells, %d kept by the hypervisor, %d banked per CPU'
                  % (len(d.irq_owner), len(d.doorbells), len(d.hyp_irqs), len(d.percpu_irqs)))


# --- the evidence dict ---------------------------------------------------------------

def address_space(walk, want):
    out = []
    for ia, pa, size, perms, memtype in merge(walk.mappings):
        # Split where declared regions start or end, so each run has one name.
        end = ia + size
        while ia < end:
            r = next((r for r in want if r.contains(ia)), None)
            if r is not None:
                stop = min(end, r.ipa + r.size)
                what = r.what
            else:
                starts = [r.ipa for r in want if ia < r.ipa < end]
                stop = min(starts + [end])
                what = 'UNDECLARED'
            out.append({'ipa': ia, 'pa': pa, 'size': stop - ia, 'perms': perms,
                        'memtype': memtype, 'what': what})
            pa += stop - ia
            ia = stop
    return out


def elf_extent(path, arch):
    """[first, end) of the hypervisor ELF's loadable segments, .bss included."""
    flat = elfimage.load(path, imagecheck.MACHINES[arch], 0, 1 << 40)
    return flat.load_ipa, flat.mem_end


def evaluate(d, system, placement, elf=None):
    """The evidence dict from a parsed dump, the checked config and the
    placement; `elf`, the image's extent from its ELF file, is checked against
    the dump's and widens the hypervisor's pages if it reaches further."""
    hyp, parts = walk_all(d)
    tables = set(hyp.tables).union(*(w.tables for w in parts.values()))
    image = (d.image['start'], d.image['end'])
    if elf is not None:
        image = (min(image[0], elf[0]), max(image[1], elf[1]))
    owners = declared.Owners(system, placement, image, tables)
    want = declared.regions(system, placement)
    checks = [check_dump(d, hyp, parts, system, elf)]
    for p in system.partitions:
        walk = parts.get(p.name)
        if walk is None:
            continue
        checks.append(check_exact(p.name, walk, want[p.name], owners))
        checks.append(check_hyp_unreachable(p.name, walk, owners))
        checks.append(check_perms(p.name, walk, want[p.name]))
    checks.append(check_sharing(parts, want, system))
    checks.append(check_hyp_wx(d, hyp))
    checks.append(check_cpus(d, system))
    checks.append(check_irqs(d, system))
    return {
        'source': 'static',
        'checks': checks,
        'address_spaces': {name: address_space(w, want.get(name, []))
                           for name, w in parts.items()},
        'hypervisor_map': [{'va': ia, 'pa': pa, 'size': size, 'perms': perms}
                           for ia, pa, size, perms, _ in merge(hyp.mappings)],
    }


def evidence(board_name, config_path, break_switch=None):
    """Build, certify-boot, walk and check board + config; the contract's evidence dict."""
    board, config_path, outdir, image, result = certify_boot(board_name, config_path,
                                                             break_switch)
    system = system_config.load(config_path, board)
    d = certify_dump.parse(result.lines)
    out = evaluate(d, system, declared.load_placement(outdir),
                   elf_extent(os.path.join(outdir, 'hyp.elf'), board.arch))
    out['image_sha256'] = sha256_file(image)
    out['image_file'] = os.path.relpath(image, build.ROOT)   # what was booted and hashed
    return out


if __name__ == '__main__':
    # For trying it by hand: static.py BOARD CONFIG [BREAK]
    print(json.dumps(evidence(*sys.argv[1:4]), indent=1))
