# SPDX-License-Identifier: Apache-2.0
"""Board zcu102's Devicetree offers the devices a user would pass through on
the Zynq UltraScale+, each with its interrupts; the DMA masters among them
(GEM Ethernet, SD, USB) are refused to a partition unless it accepts the
risk with unprotected_dma (docs/config.md, "Bus masters (DMA)")."""
import pytest

from bulkhead import boards, config

PLAIN = {'uart1': [(0, 22, 4)], 'i2c0': [(0, 17, 4)], 'i2c1': [(0, 18, 4)],
         'gpio': [(0, 16, 4)], 'rtc0': [(0, 26, 4), (0, 27, 4)],
         'ttc0': [(0, 36, 4), (0, 37, 4), (0, 38, 4)], 'ttc3': [(0, 45, 4), (0, 46, 4), (0, 47, 4)]}
BUS_MASTERS = {'gem0': [(0, 57, 4)], 'gem3': [(0, 63, 4)], 'sdhci0': [(0, 48, 4)],
               'sdhci1': [(0, 49, 4)], 'usb0': [(0, 65, 4)], 'usb1': [(0, 70, 4)]}


@pytest.fixture(scope='module')
def board():
    return boards.load('zcu102')


def _config(tmp_path, devices, unprotected=()):
    path = tmp_path / 'owner.toml'
    path.write_text('[[partition]]\nname = "owner"\ncpus = [0]\nmemory = { size = "32M" }\n'
                    'app = "hello"\ndevices = [%s]\n%s'
                    % (', '.join('"%s"' % d for d in devices),
                       'unprotected_dma = [%s]\n' % ', '.join('"%s"' % d for d in unprotected)
                       if unprotected else ''))
    return str(path)


def test_devices_have_their_interrupts(board, tmp_path):
    system = config.load(_config(tmp_path, sorted(PLAIN)), board)
    hw = system.hw
    by_label = {d.label: d for d in hw.devices.values() if d.label}
    for label, irqs in sorted({**PLAIN, **BUS_MASTERS}.items()):
        assert label in by_label, 'board.dts has no device labelled %s' % label
        assert by_label[label].irqs == irqs, '%s: interrupts %s, expected %s' % (
            label, by_label[label].irqs, irqs)
        assert by_label[label].bus_master == (label in BUS_MASTERS), \
            '%s: bulkhead,bus-master is %s' % (label, by_label[label].bus_master)


@pytest.mark.parametrize('device', sorted(BUS_MASTERS))
def test_bus_master_needs_unprotected_dma(board, tmp_path, device):
    with pytest.raises(config.ConfigError) as info:
        config.load(_config(tmp_path, [device]), board)
    assert 'can master the bus (DMA)' in str(info.value), str(info.value)
    assert 'unprotected_dma = ["%s"]' % device in str(info.value), str(info.value)
    config.load(_config(tmp_path, [device], [device]), board)
