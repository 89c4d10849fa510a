# SPDX-License-Identifier: Apache-2.0
"""report.html: the certificate for people, from report.json's dict alone.

Self-contained: inline CSS and SVG, no script, no external URL, readable
offline. Every piece of text that comes from a config, a board or an evidence
source (partition names, findings) is escaped.
"""
import json
from html import escape

from . import memmap

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
 margin:24px auto;max-width:1100px;padding:0 16px;color:#1d1d1d;background:#fff}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ccc}
h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid #d0d0d0;padding:4px 7px;text-align:left;vertical-align:top}
th{background:#f2f2f2} td.num{text-align:right;white-space:nowrap}
table.requirements td:first-child{white-space:nowrap}
td.hash{overflow-wrap:anywhere} table.checks td:first-child{white-space:nowrap}
code,.mono{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
.verdict{font-size:20px;font-weight:bold;padding:10px 14px;border-radius:4px;margin:12px 0}
.v-CERTIFIED{background:#dff2e1;color:#14532d;border:2px solid #2e8540}
.v-NOT-CERTIFIED{background:#fde2e1;color:#7f1d1d;border:2px solid #c62828}
.v-INCOMPLETE{background:#fff4d6;color:#6b4a00;border:2px solid #c99a00}
.badge{display:inline-block;padding:0 7px;border-radius:3px;font-weight:bold;font-size:12px;
 white-space:nowrap}
.r-pass{background:#2e8540;color:#fff} .r-fail{background:#c62828;color:#fff}
.r-no-evidence{background:#c99a00;color:#fff} .r-run{background:#2e8540;color:#fff}
.r-not-run,.r-not-selected{background:#777;color:#fff} .r-error{background:#c62828;color:#fff}
.missing{background:#fff4d6;border:1px solid #c99a00;padding:8px 12px;border-radius:4px}
ul.findings{margin:4px 0 0 18px;padding:0} ul.findings li{font-family:"DejaVu Sans Mono",monospace;
 font-size:12px}
.caption{color:#555;font-size:12.5px;margin:2px 0 6px}
.legend{font-size:12.5px} .legend .item{margin-right:14px;white-space:nowrap}
.swatch{display:inline-block;width:12px;height:12px;border:1px solid #777;margin-right:4px;
 vertical-align:-2px}
.hatched{background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.55) 0 2px,
 transparent 2px 5px)}
.gapswatch{background:#fff;border-style:dashed}
svg.memmap{display:block;margin:4px 0 10px;max-width:100%;height:auto}
svg .maptitle{font:bold 13px sans-serif} svg .addr{font:11px monospace;fill:#333}
svg .label{font:12px sans-serif;fill:#1d1d1d} svg .gaptext{font:italic 11px sans-serif;fill:#777}
svg .region{stroke:#fff;stroke-width:1} svg .gap{fill:#fff;stroke:#999;stroke-dasharray:3 3}
svg .zigzag{fill:none;stroke:#777} svg .leader{stroke:#aaa;fill:none}
details pre{white-space:pre-wrap;font-size:12px;background:#f7f7f7;padding:8px}
"""


def _e(value):
    return escape(str(value), quote=True)


def _badge(result, text=None):
    """A coloured result word; `text`, when given, is shown in `result`'s colour."""
    return '<span class="badge r-%s">%s</span>' % (_e(result.replace(' ', '-')),
                                                   _e(result if text is None else text))


def _summary(report):
    v = report['verdict']
    rows = [('board', report['board']), ('config', '%s (%s)' % (report['config'],
                                                                 report['config_file'])),
            ('date (UTC)', report['date']), ('tool version', report['tool_version']),
            ('signing key id', report['key_id'])]
    out = ['<div class="verdict v-%s">%s%s</div>' % (
        _e(v['verdict'].replace(' ', '-')), _e(v['verdict']),
        ': ' + _e('; '.join(v['reasons'])) if v['reasons'] else
        ': every check passed and every requirement has evidence')]
    out.append('<table class="facts">%s</table>' % ''.join(
        '<tr><th>%s</th><td class="mono">%s</td></tr>' % (_e(k), _e(val)) for k, val in rows))
    out.append('<p>%d checks: %d passed, %d failed. %d requirements: %d pass, %d fail, '
               '%d without evidence.</p>' % (
                   v['checks'], v['checks_passed'], v['checks_failed'], v['requirements'],
                   v['requirements_pass'], v['requirements_fail'],
                   v['requirements_no_evidence']))
    if report['no_evidence']:
        out.append('<div class="missing"><b>Requirements without evidence</b> (no check that '
                   'ran supports them; see the sources below): %s</div>'
                   % ', '.join('<code>%s</code>' % _e(r) for r in report['no_evidence']))
    out.append('<h3>Images certified</h3><table><tr><th>file</th><th>what</th><th>bytes</th>'
               '<th>SHA-256</th></tr>%s</table>' % ''.join(
                   '<tr><td class="mono hash">%s</td><td>%s</td><td class="num">%d</td>'
                   '<td class="mono hash">%s</td></tr>' % (_e(i['file']), _e(i['role']), i['size'],
                                                       _e(i['sha256']))
                   for i in report['images']))
    return ''.join(out)


def _sources(report):
    rows = []
    for r in report['sources']:
        n = len(r['evidence']['checks']) if r['status'] == 'run' else ''
        rows.append('<tr><td><code>%s</code></td><td>%s</td><td class="num">%s</td>'
                    '<td class="num">%s</td><td>%s</td></tr>' % (
                        _e(r['name']), _badge(r['status']), n,
                        '' if r['seconds'] is None else '%.1f s' % r['seconds'],
                        _e(r['reason'] or '')))
    return ('<h2 id="sources">Evidence sources</h2><table><tr><th>source</th><th>status</th>'
            '<th>checks</th><th>time</th><th>note</th></tr>%s</table>' % ''.join(rows))


def _requirements(report):
    out = ['<h2 id="requirements">Requirements</h2><table class="requirements">'
           '<tr><th>id</th><th>requirement</th><th>result</th><th>checks citing it</th></tr>']
    area = None
    for r in report['requirements']:
        if r['area'] != area:
            area = r['area']
            out.append('<tr><th colspan="4">%s</th></tr>' % _e(area))
        checks = ', '.join('<a href="#check-%s"><code>%s</code></a>%s' % (
            _e(c), _e(c), ' (failed)' if c in r['failed'] else '') for c in r['checks'])
        out.append('<tr id="%s"><td class="mono">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>'
                   % (_e(r['id']), _e(r['id']), _e(r['title']), _badge(r['result']),
                      checks or '<i>none</i>'))
    out.append('</table>')
    return ''.join(out)


EXTRAS_SKIPPED = ('source', 'checks', 'address_spaces', 'hypervisor_map', 'attacks', 'rules')


def _attacks(attacks):
    """The runtime source's attack classes and outcomes (an ESCAPED one in red)."""
    if not isinstance(attacks, list) or not attacks:
        return ''
    rows = ''.join('<tr><td>%s</td><td>%s</td><td>%s</td></tr>' % (
        _e(a.get('class', '')),
        _badge('fail' if a.get('outcome') == 'ESCAPED' else 'pass', a.get('outcome', '')),
        _e(a.get('detail', ''))) for a in attacks if isinstance(a, dict))
    return ('<table class="attacks"><tr><th>attack class</th><th>outcome</th><th>detail</th>'
            '</tr>%s</table>' % rows)


def _rules(rules, baseline):
    """The misra source's finding counts per rule, beside the baseline."""
    if not isinstance(rules, dict) or not rules:
        return ''
    baseline = baseline if isinstance(baseline, dict) else {}
    rows = ''.join('<tr><td class="mono">%s</td><td class="num">%s</td><td class="num">%s</td>'
                   '</tr>' % (_e(rule), _e(count), _e(baseline.get(rule, '')))
                   for rule, count in sorted(rules.items()))
    return ('<table class="rules"><tr><th>MISRA C:2012 rule</th><th>findings</th>'
            '<th>baseline</th></tr>%s</table>' % rows)


def _checks(report):
    out = ['<h2 id="checks">Checks and findings</h2>']
    if not any(r['status'] == 'run' for r in report['sources']):
        out.append('<p class="missing">No evidence source ran, so there are no checks: '
                   'nothing in this report is evidence of isolation.</p>')
    for record in report['sources']:
        if record['status'] != 'run':
            continue
        ev = record['evidence']
        out.append('<h3>%s (source "%s")</h3>' % (_e(record['name']), _e(ev['source'])))
        out.append('<table class="checks"><tr><th>check</th><th>result</th><th>what</th>'
                   '<th>requirements</th></tr>')
        for c in ev['checks']:
            findings = ''
            if c['findings']:
                findings = '<ul class="findings">%s</ul>' % ''.join(
                    '<li>%s</li>' % _e(f) for f in c['findings'])
            out.append('<tr id="check-%s"><td class="mono">%s</td><td>%s</td><td><b>%s</b><br>'
                       '%s%s</td><td class="mono">%s</td></tr>' % (
                           _e(c['id']), _e(c['id']), _badge(c['result']), _e(c['title']),
                           _e(c['summary']), findings, _e(', '.join(c['requirements']))))
        out.append('</table>')
        out.append(_attacks(ev.get('attacks')))
        out.append(_rules(ev.get('rules'), ev.get('baseline')))
        extras = {k: v for k, v in ev.items() if k not in EXTRAS_SKIPPED}
        if extras:
            out.append('<details><summary>more from %s: %s</summary><pre>%s</pre></details>' % (
                _e(record['name']), _e(', '.join(sorted(extras))),
                _e(json.dumps(extras, indent=1, sort_keys=True))))
    return ''.join(out)


def _maps(report):
    names = [p['name'] for p in report['layout']['partitions']]
    colours = memmap.owners_colours(names)
    out = ['<h2 id="maps">Memory maps</h2>']
    regions, source = memmap.physical(report)
    shown = list(dict.fromkeys(r['owner'] for r in regions))
    known = ['hypervisor'] + names + ['channel', 'gic', 'UNDECLARED', 'free RAM']
    owners = [o for o in known if o in shown] + [o for o in shown if o not in known]
    out.append(memmap.legend(colours, owners, any(r['kind'] == 'device' for r in regions)))
    out.append('<figure>%s<figcaption class="caption">Physical memory. Drawn from %s. '
               'Heights grow with the logarithm of each piece\'s size, so small regions stay '
               'visible; the axis is broken at gaps.</figcaption></figure>'
               % (memmap.svg(regions, colours, 'Physical memory', 'pa'), _e(source)))
    for i, name in enumerate(names):
        regions, source = memmap.partition_space(report, name)
        out.append('<figure>%s<figcaption class="caption">The address space partition %s sees '
                   '(IPA). Drawn from %s.</figcaption></figure>' % (
                       memmap.svg(regions, colours, 'Partition %s: IPA space' % name,
                                  'ipa%d' % i), _e(name), _e(source)))
    return ''.join(out)


def render(report):
    title = 'Isolation certificate: %s / %s' % (report['board'], report['config'])
    return ''.join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        '<title>%s</title><style>%s</style></head><body>' % (_e(title), CSS),
        '<h1>%s</h1>' % _e(title),
        '<p class="caption">Written by <code>./bulkhead certify</code>; the signed record is '
        '<code>report.json</code> (check it with <code>./bulkhead certify --verify '
        'report.json</code>); this page is drawn from it. Requirements: '
        '<code>docs/requirements.md</code>.</p>',
        _summary(report), _requirements(report), _sources(report), _checks(report),
        _maps(report), '</body></html>\n'])
