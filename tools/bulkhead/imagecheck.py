# SPDX-License-Identifier: Apache-2.0
"""Partition images given as files (`image = ...`): read, measured and fitted
when the config is loaded.

An app is built later, so emit.py checks its image; a file exists now, so a
config whose image cannot boot is refused before anything builds. The rules
are elfimage.py's (which flattens the image at emit time): an ELF loads its
PT_LOAD segments at their physical addresses, anything else is a raw binary
loaded RAW_IMAGE_OFFSET into the partition's RAM and entered at its first
byte. Only the headers are read here (an image is measured by its size
first, however large the file); nothing is flattened.
"""
import os
import stat
import struct
from dataclasses import dataclass

from .layout import human, span

DTB_MAX = 64 * 1024            # room kept at the start of a partition's RAM for its Devicetree
RAW_IMAGE_OFFSET = 2 << 20     # a raw binary goes 2 MiB into its partition's RAM
MACHINES = {'arm64': 183, 'x86_64': 62}     # ELF e_machine: EM_AARCH64, EM_X86_64
PT_LOAD = 1


@dataclass
class Extent:
    kind: str            # 'ELF' | 'raw binary'
    load: int            # IPA of the first byte
    data_end: int        # end of the bytes copied in
    mem_end: int         # end of the last segment, .bss included
    entry: int


def read(chk, p, shown, spot):
    """The size of p.image, or None after a message saying why it cannot be had.
    Only its metadata is read here: a file far too large is refused by its size,
    without reading it."""
    try:
        info = os.stat(p.image)
        if stat.S_ISDIR(info.st_mode):
            chk.error(spot, p.who, 'image "%s" is a directory, not a file; name the ELF or raw '
                      'binary itself' % shown)
            return None
        if not stat.S_ISREG(info.st_mode):
            chk.error(spot, p.who, 'image "%s" is not a regular file; name an ELF or raw binary'
                      % shown)
            return None
        with open(p.image, 'rb'):
            return info.st_size
    except FileNotFoundError:
        chk.error(spot, p.who, 'image "%s" does not exist; fix the path (it is relative to the '
                  'config file\'s directory)' % shown)
    except OSError as err:
        chk.error(spot, p.who, 'cannot read image "%s": %s; make it a readable file'
                  % (shown, err.strerror or err))
    except ValueError:          # a NUL in the path
        chk.error(spot, p.who, 'image "%s" is not a usable file name; give the path of a file'
                  % shown)
    return None


def _u(fmt, raw, offset):
    return struct.unpack_from('<' + fmt, raw, offset)[0]


def extent(f, size, machine, raw_ipa):
    """Where the image in file `f` (`size` bytes) lies once loaded; ValueError(what
    is wrong) if it is a bad ELF. Reads its headers only."""
    head = f.read(64)
    if head[:4] != b'\x7fELF':
        return Extent('raw binary', raw_ipa, raw_ipa + size, raw_ipa + size, raw_ipa)
    if len(head) < 64:
        raise ValueError('its ELF header is truncated')
    if head[4] != 2 or head[5] != 1:
        raise ValueError('it is not a 64-bit little-endian ELF')
    if machine is not None and _u('H', head, 18) != machine:
        raise ValueError('it is an ELF for machine %d, and the board needs %d' % (_u('H', head, 18), machine))
    entry, phoff = _u('Q', head, 24), _u('Q', head, 32)
    phentsize, phnum = _u('H', head, 54), _u('H', head, 56)
    if phentsize < 56 or phoff + phnum * phentsize > size:
        raise ValueError('its ELF program headers are truncated')
    f.seek(phoff)
    raw = f.read(phnum * phentsize)
    loads = []
    for i in range(phnum):
        off = i * phentsize
        if _u('I', raw, off) != PT_LOAD or _u('Q', raw, off + 40) == 0:
            continue
        offset, paddr, filesz, memsz = (_u('Q', raw, off + n) for n in (8, 24, 32, 40))
        if offset + filesz > size:
            raise ValueError('its segment %d runs past the end of the file' % i)
        loads.append((paddr, filesz, memsz))
    if not loads:
        raise ValueError('the ELF has no loadable segment')
    base = min(paddr for paddr, _, _ in loads)
    data_end = max([paddr + filesz for paddr, filesz, _ in loads if filesz] or [base])
    return Extent('ELF', base, data_end, max(paddr + memsz for paddr, _, memsz in loads), entry)


def check(chk):
    """Each image file fits its partition's RAM and its entry point lies in it;
    an app's explicit entry point at least lies in its RAM."""
    for p in chk.system.partitions:
        if not p.ram_size:
            continue
        if p.index in chk.image_sizes:
            shown, size = chk.image_sizes[p.index]
            _fit(chk, p, shown, size)
        elif p.app and p.entry is not None:
            first, end = p.ram_ipa + DTB_MAX, p.ram_ipa + p.ram_size
            if not first <= p.entry < end:
                chk.error(('partition', p.index, 'entry'), p.who, 'entry 0x%x is outside its RAM '
                          '(IPA %s, after its Devicetree); fix "entry" or leave it out to use the '
                          'app\'s own' % (p.entry, span(first, end - first)))


def _fit(chk, p, shown, size):
    at = ('partition', p.index)
    try:
        with open(p.image, 'rb') as f:
            ext = extent(f, size, MACHINES.get(chk.system.board.arch), p.ram_ipa + RAW_IMAGE_OFFSET)
    except OSError as err:
        chk.error(at + ('image',), p.who, 'cannot read image "%s": %s; make it a readable file'
                  % (shown, err.strerror or err))
        return
    except (ValueError, struct.error) as err:
        chk.error(at + ('image',), p.who, 'image "%s" cannot be loaded: %s; give an %s ELF or a raw '
                  'binary' % (shown, err, chk.system.board.arch))
        return
    ram = span(p.ram_ipa, p.ram_size)
    what = 'image "%s" (%s)' % (shown, ext.kind)
    if ext.data_end <= ext.load:
        chk.error(at + ('image',), p.who, '%s is empty; give an image with code in it' % what)
    elif ext.load < p.ram_ipa + DTB_MAX:
        chk.error(at + ('image',), p.who, '%s loads at IPA 0x%x, but its RAM is %s and its first '
                  '%d KiB hold its Devicetree; link it at 0x%x or above'
                  % (what, ext.load, ram, DTB_MAX >> 10, p.ram_ipa + RAW_IMAGE_OFFSET))
    elif ext.mem_end > p.ram_ipa + p.ram_size:
        need = -(-(ext.mem_end - p.ram_ipa) // (1 << 20))
        chk.error(at + ('image',), p.who, '%s needs IPA %s, past the end of its %s of RAM (%s); '
                  'make memory size at least "%dM"'
                  % (what, span(ext.load, ext.mem_end - ext.load), human(p.ram_size), ram, need))
    else:
        entry = p.entry if p.entry is not None else ext.entry
        if not ext.load <= entry < ext.data_end:
            whose = 'entry 0x%x' % entry if p.entry is not None else 'the ELF\'s entry point 0x%x' % entry
            chk.error(at + ('entry' if p.entry is not None else 'image',), p.who,
                      '%s is outside its image (IPA %s); fix "entry" or leave it out to use the '
                      'image\'s own' % (whose, span(ext.load, ext.data_end - ext.load)))
