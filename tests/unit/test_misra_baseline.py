# SPDX-License-Identifier: Apache-2.0
"""MISRA C:2012 findings in hyp/ and bsp/ do not grow (issue 12, REQ-ISO-080).

tools/bulkhead/certify/misra.py runs cppcheck's misra addon over the code the
boards build; these tests hold its counts against docs/misra-baseline.json and
show that the check fails when a violation is added to a copy of the tree:

    ./bulkhead test -k misra

The analysis takes some 15 s and is cached under build/misra/ by the hash of
its inputs, so a second run of the tree takes under a second.
"""
import json
import os
import shutil

import pytest

from bulkhead.certify import misra
from bulkhead.errors import UserError

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# A new file in hyp/core with two violations: an if body without braces
# (rule 15.6, already in the baseline) and an octal constant (rule 7.1, not).
PROBE = 'hyp/core/misra_probe.c'
PROBE_SOURCE = '''#include <stdint.h>
uint32_t misra_probe(uint32_t x);
uint32_t misra_probe(uint32_t x)
{
\tuint32_t r = 0U;
\tif (x > 1U)
\t\tr = 010;
\treturn r;
}
'''


def _checks(ev):
    return {c['id']: c for c in ev['checks']}


def test_misra_counts_within_baseline():
    ev = misra.evidence(ROOT)
    checks = _checks(ev)
    assert ev['source'] == 'misra'
    assert ev['total'] == sum(ev['rules'].values()) > 0
    for check in ev['checks']:
        assert check['requirements'] == ['REQ-ISO-080']
        assert check['result'] == 'pass', '%s: %s\n%s' % (check['id'], check['summary'],
                                                         '\n'.join(check['findings']))
    for rule, n in ev['rules'].items():
        assert n <= ev['baseline'].get(rule, 0), rule
    # Both architectures, and hyp/core, arch and bsp each seen.
    assert 'arm64' in checks['MISRA-ANALYSED']['summary']
    assert 'x86_64' in checks['MISRA-ANALYSED']['summary']


def test_misra_fails_on_a_new_violation(tmp_path):
    for tree in ('hyp', 'bsp', 'boards', 'configs', 'docs'):
        shutil.copytree(os.path.join(ROOT, tree), tmp_path / tree)
    (tmp_path / PROBE).write_text(PROBE_SOURCE)
    ev = misra.evidence(str(tmp_path))
    checks = _checks(ev)
    base = ev['baseline']
    assert ev['rules']['15.6'] == base['15.6'] + 1
    assert ev['rules']['7.1'] == 1 and '7.1' not in base
    growth = checks['MISRA-NO-GROWTH']
    assert growth['result'] == 'fail'
    assert len(growth['findings']) == 2, growth['findings']
    line_71, line_156 = growth['findings']    # in rule order
    assert line_71 == 'rule 7.1: 1 findings, baseline 0 (+1); in the file(s) where it grew: ' \
        '%s:7:7' % PROBE
    assert line_156.startswith('rule 15.6: %d findings, baseline %d (+1); '
                               % (base['15.6'] + 1, base['15.6']))
    assert '%s:6:' % PROBE in line_156     # the new location: the if without braces
    # 7.1 has no justification in docs/misra-deviations.md.
    justified = checks['MISRA-DEVIATIONS-JUSTIFIED']
    assert justified['result'] == 'fail'
    assert any(f.startswith('rule 7.1: 1 findings') for f in justified['findings'])
    assert checks['MISRA-ANALYSED']['result'] == 'pass'


def test_misra_lowered_baseline_names_rule_and_counts():
    """The same comparison against a baseline one lower for a rule of the tree."""
    findings = misra.analyse(ROOT)['findings']
    rules, files = misra.counts(findings)
    rule = max(rules, key=rules.get)
    path = max(files[rule], key=files[rule].get)
    lowered_files = {r: dict(f) for r, f in files.items()}
    lowered_files[rule][path] -= 1
    lowered = dict(rules, **{rule: rules[rule] - 1})
    assert misra.growth(findings, rules, files) == []
    out = misra.growth(findings, lowered, lowered_files)
    assert len(out) == 1
    assert out[0].startswith('rule %s: %d findings, baseline %d (+1)'
                             % (rule, rules[rule], rules[rule] - 1))
    assert '%s:' % path in out[0]


def test_misra_bad_baseline_names_the_file(tmp_path):
    (tmp_path / 'docs').mkdir()
    with pytest.raises(UserError, match='misra-baseline.json is missing; write it with'):
        misra.load_baseline(str(tmp_path))
    (tmp_path / 'docs' / 'misra-baseline.json').write_text(json.dumps({'rules': {'10.4': 'x'}}))
    with pytest.raises(UserError, match=r'docs/misra-baseline.json: not a MISRA baseline'):
        misra.load_baseline(str(tmp_path))
