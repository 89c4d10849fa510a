# SPDX-License-Identifier: Apache-2.0
"""TEST FIXTURES ONLY: evidence dicts written by hand, shaped as the certify
contract says, to exercise the orchestrator's roll-up, the report's HTML and its
escaping without the real sources. Nothing here is evidence about any build:
the regions are taken from a build's declared layout (gen/config.json) and the
results are whatever a test asks for.
"""
from bulkhead.certify import requirements as reqs_list


def check(check_id, reqs, result='pass', summary='fixture check', findings=()):
    return {'id': check_id, 'title': 'fixture: %s' % check_id, 'requirements': list(reqs),
            'result': result, 'summary': summary, 'findings': list(findings)}


def record(name, evidence, status='run'):
    return {'name': name, 'status': status, 'reason': None, 'seconds': 0.5,
            'evidence': evidence}


def address_spaces(layout, foreign_page=True):
    """The layout's regions as a static source would list them; with
    `foreign_page`, the last partition also maps one page of the first one's RAM
    (what a broken build looks like on the map)."""
    spaces = {}
    for p in layout['partitions']:
        spaces[p['name']] = [{
            'ipa': r['ipa'], 'pa': r['pa'], 'size': r['size'], 'perms': r['perms'],
            'memtype': 'device' if r['kind'] == 'device' else 'normal',
            'what': 'ram' if r['kind'] == 'ram' else '%s:%s' % (r['kind'], r['name'])}
            for r in p['regions']]
    if foreign_page and len(layout['partitions']) > 1:
        victim = layout['partitions'][0]['regions'][0]
        spaces[layout['partitions'][-1]['name']].append({
            'ipa': 0x90000000, 'pa': victim['pa'] + 0x10000, 'size': 0x1000, 'perms': 'rw-',
            'memtype': 'normal', 'what': 'UNDECLARED'})
    return spaces


def hypervisor_map(layout):
    base, size = layout['hypervisor_reserved']['base'], layout['hypervisor_reserved']['size']
    return [{'va': base, 'pa': base, 'size': 0x100000, 'perms': 'r-x'},
            {'va': base + 0x100000, 'pa': base + 0x100000, 'size': size - 0x100000,
             'perms': 'rw-'},
            {'va': 0x9000000, 'pa': 0x9000000, 'size': 0x1000, 'perms': 'rw-'}]


def static_evidence(layout, hostile_text='<script>alert("x")</script> & "quotes"'):
    """A static source's evidence: one passing check per partition, one failing
    check whose finding carries `hostile_text` (for the escaping test)."""
    checks = [check('FIXTURE-STATIC-EXACT-%s' % p['name'], ['REQ-ISO-001', 'REQ-ISO-004'],
                    summary='%d regions' % len(p['regions']))
              for p in layout['partitions']]
    checks.append(check('FIXTURE-STATIC-FOREIGN', ['REQ-ISO-003'], 'fail',
                        summary='1 foreign page: %s' % hostile_text,
                        findings=['page IPA 0x90000000 -> foreign RAM %s' % hostile_text]))
    checks.append(check('FIXTURE-STATIC-WX', ['REQ-ISO-005']))
    return {'source': 'static', 'checks': checks, 'address_spaces': address_spaces(layout),
            'hypervisor_map': hypervisor_map(layout)}


def runtime_evidence():
    return {'source': 'runtime',
            'checks': [check('FIXTURE-RUNTIME-CONTAINED', ['REQ-ISO-060', 'REQ-ISO-002'])],
            'attacks': [{'class': 'fixture attack', 'outcome': 'trapped', 'detail': 'fixture'},
                        {'class': 'fixture escape', 'outcome': 'ESCAPED', 'detail': '<b>x</b>'}],
            'victim': {'heartbeats': 10, 'rate_per_s': 1.0, 'baseline_rate_per_s': 1.0,
                       'memory_ok': True}}


def every_requirement_passing():
    """One passing misra-shaped evidence dict whose single check cites every requirement."""
    return {'source': 'misra', 'checks': [check('FIXTURE-ALL', [r['id'] for r in
                                                                 reqs_list.load()])],
            'rules': {}, 'baseline': {}, 'total': 0}
