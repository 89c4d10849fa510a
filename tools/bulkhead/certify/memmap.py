# SPDX-License-Identifier: Apache-2.0
"""Memory maps as inline SVG: physical memory (hypervisor, each partition's RAM,
channels, devices) and each partition's IPA space, coloured by owner.

The axis is broken: the map is cut at every region boundary, each piece drawn
with a height that grows with the logarithm of its size (so a 4 KiB device
window and 1 GiB of RAM are both visible), and address ranges nothing covers are
drawn as a thin "gap" band. Higher addresses are at the top, as memory maps
are usually drawn. Regions that overlap (which a correct build never has outside
channels) are drawn side by side, so an overlap is visible rather than hidden.

The regions come from the static evidence (the tables walked in the built
image) when the report has it, else from the build's declared layout
(gen/config.json); the caption says which.
"""
import math
from html import escape

PALETTE = ('#4e79a7', '#59a14f', '#f28e2b', '#b07aa1', '#76b7b2', '#9c755f', '#ff9da7',
           '#bab0ac', '#8cd17d', '#d37295')
HYPERVISOR = '#3b3b3b'
CHANNEL = '#e0b000'
GIC = '#8c8ce0'
FREE = '#e9e9e9'
UNDECLARED = '#d62728'
ADDR_W, BAR_X, BAR_W, LABEL_X, MIN_WIDTH = 8, 120, 170, 320, 640
CHAR_W = 6.8          # a generous width of one 12 px sans-serif character
MIN_H, MAX_H, GAP_H, TOP = 20, 90, 16, 10


def size_text(size):
    """4096 -> "4 KiB"; a size that is not a whole number of its unit gets two decimals."""
    for unit, shift in (('GiB', 30), ('MiB', 20), ('KiB', 10)):
        if size >= 1 << shift:
            if size % (1 << shift) == 0:
                return '%d %s' % (size >> shift, unit)
            return '%.2f %s' % (size / (1 << shift), unit)
    return '%d B' % size


def _height(size):
    return max(MIN_H, min(MAX_H, int(MIN_H + 6 * math.log2(max(size, 4096) / 4096))))


def owners_colours(partition_names):
    """Owner -> colour: partitions in config order, then the fixed ones."""
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(partition_names)}
    colours.update({'hypervisor': HYPERVISOR, 'channel': CHANNEL, 'gic': GIC, 'free RAM': FREE,
                    'UNDECLARED': UNDECLARED})
    return colours


def _pieces(regions):
    """The map cut at every boundary: [(start, end, [covering regions])], low to high."""
    bounds = sorted({r['start'] for r in regions} | {r['start'] + r['size'] for r in regions})
    pieces = []
    for lo, hi in zip(bounds, bounds[1:]):
        pieces.append((lo, hi, [r for r in regions
                                 if r['start'] <= lo and hi <= r['start'] + r['size']]))
    return pieces


def svg(regions, colours, title, uid):
    """One map. regions: [{'start', 'size', 'owner', 'label', 'kind'}], kind "device" is
    hatched; uid keeps this SVG's pattern id apart from the other SVGs on the page."""
    regions = [r for r in regions if r['size'] > 0]
    hatch = 'hatch-%s' % uid
    rows, y = [], TOP + 24
    placed = {}                    # id(region) -> [top, bottom] drawn
    for lo, hi, cover in reversed(_pieces(regions)):
        if not cover:
            rows.append(('gap', y, GAP_H, lo, hi, []))
            y += GAP_H
            continue
        h = _height(hi - lo)
        rows.append(('piece', y, h, lo, hi, cover))
        for r in cover:
            top_bottom = placed.setdefault(id(r), [y, y + h, r])
            top_bottom[1] = y + h
        y += h
    parts = ['<text x="%d" y="%d" class="maptitle">%s</text>' % (ADDR_W, TOP + 8, escape(title))]
    last_addr_y = None
    for kind, top, h, lo, hi, cover in rows:
        if kind == 'gap':
            parts.append('<rect x="%d" y="%d" width="%d" height="%d" class="gap"/>'
                         % (BAR_X, top, BAR_W, h))
            parts.append('<path d="M%d %d l10 -4 l10 8 l10 -8 l10 8 l10 -4" class="zigzag"/>'
                         % (BAR_X + BAR_W / 2 - 25, top + h / 2))
            parts.append('<text x="%d" y="%d" class="gaptext">gap %s</text>'
                         % (BAR_X + BAR_W + 6, top + h / 2 + 4, escape(size_text(hi - lo))))
        else:
            lane = BAR_W / len(cover)
            for i, r in enumerate(cover):
                colour = colours.get(r['owner'], '#999999')
                x = BAR_X + i * lane
                parts.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" '
                             'class="region"><title>%s</title></rect>'
                             % (x, top, lane, h, colour, escape('%s: 0x%x-0x%x (%s)' % (
                                 r['label'], lo, hi - 1, size_text(hi - lo)))))
                if r['kind'] == 'device':
                    parts.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="url(#%s)"/>'
                                 % (x, top, lane, h, hatch))
        # Address of the piece's top (its end) and, where the next piece does not
        # start there, of its bottom.
        if last_addr_y is None or top - last_addr_y >= 11:
            parts.append('<text x="%d" y="%d" class="addr">0x%x</text>' % (ADDR_W, top + 4, hi))
        parts.append('<text x="%d" y="%d" class="addr">0x%x</text>'
                     % (ADDR_W, top + h + 4, lo))
        last_addr_y = top + h
    # Labels right of the bar, each at the middle of its region, pushed down so
    # that none overlaps the one above; a leader line joins label and region.
    label_y = 0
    for top, bottom, r in sorted(placed.values(), key=lambda t: (t[0] + t[1]) / 2):
        mid = (top + bottom) / 2
        ly = max(mid + 4, label_y + 14)
        label_y = ly
        text = '%s, %s at 0x%x' % (r['label'], size_text(r['size']), r['start'])
        parts.append('<path d="M%d %.1f L%d %.1f" class="leader"/>'
                     % (BAR_X + BAR_W + 2, mid, LABEL_X - 4, ly - 4))
        parts.append('<text x="%d" y="%.1f" class="label">%s</text>' % (LABEL_X, ly,
                                                                           escape(text)))
    height = max(y, label_y) + TOP
    longest = max([len(r['label']) + 30 for _, _, r in placed.values()] + [0])
    width = max(MIN_WIDTH, int(LABEL_X + CHAR_W * longest + 10))
    defs = ('<defs><pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="3" height="6" fill="#ffffff" '
            'fill-opacity="0.55"/></pattern></defs>' % hatch)
    return ('<svg xmlns="http://www.w3.org/2000/svg" class="memmap" width="%d" height="%d" '
            'viewBox="0 0 %d %d" role="img" aria-label="%s">%s%s</svg>'
            % (width, height, width, height, escape(title), defs, ''.join(parts)))


def legend(colours, owners, devices=True):
    """An HTML legend (owner swatches, the hatching when `devices`, the gap)."""
    items = ['<span class="swatch" style="background:%s"></span>%s'
             % (colours.get(o, '#999999'), escape(o)) for o in owners]
    if devices:
        items.append('<span class="swatch hatched" style="background:#888888"></span>device '
                     'registers (hatched, in the owner\'s colour)')
    items.append('<span class="swatch gapswatch"></span>gap: addresses nothing maps, not '
                 'to scale')
    return '<p class="legend">%s</p>' % ' '.join('<span class="item">%s</span>' % i
                                                for i in items)


# --- the regions, from the static evidence or from the declared layout ---------

def _merge(entries, key):
    """Adjacent entries with the same key and contiguous addresses made one."""
    out = []
    for e in sorted(entries, key=lambda e: e['start']):
        if out and key(out[-1]) == key(e) and out[-1]['start'] + out[-1]['size'] == e['start']:
            out[-1] = dict(out[-1], size=out[-1]['size'] + e['size'])
        else:
            out.append(dict(e))
    return out


# What more than one partition may map at the same physical address, drawn once
# with the partitions that map it: channels, and the GICv2 virtual CPU interface
# (banked: each CPU reaches its own through the one address).
NOTES = {'gic': 'banked per CPU'}


def _what(partition, what, perms):
    """(owner, kind, label) for an address_spaces entry's "what" ("ram",
    "device:NAME", "channel:NAME", "UNDECLARED", or another "KIND:NAME")."""
    kind, _, name = what.partition(':')
    if what == 'ram':
        return partition, 'ram', '%s RAM (%s)' % (partition, perms)
    if kind == 'device':
        return partition, 'device', '%s: device %s' % (partition, name)
    if what == 'UNDECLARED':
        return 'UNDECLARED', 'undeclared', '%s: UNDECLARED (%s)' % (partition, perms)
    if kind == 'channel':
        return kind, 'shared', 'channel %s' % name
    return kind, 'shared', ', '.join(filter(None, (name or kind, NOTES.get(kind))))


def declared_spaces(layout):
    """The declared layout as address_spaces entries: what the static source
    reports, as the build meant it."""
    return {p['name']: [{'ipa': r['ipa'], 'pa': r['pa'], 'size': r['size'], 'perms': r['perms'],
                         'memtype': 'device' if r['kind'] in ('device', 'gic') else 'normal',
                         'what': 'ram' if r['kind'] == 'ram' else '%s:%s' % (r['kind'], r['name'])}
                        for r in p['regions']]
            for p in layout['partitions']}


def static_record(report):
    """The static source's evidence when it ran and walked the tables, else None."""
    for record in report['sources']:
        ev = record.get('evidence') or {}
        if record['status'] == 'run' and 'address_spaces' in ev and 'hypervisor_map' in ev:
            return ev
    return None


def _free(board_ram, regions):
    """The board's RAM that no region covers, as "free RAM" regions of their own size."""
    taken = sorted((r['start'], r['start'] + r['size']) for r in regions)
    free = []
    for ram in board_ram:
        at, end = ram['base'], ram['base'] + ram['size']
        for lo, hi in taken:
            if hi <= at or lo >= end:
                continue
            if lo > at:
                free.append((at, lo))
            at = max(at, hi)
        if at < end:
            free.append((at, end))
    return [{'start': lo, 'size': hi - lo, 'owner': 'free RAM', 'kind': 'free',
             'label': 'RAM no one is given'} for lo, hi in free]


def physical(report):
    """(regions, caption source) of the physical map."""
    regions, source = _physical(report)
    return regions + _free(report['layout']['board_ram'], regions), source


def _physical(report):
    layout, ev = report['layout'], static_record(report)
    if ev:
        hyp = [{'start': m['pa'], 'size': m['size'], 'owner': 'hypervisor', 'kind': 'hypervisor',
                'label': 'hypervisor (%s)' % m['perms']} for m in ev['hypervisor_map']]
        spaces = ev['address_spaces']
        source = ('the static evidence: the translation tables walked in the built image '
                  '(address_spaces, hypervisor_map)')
    else:
        hr = layout['hypervisor_reserved']
        hyp = [{'start': hr['base'], 'size': hr['size'], 'owner': 'hypervisor',
                'kind': 'hypervisor', 'label': 'hypervisor (reserved RAM)'}]
        spaces = declared_spaces(layout)
        source = ('the build\'s declared layout (gen/config.json); the report has no static '
                  'evidence of the tables as built')
    regions = _merge(hyp, lambda e: e['label'])
    shared = {}
    for part, entries in sorted(spaces.items()):
        mine = []
        for e in entries:
            owner, kind, label = _what(part, e['what'], e['perms'])
            if kind == 'shared':
                shared.setdefault((e['pa'], e['size'], owner, label), []).append(
                    '%s %s' % (part, e['perms']))
            else:
                mine.append({'start': e['pa'], 'size': e['size'], 'owner': owner, 'kind': kind,
                             'label': label})
        regions += _merge(mine, lambda e: e['label'])
    for (pa, size, owner, label), who in sorted(shared.items()):
        regions.append({'start': pa, 'size': size, 'owner': owner, 'kind': 'shared',
                        'label': '%s (%s)' % (label, ', '.join(who))})
    return regions, source


def partition_space(report, name):
    """(regions, caption source) of one partition's IPA space."""
    ev = static_record(report)
    if ev and name in ev['address_spaces']:
        entries = ev['address_spaces'][name]
        source = ('the static evidence: this partition\'s stage-2/EPT tables walked in the built '
                  'image')
    else:
        entries = declared_spaces(report['layout'])[name]
        source = 'the build\'s declared layout (gen/config.json)'
    regions = []
    for e in entries:
        owner, kind, label = _what(name, e['what'], e['perms'])
        if kind != 'ram':
            label = '%s (%s, %s)' % (label, e['perms'], e['memtype'])
        regions.append({'start': e['ipa'], 'size': e['size'], 'owner': owner, 'kind': kind,
                        'label': '%s -> PA 0x%x' % (label, e['pa'])})
    return _merge(regions, lambda e: (e['label'], e['owner'])), source
