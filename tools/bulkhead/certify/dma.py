# SPDX-License-Identifier: Apache-2.0
"""DMA evidence (REQ-ISO-031): which bus masters each partition owns, and
whether an IOMMU confines them.

Read from the declaration itself: the board Devicetree says which devices
master the bus (`bulkhead,bus-master`) and which an IOMMU translates
(`iommus`); the checked config says who owns them and which ones it accepted
unprotected (`unprotected_dma`). A partition owning an unprotected bus master
fails the requirement by that device's name, whatever the config accepted:
accepting a risk does not make it go away.
"""
from .. import boards, config
from ..busmaster import unprotected


def _check(p):
    masters = [d for d in p.devices if d.bus_master]
    open_ = [d for d in masters if unprotected(d)]
    check = {
        'id': 'DMA-%s' % p.name.upper(),
        'title': '%s owns no bus master that can reach memory beyond its own' % p.name,
        'requirements': ['REQ-ISO-031'],
        'result': 'fail' if open_ else 'pass',
        'findings': ['device %s (%s) masters the bus and no IOMMU translates it: it can read and '
                     'write every partition\'s memory and the hypervisor\'s (accepted by the '
                     'config\'s unprotected_dma)' % (d.name, d.path) for d in open_],
    }
    if not masters:
        check['summary'] = 'owns %d device(s), none a bus master' % len(p.devices)
    else:
        check['summary'] = '%d bus master(s): %d behind an IOMMU, %d unprotected' % (
            len(masters), len(masters) - len(open_), len(open_))
    return check


def evidence(board_name, config_path):
    """The contract's evidence dict (source "static"), one check per partition."""
    system = config.load(config_path, boards.load(board_name))
    return {'source': 'static', 'checks': [_check(p) for p in system.partitions]}
