# SPDX-License-Identifier: Apache-2.0
"""Interrupts on both GIC versions: timers at different rates in two partitions,
SGIs that reach only the sender's own vCPUs, pending interrupts taken in
priority order, 1000 checked channel round trips with doorbells, and direct
mode delivering timer interrupts with no EL2 entry (GICv3)."""
import re

import pytest

from scenario import BOARDS, BOARDS_AND_ZCU102, config, lines_of

# Rates are judged against the partitions' own counters, which under plain
# QEMU follow the host's clock: on a loaded machine a vCPU thread can lose a
# share of a second and the ticks with it. With -icount time is the
# instruction count, the same on every machine, and idle time is skipped.
ICOUNT = ('-icount', 'shift=0,align=off,sleep=off')


def ended_cleanly(run):
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected status 0 (every partition exited 0)'


@pytest.mark.parametrize('board', BOARDS_AND_ZCU102)
def test_timers_at_different_rates(boot, board):
    run = boot(board, config('ticker'), extra=ICOUNT)
    ended_cleanly(run)
    rates = {}
    for name, target in (('tick100', 100), ('tick250', 250)):
        m = [re.match(r'ticker: (\d+) ticks in 1\.00 s \((\d+) Hz\)$', l)
             for l in lines_of(run, name)]
        found = [x for x in m if x]
        assert found, '%s printed no tick count' % name
        rates[name] = int(found[0].group(2))
        assert abs(rates[name] - target) <= target * 0.05, \
            '%s ticked at %d Hz, not %d' % (name, rates[name], target)
    assert rates['tick100'] != rates['tick250']


@pytest.mark.parametrize('board', BOARDS_AND_ZCU102)
def test_foreign_sgi_blocked(boot, board):
    run = boot(board, config('sgi_probe'))
    ended_cleanly(run)
    assert any('every SGI reached exactly the CPUs it named: ok' in l
               for l in lines_of(run, 'probe')), 'the probe\'s own SGIs went wrong'
    for listener in ('listener', 'listen3'):
        assert 'sgi_probe: received 0 SGIs' in lines_of(run, listener), \
            '%s received SGIs from another partition' % listener


@pytest.mark.parametrize('board', BOARDS)
def test_priority_order(boot, board):
    run = boot(board, config('irqstorm'))
    ended_cleanly(run)
    for name in ('storm_a', 'storm_b'):
        order = [l for l in lines_of(run, name) if l.startswith('irqstorm: taken in this order')]
        assert order, '%s did not report the order its interrupts came in' % name
        prios = [int(p, 16) for p in re.findall(r'/0x([0-9a-f]+)', order[0])]
        assert len(prios) == 10 and prios == sorted(prios), \
            '%s took its interrupts out of priority order: %s' % (name, order[0])


@pytest.mark.parametrize('board', BOARDS)
def test_channel_pingpong(boot, board):
    run = boot(board, config('pingpong'))
    ended_cleanly(run)
    assert 'pingpong: 1000 round trips, all content checked' in lines_of(run, 'pinger')
    assert 'pingpong: answered 1000 messages, all content checked' in lines_of(run, 'ponger')
    for name in ('pinger', 'ponger'):
        got = [re.match(r'pingpong: (\d+) doorbells received', l) for l in lines_of(run, name)]
        counts = [int(m.group(1)) for m in got if m]
        assert counts and counts[0] >= 1000, '%s missed doorbells: %s' % (name, counts)


def test_direct_mode_delivers(boot):
    run = boot('qemu-virt-arm64', config('ticker_direct'), extra=ICOUNT)
    ended_cleanly(run)
    assert 'ticker: 300 ticks in 1.00 s (300 Hz)' in lines_of(run, 'tick300'), \
        'the direct-mode partition did not get its timer interrupts'
    assert 'ticker: 100 ticks in 1.00 s (100 Hz)' in lines_of(run, 'tick100'), \
        'the injected partition beside it lost timer interrupts'
