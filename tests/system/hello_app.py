# SPDX-License-Identifier: Apache-2.0
"""What guests/apps/hello prints, shared by the partition and native scenarios.

The app's output is deterministic, so most lines are matched exactly (what the
C format strings in guests/apps/hello/main.c give); the RAM lines depend on
where the app runs and are matched by shape. Lines have no `[name] ` prefix
here; they must appear in this order.
"""
import re

HELLO_LINES = [
    re.escape('hello from the Bulkhead unikernel runtime'),
    r'ram: 0x[0-9a-f]+\.\.0x[0-9a-f]+ \(\d+ MiB, from the Devicetree\)',
    None,     # the mode line: see MODE_NATIVE and mode_in_partition()
    re.escape('printf: -42 7 42 0xbeef 10 B bulkhead    pa| left  | +5 -1234567890123'),
    re.escape('float: pi ~ 3.141 (Leibniz, 1000 terms), 6.022141e+23, 0.0001'),
    re.escape('libm: sqrt(2) = 1.414214, sin(pi/6) = 0.500, exp(1) = 2.71828, pow(2, 10) = 1024'),
    re.escape('malloc: 65536 bytes filled and checked, freed, allocated again: ok'),
    re.escape('malloc: 4 GiB refused: ok'),
    re.escape('hello: done, exit status 0'),
]

MODE_NATIVE = re.escape('mode: native (no hypervisor)')


def mode_in_partition(name):
    return re.escape('mode: bulkhead partition "%s" (id ' % name) + r'\d+, cpu 0 of 1, abi \d+\)'


def expected(mode):
    """The app's lines, in order, as full-line regexes, with `mode` as the mode line."""
    return ['^%s$' % (mode if p is None else p) for p in HELLO_LINES]


def missing_in_order(lines, patterns):
    """The patterns that do not match a line, each after the previous pattern's match."""
    missing, start = [], 0
    for pattern in patterns:
        regex = re.compile(pattern)
        for i in range(start, len(lines)):
            if regex.search(lines[i]):
                start = i + 1
                break
        else:
            missing.append(pattern)
    return missing
