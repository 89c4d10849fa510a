# SPDX-License-Identifier: Apache-2.0
"""Seeded mutations of the shipped and good configs: the config compiler never
fails with anything but a ConfigError or UserError, and every config it accepts
keeps the invariants of config_invariants, checked from its JSON twin.

Each mutation applies one to three edits: change a number or a size, delete,
duplicate or swap lines, give a key a value of another type, shuffle CPUs,
rename partitions, swap string values for others the configs use, insert a
line, make a partition claim devices or interrupts, truncate the text or flip
bytes. The seed is fixed,
so a failure names the iteration that reproduces it
(BULKHEAD_FUZZ_SEED and BULKHEAD_FUZZ_COUNT change the run).
"""
import glob
import os
import random
import re
import time
import tomllib

from bulkhead import boards, config, layout, tomlpos
from bulkhead.errors import UserError
from config_invariants import ROOT, board_facts, check_twin

SEED = int(os.environ.get('BULKHEAD_FUZZ_SEED', '20240611'))
COUNT = int(os.environ.get('BULKHEAD_FUZZ_COUNT', '10000'))
NUMBER = re.compile(r'(?<![\w.])-?(0x[0-9a-fA-F_]+|\d[\d_]*)(?![\w.])')
SIZE = re.compile(r'"\d+[KMG]?(i?B)?"')
STRING = re.compile(r'"[^"\n]*"')
KEY_VALUE = re.compile(r'^(\s*[\w."-]+\s*=\s*)(.+)$')
NUMBERS = [0, 1, -1, 2, 3, 4, 5, 16, 27, 32, 33, 34, 39, 40, 48, 51, 987, 988, 1000, 1001,
           0xfff, 0x1000, 0x1800, 0x10000, 0x200000, 0x1000000, 0x4000000, 0x3e000000, 0x40000000,
           0x41fff000, 0x42000000, 0x43000000, 0x45000000, 0x7fe00000, 0x80000000, 0x9010000,
           0xa000000, 1 << 63, (1 << 64) + 5]
SIZES = ['"0"', '"1K"', '"4K"', '"5K"', '"2M"', '"3M"', '"16M"', '"64M"', '"992M"', '"1G"', '"2G"',
         '"64X"', '""', '"-4K"', '"4096"', '"64MiB"']
VALUES = ['"x"', '1', '-1', '1.5', 'true', '[]', '[1, 2]', '["rtc0"]', '{}', '{ size = "4K" }',
          '1979-05-27', '"restart"', '[[1]]', '{ a = "write", b = "read" }', '0x42000000']
STRINGS = ['"rtc0"', '"gpio0"', '"virtio0"', '"virtio3"', '"uart0"', '"gic"', '"/pl031@9010000"',
           '"/pl061@9030000"', '"cpu0"', '"read"', '"write"', '"halt"', '"restart"', '"reset-system"',
           '"virtual"', '"hello"', '"fault"', '"../images/tiny.elf"', '"../images/tiny.bin"',
           '"a"', '"b"', '"producer"', '"consumer"', '"monitor"', '"Bad Name"', '""',
           '"nul\\u0000"', '"../images"', '"/dev/zero"', '"\\u00e9t\\u00e9"']
DEVICES = ['"rtc0"', '"gpio0"', '"virtio0"', '"virtio1"', '"virtio2"', '"virtio3"',
           '"/pl031@9010000"', '"/pl061@9030000"', '"/virtio_mmio@a000600"', '"uart0"']
INTIDS = [33, 34, 39, 40, 41, 42, 48, 49, 50, 51, 60, 61]
SNIPPETS = ['devices = ["rtc0"]', 'devices = ["virtio1"]', 'devices = ["gpio0", "virtio2"]',
            'irqs = [34]', 'irqs = [40, 41]', 'irqs = [48]', 'on_fault = "restart"',
            'max_restarts = 7', 'cpus = [0, 1, 2, 3]', 'entry = 0x40200000',
            'memory = { size = "2M", base = 0x42000000 }', 'memory = { size = "64M" }',
            'image = "../images/tiny.elf"', 'console = "virtual"', '[[partition]]', '[[channel]]',
            'name = "extra"', 'size = "4K"', 'ends = { producer = "write", consumer = "read" }',
            'ends = { left = "read", right = "write" }', '[partition.memory]', 'size = 0x400000',
            'base = 0x50000000']


def _lines(text):
    return text.split('\n')


def m_number(rng, text):
    found = list(NUMBER.finditer(text))
    if not found:
        return text
    m = rng.choice(found)
    value = rng.choice(NUMBERS + [rng.randrange(0, 1 << 32, 4096), rng.randrange(-8, 2000)])
    shown = hex(value) if value >= 0 and rng.random() < 0.5 else str(value)
    return text[:m.start()] + shown + text[m.end():]


def m_sub(pattern, pool):
    def mutate(rng, text):
        found = list(pattern.finditer(text))
        if not found:
            return text
        m = rng.choice(found)
        return text[:m.start()] + rng.choice(pool) + text[m.end():]
    return mutate


def m_delete(rng, text):
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return '\n'.join(lines)


def m_duplicate(rng, text):
    lines = _lines(text)
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(lines))
    return '\n'.join(lines)


def m_swap_lines(rng, text):
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return '\n'.join(lines)


def m_retype(rng, text):
    lines = _lines(text)
    spots = [i for i, l in enumerate(lines) if KEY_VALUE.match(l) and not l.lstrip().startswith('#')]
    if not spots:
        return text
    i = rng.choice(spots)
    lines[i] = KEY_VALUE.match(lines[i]).group(1) + rng.choice(VALUES)
    return '\n'.join(lines)


def m_cpus(rng, text):
    found = list(re.finditer(r'cpus = \[[^\]]*\]', text))
    if not found:
        return text
    m = rng.choice(found)
    cpus = [rng.randrange(-1, 6) for _ in range(rng.randrange(0, 5))]
    if rng.random() < 0.5:
        cpus = rng.sample(range(4), rng.randrange(1, 5))
    return text[:m.start()] + 'cpus = %s' % cpus + text[m.end():]


def m_rename(rng, text):
    names = re.findall(r'name = "([^"]*)"', text)
    found = list(re.finditer(r'name = "[^"]*"', text))
    if not found:
        return text
    m = rng.choice(found)
    new = rng.choice(names + ['x', 'producer', 'consumer', 'left', 'Upper', 'a' * 17, ''])
    return text[:m.start()] + 'name = "%s"' % new + text[m.end():]


def m_insert(rng, text):
    lines = _lines(text)
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(SNIPPETS))
    return '\n'.join(lines)


def m_claim(rng, text):
    """Make one partition claim devices or interrupts that others may hold."""
    lines = _lines(text)
    heads = [i for i, l in enumerate(lines) if l.strip() == '[[partition]]']
    if not heads:
        return text
    if rng.random() < 0.5:
        claim = 'devices = [%s]' % ', '.join(rng.sample(DEVICES, rng.randrange(1, 4)))
    else:
        claim = 'irqs = [%s]' % ', '.join(map(str, rng.sample(INTIDS, rng.randrange(1, 4))))
    lines.insert(rng.choice(heads) + 1, claim)
    return '\n'.join(lines)


def m_truncate(rng, text):
    return text[:rng.randrange(len(text) + 1)]


def m_flip(rng, text):
    raw = bytearray(text.encode())
    for _ in range(rng.randrange(1, 4)):
        if raw:
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    return bytes(raw)


MUTATORS = [m_number, m_sub(SIZE, SIZES), m_sub(STRING, STRINGS), m_delete, m_duplicate,
            m_swap_lines, m_retype, m_cpus, m_rename, m_insert, m_claim, m_claim, m_truncate,
            m_flip]


def mutate(rng, text):
    for _ in range(rng.randrange(1, 4)):
        op = rng.choice(MUTATORS)
        text = op(rng, text)
        if isinstance(text, bytes):
            break
    return text


def _key_paths(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield path + (k,)
            yield from _key_paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield path + (i,)
            yield from _key_paths(v, path + (i,))


def _seeds():
    paths = sorted(glob.glob(os.path.join(ROOT, 'configs', 'qemu-virt-arm64', '*.toml'))
                   + glob.glob(os.path.join(ROOT, 'tests', 'configs', 'good', '*.toml')))
    return [(p, open(p).read()) for p in paths]


def _unlocated(text):
    """Key paths tomllib returns that tomlpos has no line for (valid TOML only)."""
    try:
        data = tomllib.loads(text.decode() if isinstance(text, bytes) else text)
    except (ValueError, UnicodeDecodeError):
        return []
    lines = tomlpos.key_lines(text.decode() if isinstance(text, bytes) else text)
    return [p for p in _key_paths(data) if p not in lines]


def test_config_fuzz(capsys):
    board, facts, seeds = boards.load('qemu-virt-arm64'), board_facts(), _seeds()
    rng = random.Random(SEED)
    counts = {'accepted': 0, 'refused': 0}
    failures = []
    start = time.monotonic()
    for i in range(COUNT):
        path, text = rng.choice(seeds)
        mutated = mutate(rng, text)
        try:
            system = config.load(path, board, text=mutated)
        except (config.ConfigError, UserError) as err:
            counts['refused'] += 1
            lines = str(err).splitlines()
            if isinstance(err, config.ConfigError) and (
                    not err.messages or len(lines) != len(err.messages) + 1
                    or not lines[-1].startswith('check: %d error' % len(err.messages))):
                failures.append((i, 'not one line per message: %r' % str(err), mutated))
        except Exception as err:  # noqa: BLE001 -- exactly what this test looks for
            failures.append((i, '%s: %s' % (type(err).__name__, err), mutated))
            continue
        else:
            counts['accepted'] += 1
            problems = check_twin(layout.layout_json(system), facts)
            if problems:
                failures.append((i, 'accepted but ' + '; '.join(problems), mutated))
        unlocated = _unlocated(mutated)
        if unlocated:
            failures.append((i, 'no line for %s' % unlocated[:3], mutated))
    elapsed = time.monotonic() - start
    with capsys.disabled():
        print('\nconfig fuzz: %d mutations (seed %d): %d accepted, %d refused, %.1f s'
              % (COUNT, SEED, counts['accepted'], counts['refused'], elapsed))
    assert not failures, '%d failures; first: iteration %d: %s\n--- text ---\n%r' % (
        len(failures), *failures[0])
    assert counts['accepted'] >= COUNT // 20, counts      # the invariants did get exercised
    assert elapsed < 45
