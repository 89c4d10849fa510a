# SPDX-License-Identifier: Apache-2.0
"""`./bulkhead bench --check`: exit 1 naming each figure over its target; the
plain run only reports. The figures here are given, not measured, so the
check itself is what is tested (test_bench_smoke runs the real bench)."""
import json

from bulkhead import bench, cli

UNDER = bench._figure('null hypercall round trip', 38, 'instructions', None, 40)
OVER = bench._figure('timer IRQ latency, injected', 812, 'instructions', 700, 800)
NO_TARGET = bench._figure('channel ping-pong round trip', 2562, 'instructions', None, None)
NO_VALUE = bench._figure('GICD_CTLR read (trapped)', None, 'instructions', None, 150)


def test_bench_check_names_the_figures_over_target():
    assert bench.missed([UNDER, OVER, NO_TARGET, NO_VALUE]) == [OVER]
    assert bench.check_lines([UNDER, OVER, NO_TARGET]) == [
        'bench: check: timer IRQ latency, injected is 812 instructions, over its target 800']
    assert bench.check_lines([UNDER, NO_TARGET, NO_VALUE]) == [
        'bench: check: every figure with a target meets it']


def _bench(monkeypatch, tmp_path, figures, *args):
    """cli.main(['bench', ...]) with `figures` standing in for a measured run."""
    monkeypatch.setattr(bench, 'measure', lambda board: list(figures))
    out = tmp_path / 'bench.json'
    status = cli.main(['bench', '--json', str(out), *args])
    with open(out) as f:
        return status, json.load(f)


def test_bench_check_exit_status(monkeypatch, tmp_path, capsys):
    status, report = _bench(monkeypatch, tmp_path, [UNDER, OVER], '--check')
    assert status == 1
    assert capsys.readouterr().err == ('bench: check: timer IRQ latency, injected is 812 '
                                       'instructions, over its target 800\n')
    # The same figures without --check: reported (MISSED in the table), exit 0.
    status, again = _bench(monkeypatch, tmp_path, [UNDER, OVER])
    assert status == 0 and again == report
    assert 'MISSED' in capsys.readouterr().out
    status, _ = _bench(monkeypatch, tmp_path, [UNDER, NO_TARGET], '--check')
    assert status == 0
    assert 'every figure with a target meets it' in capsys.readouterr().out
    # bench.json keeps its shape.
    assert set(report) == {'board', 'figures'}
    assert report['figures'][1] == {'name': 'timer IRQ latency, injected', 'value': 812,
                                    'unit': 'instructions', 'native': 700, 'target': 800}
