# SPDX-License-Identifier: Apache-2.0
"""Every config under tests/configs/bad/ is refused with exactly the messages
in the .expected file beside it: each mistake on its own line
(FILE:LINE: partition "NAME": what is wrong; what to do), then the summary.

To add a case: write NAME.toml (a first-line comment saying what is wrong),
run `./bulkhead check tests/configs/bad/NAME.toml 2> tests/configs/bad/NAME.expected`,
and read what it says before committing it.
"""
import glob
import os
import re

import pytest

from bulkhead import boards, config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BAD = os.path.join(ROOT, 'tests', 'configs', 'bad')
CASES = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(BAD, '*.toml')))
MESSAGE = re.compile(r'^tests/configs/bad/(?P<case>[\w-]+)\.toml(:\d+)?: '
                     r'((partition|channel) ("[a-z][a-z0-9_-]*"|#\d+): )?\S.*; \S.*$')
SUMMARY = re.compile(r'^check: \d+ errors? \(board qemu-virt-arm64, config [\w-]+\)$')


@pytest.fixture(scope='module')
def board():
    return boards.load('qemu-virt-arm64')


def refusal(board, case):
    with pytest.raises(config.ConfigError) as info:
        config.load(os.path.join(BAD, case + '.toml'), board)
    return info.value


def test_config_bad_count():
    assert len(CASES) >= 60, CASES
    missing = [c for c in CASES if not os.path.isfile(os.path.join(BAD, c + '.expected'))]
    assert not missing, 'bad configs without a .expected file: %s' % missing


@pytest.mark.parametrize('case', CASES)
def test_config_bad(board, case):
    err = refusal(board, case)
    with open(os.path.join(BAD, case + '.expected')) as f:
        expected = f.read().splitlines()
    assert str(err).splitlines() == expected
    assert err.messages == expected[:-1]
    assert SUMMARY.match(expected[-1]) and ('check: %d error' % len(err.messages)) in expected[-1]
    for line in err.messages:
        found = MESSAGE.match(line)
        assert found and found.group('case') == case, 'not in the house style: ' + line


def test_config_bad_messages_in_line_order(board):
    err = refusal(board, 'many_errors')
    lines = [int(m.split(':')[1]) for m in err.messages]
    assert lines == sorted(lines) and len(set(lines)) >= 8
