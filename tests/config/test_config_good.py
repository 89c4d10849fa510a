# SPDX-License-Identifier: Apache-2.0
"""Configs that must load: tests/configs/good/ and the shipped configs/.

Each is checked from its JSON twin by config_invariants (no overlaps, all in
board RAM, devices at IPA == PA, one owner for everything), and a few by the
exact addresses the placement rules give (docs/config.md, "Placement").
"""
import glob
import json
import os
import re

import pytest

from bulkhead import boards, config, layout, tomlpos
from config_invariants import ROOT, board_facts, check_twin

GOOD = sorted(glob.glob(os.path.join(ROOT, 'tests', 'configs', 'good', '*.toml')))
SHIPPED = sorted(glob.glob(os.path.join(ROOT, 'configs', 'qemu-virt-arm64', '*.toml')))
M = 1 << 20


@pytest.fixture(scope='module')
def board():
    return boards.load('qemu-virt-arm64')


def twin_of(board, name):
    path = os.path.join(ROOT, 'tests', 'configs', 'good', name + '.toml')
    return layout.layout_json(config.load(path, board))


def by_name(items):
    return {item['name']: item for item in items}


def test_config_good_count():
    assert len(GOOD) >= 10


@pytest.mark.parametrize('path', GOOD + SHIPPED, ids=lambda p: os.path.relpath(p, ROOT))
def test_config_good(board, path):
    system = config.load(path, board)
    twin = layout.layout_json(system)
    json.dumps(twin)                              # plain data only
    assert check_twin(twin, board_facts()) == []
    assert twin['board'] == 'qemu-virt-arm64'
    assert twin['config'] == os.path.relpath(path, ROOT)
    for p in system.partitions:                  # the data model emit.py reads
        assert p.irqs == sorted(p.irqs) and p.console == 'virtual'
        assert layout.partition_regions(system, p)[0].kind == 'ram'


def test_config_good_placement_goes_round_fixed(board):
    parts = by_name(twin_of(board, 'two_mixed')['partitions'])
    assert parts['pinned']['regions'][0]['pa'] == 0x42000000
    assert parts['placed']['regions'][0]['pa'] == 0x43000000     # next 2 MiB boundary
    assert parts['pinned']['on_fault'] == 'reset-system' and parts['pinned']['max_restarts'] == 0


def test_config_good_story(board):
    twin = twin_of(board, 'three_story')
    parts = by_name(twin['partitions'])
    producer = parts['producer']
    assert producer['irqs'] == [48, 49, 50, 51]
    devices = [r for r in producer['regions'] if r['kind'] == 'device']
    assert devices == [{'kind': 'device', 'name': 'virtio0+virtio1+virtio2+virtio3',
                        'ipa': 0xa000000, 'pa': 0xa000000, 'size': 0x1000, 'perms': 'rw-'}]
    # The virtio slots master the bus with no IOMMU: the config accepted that, and says so.
    assert all(d['bus_master'] and not d['iommu'] for d in producer['devices'])
    assert producer['unprotected_dma'] == ['virtio0', 'virtio1', 'virtio2', 'virtio3']
    assert parts['consumer']['unprotected_dma'] == []
    assert parts['consumer']['cpus'] == [1, 2] and parts['consumer']['irqs'] == [39, 40]
    assert parts['consumer']['max_restarts'] == 5
    assert parts['monitor']['irqs'] == [34, 41, 42]
    chans = by_name(twin['channels'])
    assert chans['samples']['pa'] == 0x45000000       # after producer, monitor and consumer
    assert chans['stats']['pa'] == 0x45002000
    mon = by_name(r for r in parts['monitor']['regions'] if r['kind'] == 'channel')
    assert (mon['samples']['ipa'], mon['samples']['perms']) == (0x80000000, 'r--')
    assert (mon['stats']['ipa'], mon['stats']['perms']) == (0x80002000, 'r--')
    con = by_name(r for r in parts['consumer']['regions'] if r['kind'] == 'channel')
    assert (con['stats']['ipa'], con['stats']['perms']) == (0x80002000, 'rw-')


def test_config_good_channel_ipas_in_declaration_order(board):
    twin = twin_of(board, 'channels_many')
    for name in ('left', 'right'):
        regions = [r for r in by_name(twin['partitions'])[name]['regions'] if r['kind'] == 'channel']
        assert [(r['name'], r['ipa']) for r in regions] == [
            ('req', 0x80000000), ('resp', 0x80001000), ('shared', 0x80005000)]
    left = by_name(r for r in by_name(twin['partitions'])['left']['regions'])
    assert (left['req']['perms'], left['resp']['perms'], left['shared']['perms']) == ('rw-', 'r--', 'rw-')


def test_config_good_images_and_channels_after_ram(board):
    twin = twin_of(board, 'four_images')
    pa = {p['name']: p['regions'][0]['pa'] for p in twin['partitions']}
    assert pa == {'p0': 0x70000000, 'p1': 0x42000000, 'p2': 0x42400000, 'p3': 0x42800000}
    chans = by_name(twin['channels'])
    assert (chans['ring']['pa'], chans['back']['pa']) == (0x52800000, 0x52810000)
    p2 = by_name(twin['partitions'])['p2']
    assert p2['entry'] == 0x40200004 and p2['image'] == 'tests/configs/images/tiny.bin'
    assert by_name(twin['partitions'])['p3']['max_restarts'] == 1000


def test_config_good_defaults(board):
    crashy = twin_of(board, 'restart_default')['partitions'][0]
    assert (crashy['on_fault'], crashy['max_restarts']) == ('restart', 3)
    whole = twin_of(board, 'ram_full')['partitions'][0]
    assert whole['regions'][0]['pa'] == 0x42000000 and whole['regions'][0]['size'] == 992 * M
    assert whole['cpus'] == [0, 1, 2, 3]


def test_config_good_syntax_variants(board):
    twin = twin_of(board, 'syntax_variants')
    parts = by_name(twin['partitions'])
    assert parts['alpha']['regions'][0]['size'] == 64 * M
    assert parts['beta']['regions'][0]['pa'] == 0x60000000
    assert parts['alpha']['devices'][0]['name'] == 'rtc0'
    assert parts['beta']['irqs'] == [60, 61]


def test_config_board_read_once_per_mtime(tmp_path):
    from bulkhead import devicetree
    dts = tmp_path / 'board.dts'
    dts.write_text(open(os.path.join(ROOT, 'boards', 'qemu-virt-arm64', 'board.dts')).read())
    first = devicetree.read_board(str(dts))
    assert devicetree.read_board(str(dts)) is first
    os.utime(dts, ns=(1, 1))
    assert devicetree.read_board(str(dts)) is not first


def test_config_key_lines():
    text = ('a = """\nname = "not a key"\n"""\n'      # 1-3
            '[[partition]]  # [[not a header]]\n'     # 4
            'name = "x" # name = "y"\n'                 # 5
            'cpus = [ # a comment ]\n'                   # 6
            '  1, [2, 3],\n'                             # 7
            '  { k = "]" },\n'                           # 8
            ']\n'                                         # 9
            "[partition.memory]\n"                       # 10
            "'size' = '4K'\n"                            # 11
            '[[partition]]\n'                             # 12
            'memory.base = 0x1000\n')                     # 13
    lines = tomlpos.key_lines(text)
    assert lines[('a',)] == 1
    assert lines[('partition', 0)] == 4 and lines[('partition', 0, 'name')] == 5
    assert lines[('partition', 0, 'cpus', 0)] == 7 and lines[('partition', 0, 'cpus', 1, 1)] == 7
    assert lines[('partition', 0, 'cpus', 2, 'k')] == 8
    assert lines[('partition', 0, 'memory', 'size')] == 11
    assert lines[('partition', 1)] == 12 and lines[('partition', 1, 'memory', 'base')] == 13
    assert ('name',) not in lines


def test_config_docs_example(board, tmp_path):
    """The complete example in docs/config.md is valid. Its image is made from a
    fixture and its apps become "hello": which apps exist is not the point here."""
    with open(os.path.join(ROOT, 'docs', 'config.md')) as f:
        example = f.read().split('```toml\n', 1)[1].split('```', 1)[0]
    example = re.sub(r'app = "\w+"', 'app = "hello"', example)
    (tmp_path / 'images').mkdir()
    (tmp_path / 'images' / 'consumer.elf').write_bytes(
        open(os.path.join(ROOT, 'tests', 'configs', 'images', 'tiny.elf'), 'rb').read())
    (tmp_path / 'example.toml').write_text(example)
    system = config.load(str(tmp_path / 'example.toml'), board)
    assert [p.name for p in system.partitions] == ['producer', 'consumer', 'monitor']
    assert [c.name for c in system.channels] == ['samples', 'stats']
    assert system.partitions[1].irqs == [39, 40]
    assert check_twin(layout.layout_json(system), board_facts()) == []
