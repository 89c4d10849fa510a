# SPDX-License-Identifier: Apache-2.0
"""What must hold for any config the compiler accepts, checked from the JSON
twin (layout.layout_json) alone.

Deliberately independent of tools/bulkhead/config.py: the board's RAM, CPU
count and console come from board.dts and board.toml read here with regular
expressions and tomllib, and every overlap is recomputed from the JSON.
"""
import os
import re
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE = 4096
UNITS = {'': 1, 'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}


def _cells_to_ranges(cells, acells=2, scells=2):
    values = [int(c, 0) for c in cells.split()]
    out = []
    for i in range(0, len(values), acells + scells):
        base = size = 0
        for c in values[i:i + acells]:
            base = (base << 32) | c
        for c in values[i + acells:i + acells + scells]:
            size = (size << 32) | c
        out.append((base, size))
    return out


def board_facts(board='qemu-virt-arm64'):
    """RAM ranges, CPU count, reserved region and console path of a board."""
    top = os.path.join(ROOT, 'boards', board)
    with open(os.path.join(top, 'board.dts')) as f:
        dts = f.read()
    ram = []
    for node in re.finditer(r'memory@[0-9a-fA-F]+\s*\{(.*?)\};', dts, re.S):
        ram += _cells_to_ranges(re.search(r'reg\s*=\s*<([^>]*)>', node.group(1)).group(1))
    with open(os.path.join(top, 'board.toml'), 'rb') as f:
        toml = tomllib.load(f)
    reserved = toml['hypervisor']['reserved']
    size = reserved['size']
    if isinstance(size, str):
        number, unit = re.fullmatch(r'(\d+)([KMG]?)', size).groups()
        size = int(number) * UNITS[unit]
    return {
        'ram': ram,
        'cpus': len(re.findall(r'device_type\s*=\s*"cpu"', dts)),
        'reserved': (reserved['base'], size),
        'console': toml['hypervisor']['console'],
    }


def _overlap(a, b):
    return a[0] < b[1] and b[0] < a[1]


def _physical_ranges(twin, problems):
    """(start, end, owner) of every RAM and channel range; checks channel regions
    against the channel table on the way."""
    channels = {c['name']: c for c in twin['channels']}
    ranges = []
    for p in twin['partitions']:
        for r in p['regions']:
            if r['size'] <= 0 or r['pa'] % PAGE or r['ipa'] % PAGE or r['size'] % PAGE:
                problems.append('%s: region %s is not whole pages' % (p['name'], r))
            if r['kind'] == 'ram':
                ranges.append((r['pa'], r['pa'] + r['size'], 'ram of ' + p['name']))
            elif r['kind'] == 'device':
                if r['ipa'] != r['pa']:
                    problems.append('%s: device region %s is not at IPA == PA' % (p['name'], r))
            elif r['kind'] == 'channel':
                c = channels.get(r['name'])
                end = c and c['ends'].get(p['name'])
                if not end or (c['pa'], c['size']) != (r['pa'], r['size']):
                    problems.append('%s: channel region %s does not match the channel' % (p['name'], r))
                elif r['perms'] != {'read': 'r--', 'write': 'rw-'}[end['access']] or r['ipa'] != end['ipa']:
                    problems.append('%s: channel region %s has the wrong perms or IPA' % (p['name'], r))
    for c in twin['channels']:
        ranges.append((c['pa'], c['pa'] + c['size'], 'channel ' + c['name']))
        accesses = [e['access'] for e in c['ends'].values()]
        if len(accesses) < 2 or 'write' not in accesses:
            problems.append('channel %s has ends %s' % (c['name'], c['ends']))
    return ranges


def _owned_once(twin, problems, facts):
    owners = {}
    for p in twin['partitions']:
        if not p['cpus']:
            problems.append('%s has no CPU' % p['name'])
        things = [('cpu', c) for c in p['cpus']] + [('intid', i) for i in p['irqs']]
        things += [('device', d['path']) for d in p['devices']]
        things += [('page', page) for r in p['regions'] if r['kind'] == 'device'
                   for page in range(r['pa'], r['pa'] + r['size'], PAGE)]
        for thing in set(things):
            if thing in owners:
                problems.append('%s %s owned by %s and %s' % (thing[0], thing[1], owners[thing], p['name']))
            owners[thing] = p['name']
        for cpu in p['cpus']:
            if not 0 <= cpu < facts['cpus']:
                problems.append('%s has cpu %d, not on the board' % (p['name'], cpu))
        for intid in p['irqs']:
            if not 32 <= intid <= 987:
                problems.append('%s owns INTID %d' % (p['name'], intid))
        if any(d['path'] == facts['console'] for d in p['devices']):
            problems.append('%s owns the console UART' % p['name'])


def _ipa_map(twin, problems):
    for p in twin['partitions']:
        regions = sorted((r['ipa'], r['ipa'] + r['size'], r['name']) for r in p['regions'])
        for a, b in zip(regions, regions[1:]):
            if _overlap(a, b):
                problems.append('%s: IPA %s overlaps %s' % (p['name'], a, b))
        if sum(r['kind'] == 'ram' for r in p['regions']) != 1:
            problems.append('%s does not have exactly one RAM region' % p['name'])


def check_twin(twin, facts):
    """Every broken invariant of an accepted config, as readable strings."""
    problems = []
    ranges = _physical_ranges(twin, problems)
    base, size = facts['reserved']
    for r in ranges:
        if not any(b <= r[0] and r[1] <= b + s for b, s in facts['ram']):
            problems.append('%s (0x%x-0x%x) is not inside board RAM' % (r[2], r[0], r[1]))
        if _overlap(r, (base, base + size)):
            problems.append('%s (0x%x-0x%x) overlaps the hypervisor' % (r[2], r[0], r[1]))
    distinct = sorted(set(ranges))
    for i, a in enumerate(distinct):
        for b in distinct[i + 1:]:
            if b[0] >= a[1]:
                break
            if a[2] != b[2]:
                problems.append('%s overlaps %s' % (a[2], b[2]))
    _owned_once(twin, problems, facts)
    _ipa_map(twin, problems)
    for p in twin['partitions']:
        want = (1 <= p['max_restarts'] <= 1000) if p['on_fault'] == 'restart' else p['max_restarts'] == 0
        if not want:
            problems.append('%s: on_fault %s with max_restarts %d'
                            % (p['name'], p['on_fault'], p['max_restarts']))
    return problems
