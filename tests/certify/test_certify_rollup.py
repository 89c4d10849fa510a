# SPDX-License-Identifier: Apache-2.0
"""The orchestrator's own logic, on evidence written by hand (certify_fixtures):
the requirements list, missing and malformed sources, the roll-up and verdict,
and the HTML (escaping, maps) rendered in Debian's headless chromium."""
import re

import pytest

import certify_fixtures as fx
from bulkhead import certify
from bulkhead.certify import html, requirements, rollup, sources
from bulkhead.errors import UserError

CONTRACT_IDS = ['REQ-ISO-001', 'REQ-ISO-002', 'REQ-ISO-003', 'REQ-ISO-004', 'REQ-ISO-005',
                'REQ-ISO-010', 'REQ-ISO-011', 'REQ-ISO-020', 'REQ-ISO-030', 'REQ-ISO-031',
                'REQ-ISO-040', 'REQ-ISO-050', 'REQ-ISO-051', 'REQ-ISO-060', 'REQ-ISO-070',
                'REQ-ISO-080']


def test_requirements_page_lists_the_contract_ids_by_area():
    reqs = requirements.load()
    assert [r['id'] for r in reqs] == CONTRACT_IDS
    areas = list(dict.fromkeys(r['area'] for r in reqs))
    assert areas == ['Spatial isolation', 'Temporal isolation', 'Interrupts', 'Devices and DMA',
                     'Boot integrity', 'Information flow', 'Robustness and fault containment',
                     'Code quality']
    assert all(r['title'] for r in reqs)


def test_requirements_parser_refuses_a_malformed_or_repeated_heading(tmp_path):
    page = tmp_path / 'requirements.md'
    page.write_text('# R\n## Spatial\n### REQ-ISO-01: two digits\n')
    with pytest.raises(UserError, match=r'requirements.md:3: a requirement heading is written'):
        requirements.load(str(page))
    page.write_text('## Spatial\n### REQ-ISO-001: one\ntext\n### REQ-ISO-001: again\n')
    with pytest.raises(UserError, match=r':4: REQ-ISO-001 is already defined at line 2'):
        requirements.load(str(page))


def test_a_source_not_in_the_checkout_is_not_run_and_an_unasked_one_not_selected():
    module, refused = sources._import('no_such_source')
    assert module is None
    assert refused == ('not run', 'module bulkhead.certify.no_such_source is not in this checkout')
    records = sources.collect((), {}, set(CONTRACT_IDS), log=lambda *a, **k: None)
    assert [r['status'] for r in records] == ['not selected'] * len(sources.NAMES)
    assert all(r['evidence'] is None for r in records)


def test_sources_option_names_unknown_sources():
    assert sources.parse_names('misra, static') == ('static', 'misra')
    with pytest.raises(ValueError, match="unknown source 'statik'; the sources are static, dma"):
        sources.parse_names('statik,dma')


def test_evidence_that_breaks_the_contract_is_refused_line_by_line():
    good = fx.runtime_evidence()
    assert sources.problems('runtime', good, set(CONTRACT_IDS)) == []
    bad = {'source': 'dynamic', 'checks': [
        fx.check('A', ['REQ-ISO-999']),
        dict(fx.check('B', ['REQ-ISO-001']), result='passed'),
        {'id': 'C', 'requirements': []},
    ]}
    found = sources.problems('x', bad, set(CONTRACT_IDS))
    assert "x: \"source\" is 'dynamic', not one of static, runtime, fuzz, misra" in found
    assert 'x: check A cites REQ-ISO-999, not in docs/requirements.md' in found
    assert 'x: check B: "result" is \'passed\', not "pass" or "fail"' in found
    assert 'x: check C cites no requirement' in found
    assert 'x: check C: "title" is missing or not a str' in found


def _report(layout, records):
    return certify.assemble('qemu-virt-arm64', 'configs/qemu-virt-arm64/demo.toml', layout,
                            records, '00' * 32, [], requirements.load())


def test_verdict_certified_only_with_every_requirement_evidenced_and_passing(demo_layout):
    all_pass = fx.record('misra', fx.every_requirement_passing())
    report = _report(demo_layout, [all_pass])
    assert report['verdict']['status'] == rollup.CERTIFIED
    assert report['no_evidence'] == []
    assert {r['result'] for r in report['requirements']} == {'pass'}

    # One failing check: NOT CERTIFIED, and the requirement it cites fails.
    failing = fx.record('runtime', {'source': 'runtime', 'checks': [
        fx.check('FIXTURE-FAILS', ['REQ-ISO-070'], 'fail', findings=['hypervisor stalled'])]})
    report = _report(demo_layout, [all_pass, failing])
    assert report['verdict']['status'] == rollup.NOT_CERTIFIED
    assert report['verdict']['failed_checks'] == ['FIXTURE-FAILS']
    row = next(r for r in report['requirements'] if r['id'] == 'REQ-ISO-070')
    assert (row['result'], row['checks'], row['failed']) == (
        'fail', ['FIXTURE-ALL', 'FIXTURE-FAILS'], ['FIXTURE-FAILS'])

    # Only static's fixture: INCOMPLETE is impossible (it fails), so drop its failing check.
    static = fx.static_evidence(demo_layout)
    static['checks'] = [c for c in static['checks'] if c['result'] == 'pass']
    report = _report(demo_layout, [fx.record('static', static)])
    assert report['verdict']['status'] == rollup.INCOMPLETE
    assert report['no_evidence'] == [i for i in CONTRACT_IDS if i not in
                                     ('REQ-ISO-001', 'REQ-ISO-004', 'REQ-ISO-005')]

    # A source that broke supports nothing, and the certificate says NOT CERTIFIED.
    broken = dict(fx.record('fuzz', None), status='error', reason='evidence() raised')
    report = _report(demo_layout, [all_pass, broken])
    assert report['verdict']['status'] == rollup.NOT_CERTIFIED
    assert report['verdict']['broken_sources'] == ['fuzz']


def test_report_json_is_canonical(demo_layout):
    report = _report(demo_layout, [fx.record('static', fx.static_evidence(demo_layout))])
    text = certify.canonical_json(report)
    assert text.isascii() and text.endswith('}\n')
    keys = re.findall(r'^ "(\w+)":', text, re.M)
    assert keys == sorted(keys) and 'verdict' in keys


def test_html_escapes_what_sources_say_and_draws_the_maps(demo_layout, tmp_path, chromium):
    hostile = '<script>document.title="owned"</script><img src=x onerror=alert(1)>'
    records = [fx.record('static', fx.static_evidence(demo_layout, hostile)),
               fx.record('runtime', fx.runtime_evidence())]
    report = _report(demo_layout, records)
    page = html.render(report)
    assert '<script' not in page and '<img' not in page and '<b>x' not in page
    assert '&lt;script&gt;document.title=&quot;owned&quot;&lt;/script&gt;' in page
    path = tmp_path / 'report.html'
    path.write_text(page)
    dom, png = chromium(str(path))
    # What the browser built: no element came from the finding, its text is shown as text.
    assert '<script' not in dom and '<img' not in dom
    assert '&lt;script&gt;document.title="owned"&lt;/script&gt;' in dom
    assert '<title>Isolation certificate: qemu-virt-arm64 / demo</title>' in dom
    maps = re.findall(r'<svg [^>]*class="memmap"', dom)
    assert len(maps) == 1 + len(demo_layout['partitions'])
    assert 'consumer: UNDECLARED (rw-)' in dom           # the fixture's foreign page, drawn
    assert 'Drawn from the static evidence' in dom
    assert '<span class="badge r-fail">ESCAPED</span></td><td>&lt;b&gt;x&lt;/b&gt;' in dom
    assert png.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n' and png.stat().st_size > 20000


def test_static_evidence_of_another_image_supports_nothing(demo_layout):
    """A static source that walked an image whose hash is none of the certified
    images' becomes an error: its checks say nothing about this image."""
    static = fx.static_evidence(demo_layout)
    static['image_sha256'] = 'ab' * 32
    records = [fx.record('static', static)]
    certified = [{'file': 'build/x/hyp.bin', 'role': 'hypervisor', 'size': 1,
                  'sha256': 'cd' * 32}]
    certify._same_image(records, certified)
    assert records[0]['status'] == 'error'
    assert 'it walked an image with SHA-256 %s' % ('ab' * 32) in records[0]['reason']
    report = _report(demo_layout, records)
    assert report['verdict']['broken_sources'] == ['static']
    assert len(report['no_evidence']) == len(CONTRACT_IDS)

    static['image_sha256'] = 'cd' * 32
    records = [fx.record('static', static)]
    certify._same_image(records, certified)
    assert records[0]['status'] == 'run'


def test_a_check_id_names_one_check_in_the_whole_report():
    seen = {'FIXTURE-A': 'static'}
    evidence = {'source': 'runtime', 'checks': [fx.check('FIXTURE-A', ['REQ-ISO-060']),
                                                fx.check('FIXTURE-B', ['REQ-ISO-060']),
                                                fx.check('FIXTURE-B', ['REQ-ISO-060'])]}
    assert sources._repeated_ids('runtime', evidence, seen) == [
        "runtime: check id FIXTURE-A is also static's",
        'runtime: check id FIXTURE-B appears twice']


def test_collect_records_a_source_that_raises_wants_unknown_input_or_breaks_the_contract(
        monkeypatch):
    """Test doubles of source modules (this test's own functions, not evidence):
    the orchestrator passes arguments by name and records each failure mode."""
    import types
    received = {}

    def good(board_name, config_path, break_switch=None):
        received.update(board_name=board_name, config_path=config_path, switch=break_switch)
        return fx.runtime_evidence()

    def raises(board_name):
        raise RuntimeError('simulator\nnot found')

    def wants(board, config):
        return {}

    modules = {'static': good, 'dma': raises, 'misra': wants,
               'runtime': lambda: {'source': 'runtime', 'checks': 'none'}}
    monkeypatch.setattr(sources, '_import', lambda name: (
        (types.SimpleNamespace(evidence=modules[name]), None) if name in modules
        else (None, ('not run', 'absent'))))
    context = {'board_name': 'b', 'config_path': 'c.toml', 'repo_root': '/r'}
    records = {r['name']: r for r in sources.collect(sources.NAMES, context, set(CONTRACT_IDS),
                                                     log=lambda *a, **k: None)}
    assert records['static']['status'] == 'run'
    assert received == {'board_name': 'b', 'config_path': 'c.toml', 'switch': None}
    assert records['dma']['status'] == 'error'
    assert re.fullmatch(r'evidence\(\) raised RuntimeError: simulator not found '
                        r'\(at test_certify_rollup.py:\d+\)', records['dma']['reason'])
    assert records['misra']['status'] == 'error'
    assert 'evidence() wants "board", which certify does not provide' in records['misra']['reason']
    assert records['runtime']['status'] == 'error'
    assert records['runtime']['reason'] == ('its evidence breaks the contract: runtime: '
                                            '"checks" is not a list')
    assert records['fuzz']['status'] == 'not run'


def test_memory_map_keeps_small_regions_visible_and_shows_overlaps():
    from bulkhead.certify import memmap
    assert memmap.size_text(4096) == '4 KiB' and memmap.size_text(3 << 30) == '3 GiB'
    assert memmap.size_text((1 << 20) + 512) == '1.00 MiB'
    ram = [{'base': 0x40000000, 'size': 0x40000000}]
    regions = [
        {'start': 0x40000000, 'size': 0x2000000, 'owner': 'hypervisor', 'kind': 'hypervisor',
         'label': 'hyp'},
        {'start': 0x42000000, 'size': 0x2000000, 'owner': 'a', 'kind': 'ram', 'label': 'a RAM'},
        {'start': 0x42010000, 'size': 0x1000, 'owner': 'UNDECLARED', 'kind': 'undeclared',
         'label': 'b: UNDECLARED'},
        {'start': 0x9000000, 'size': 0x1000, 'owner': 'a', 'kind': 'device', 'label': 'uart'}]
    free = memmap._free(ram, regions)
    assert [(f['start'], f['size']) for f in free] == [(0x44000000, 0x3c000000)]
    svg = memmap.svg(regions + free, memmap.owners_colours(['a']), 'test', 't')
    heights = [int(h) for h in re.findall(r'<rect x="[\d.]+" y="\d+" width="[\d.]+" '
                                          r'height="(\d+)" fill="#', svg)]
    # 4 KiB pieces are drawn at least MIN_H high; 1 GiB no more than MAX_H.
    assert min(heights) == memmap.MIN_H and max(heights) <= memmap.MAX_H
    # The foreign page is drawn beside a's RAM, each in half the bar's width.
    half = '%.1f' % (memmap.BAR_W / 2)
    assert len(re.findall(r'width="%s" height="\d+" fill="(#[0-9a-f]+)"' % half, svg)) == 2
    assert 'gap ' in svg and 'fill="url(#hatch-t)"' in svg
