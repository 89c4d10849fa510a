# SPDX-License-Identifier: Apache-2.0
"""Every CPU, device and interrupt of the board has at most one owner.

Run by config.py once each partition's own keys are checked. Partitions are
taken in declaration order: the first to claim a thing keeps it, and each
later claim is one message naming both owners. A device is owned with the
4 KiB pages its registers sit in (stage 2 maps whole pages), so two devices
that share a page (QEMU's virtio-mmio slots) can only go to one partition.
"""


def claim(chk):
    """Drop from each partition what an earlier one owns, reporting each clash;
    then set each partition's `irqs` to every INTID it owns."""
    _cpus(chk)
    _devices(chk)
    _irqs(chk)


def _owner(p):
    return '"%s"' % p.name if p.name else p.who


def _cpus(chk):
    owners = {}
    for p in chk.system.partitions:
        kept = []
        for cpu in p.cpus:
            if cpu in owners:
                chk.error(chk.spots[(p.index, 'cpu', cpu)], p.who, 'cpu %d is also assigned to %s; '
                          'remove it from one of them' % (cpu, _owner(owners[cpu])))
            else:
                owners[cpu] = p
                kept.append(cpu)
        p.cpus = kept


def _clash(taken, p, dev):
    """(message, ...) when `dev` is owned already or shares a page with another
    partition's device; None when `p` may have it."""
    for start, end, q, other in taken:
        if other.path == dev.path:
            return 'device "%s" is also assigned to %s; remove it from one of them' % (dev.name, _owner(q))
    for base, size in dev.pages:
        for start, end, q, other in taken:
            if q is not p and start < base + size and base < end:
                return ('device "%s" (%s) shares its 4 KiB page 0x%x with device "%s", which %s '
                        'owns; give every device on that page to the same partition'
                        % (dev.name, dev.path, max(start, base), other.name, _owner(q)))
    return None


def _devices(chk):
    taken = []           # (page start, page end, partition, device)
    for p in chk.system.partitions:
        kept = []
        for dev in p.devices:
            problem = _clash(taken, p, dev)
            if problem:
                chk.error(chk.spots[(p.index, 'device', dev.path)], p.who, problem)
                continue
            kept.append(dev)
            taken.extend((base, base + size, p, dev) for base, size in dev.pages)
        p.devices = kept


def _irqs(chk):
    owners = {}          # INTID -> (partition, how it came to own it)
    for p in chk.system.partitions:
        mine = [(intid, 'implied by its device "%s"' % dev.name,
                 chk.spots[(p.index, 'device', dev.path)])
                for dev in p.devices for intid in dev.intids]
        mine += [(intid, 'listed in its "irqs"', chk.spots[(p.index, 'irq', intid)])
                 for intid in p.extra_irqs]
        got = set()
        for intid, how, spot in mine:
            if intid in owners and owners[intid][0] is not p:
                q, q_how = owners[intid]
                chk.error(spot, p.who, 'irq %d (%s) is also owned by %s (%s); remove it from one of '
                          'them' % (intid, how, _owner(q), q_how))
            else:
                owners.setdefault(intid, (p, how))
                got.add(intid)
        p.irqs = sorted(got)
