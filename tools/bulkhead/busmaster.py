# SPDX-License-Identifier: Apache-2.0
"""A device that can master the bus reaches memory without stage 2: without an
IOMMU in front of it, its owner can read and write every partition's RAM and
the hypervisor's. Such a device is refused unless the partition's
`unprotected_dma` key names it, so the risk is written down where it is taken;
`./bulkhead certify` then fails REQ-ISO-031 naming the device.
"""


def unprotected(dev):
    """True when `dev` can master the bus and no IOMMU translates what it does."""
    return dev.bus_master and not dev.iommu


def check(error, p, accepted, at, spots, find):
    """Report each unprotected bus master `p` owns without accepting it, and each
    `accepted` name that is not one; set p.unprotected_dma to the accepted devices.

    error(spot, who, message) reports; spots maps (partition index, 'device',
    path) to where the device was listed; find(name) looks a device up."""
    named = {}
    for k, name in enumerate(accepted or []):
        spot = at + ('unprotected_dma', k)
        dev = find(name)
        mine = dev is not None and any(d.path == dev.path for d in p.devices)
        if not mine:
            error(spot, p.who, 'unprotected_dma names "%s", which is not one of its "devices"; '
                  'remove it from unprotected_dma' % name)
        elif not unprotected(dev):
            why = 'an IOMMU translates it' if dev.bus_master else 'it cannot master the bus'
            error(spot, p.who, 'unprotected_dma names "%s", but %s; remove it from '
                  'unprotected_dma' % (name, why))
        elif dev.path in named:
            error(spot, p.who, 'unprotected_dma names "%s" twice; list it once' % name)
        else:
            named[dev.path] = dev
    for dev in p.devices:
        if unprotected(dev) and dev.path not in named:
            error(spots[(p.index, 'device', dev.path)], p.who,
                  'device "%s" (%s) can master the bus (DMA) and no IOMMU translates it: its owner '
                  'could read and write any memory, other partitions\' and the hypervisor\'s; remove '
                  'it from "devices", or accept the risk with unprotected_dma = ["%s"] (the '
                  'certificate then fails REQ-ISO-031)' % (dev.name, dev.path, dev.name))
    p.unprotected_dma = list(named.values())
