"""Turns a partition's image (an ELF, or a raw binary) into the flat bytes the
hypervisor copies into the partition's RAM, with where they go and where to enter."""
import os
import struct
from dataclasses import dataclass

from .errors import UserError

PT_LOAD = 1
EM_AARCH64 = 183
EM_X86_64 = 62


@dataclass
class FlatImage:
    data: bytes
    load_ipa: int       # where data[0] goes
    mem_end: int        # end of the last segment, .bss included
    entry: int


def _elf_segments(path, f, size, machine):
    """(entry, [(paddr, bytes, memsz)] sorted): reads the headers, then each
    loadable segment's bytes, and nothing else of the file."""
    raw = f.read(64)
    if len(raw) < 64:
        raise UserError('%s: truncated ELF header' % path)
    if raw[4] != 2 or raw[5] != 1:
        raise UserError('%s: not a 64-bit little-endian ELF' % path)
    (e_type, e_machine, _, e_entry, e_phoff, _, _, _, e_phentsize, e_phnum) = \
        struct.unpack_from('<HHIQQQIHHH', raw, 16)
    if e_machine != machine:
        raise UserError('%s: ELF is for machine %d, the board needs %d' % (path, e_machine, machine))
    f.seek(e_phoff)
    table = f.read(e_phnum * e_phentsize)
    segments = []
    for i in range(e_phnum):
        p_type, _, p_offset, _, p_paddr, p_filesz, p_memsz, _ = \
            struct.unpack_from('<IIQQQQQQ', table, i * e_phentsize)
        if p_type == PT_LOAD and p_memsz > 0:
            if p_offset + p_filesz > size:
                raise UserError('%s: truncated ELF (segment %d runs past the end of the file)' % (path, i))
            segments.append((p_paddr, p_offset, p_filesz, p_memsz))
    if not segments:
        raise UserError('%s: ELF has no loadable segment' % path)
    return e_entry, sorted(segments)


def _too_large(path, what, span, max_span):
    return UserError('%s: its %s span %d MiB, more than the %d MiB of RAM it must fit'
                     % (path, what, span >> 20, max_span >> 20))


def load(path, machine, raw_load_ipa, max_span):
    """An ELF is flattened from its PT_LOAD segments; anything else is taken as a
    raw binary loaded at raw_load_ipa and entered at its first byte. An image
    spanning more than max_span bytes (the RAM it must fit) is refused by its
    size, before anything that large is read or built."""
    try:
        with open(path, 'rb') as f:
            size = os.fstat(f.fileno()).st_size
            if f.read(4) != b'\x7fELF':
                if size > max_span:
                    raise _too_large(path, 'bytes', size, max_span)
                f.seek(0)
                raw = f.read()
                return FlatImage(raw, raw_load_ipa, raw_load_ipa + len(raw), raw_load_ipa)
            f.seek(0)
            try:
                entry, segments = _elf_segments(path, f, size, machine)
            except struct.error:
                raise UserError('%s: truncated ELF header' % path)
            base = segments[0][0]
            mem_end = max(paddr + memsz for paddr, _, _, memsz in segments)
            if mem_end - base > max_span:
                raise _too_large(path, 'segments', mem_end - base, max_span)
            flat = bytearray()
            for paddr, offset, filesz, _ in segments:
                if filesz:
                    f.seek(offset)
                    flat.extend(b'\0' * (paddr - base - len(flat)))
                    flat[paddr - base:paddr - base + filesz] = f.read(filesz)
    except OSError as err:
        raise UserError('%s: cannot read image: %s' % (path, err.strerror))
    return FlatImage(bytes(flat), base, mem_end, entry)
