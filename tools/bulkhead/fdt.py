"""A small read-only view of a Devicetree blob, calling the C libfdt through ctypes.

Why not pylibfdt: Debian 12's python3-libfdt (1.6.1) drops a reference to
None on most calls, so any real walk of a tree aborts the interpreter at exit
("deallocating None"). The C library it wraps (libfdt1) is fine, so we call
that directly.
"""
import ctypes
import ctypes.util

from .errors import UserError

_lib = None


def _libfdt():
    global _lib
    if _lib is None:
        name = ctypes.util.find_library('fdt') or 'libfdt.so.1'
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            raise UserError('libfdt not found; run ./bulkhead to install it (package libfdt1)')
        for fn, args in (('fdt_check_header', [ctypes.c_void_p]),
                         ('fdt_path_offset', [ctypes.c_void_p, ctypes.c_char_p]),
                         ('fdt_first_subnode', [ctypes.c_void_p, ctypes.c_int]),
                         ('fdt_next_subnode', [ctypes.c_void_p, ctypes.c_int]),
                         ('fdt_first_property_offset', [ctypes.c_void_p, ctypes.c_int]),
                         ('fdt_next_property_offset', [ctypes.c_void_p, ctypes.c_int])):
            getattr(lib, fn).argtypes = args
            getattr(lib, fn).restype = ctypes.c_int
        lib.fdt_get_name.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
        lib.fdt_get_name.restype = ctypes.c_void_p
        lib.fdt_getprop.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p,
                                    ctypes.POINTER(ctypes.c_int)]
        lib.fdt_getprop.restype = ctypes.c_void_p
        lib.fdt_getprop_by_offset.argtypes = [ctypes.c_void_p, ctypes.c_int,
                                              ctypes.POINTER(ctypes.c_char_p),
                                              ctypes.POINTER(ctypes.c_int)]
        lib.fdt_getprop_by_offset.restype = ctypes.c_void_p
        _lib = lib
    return _lib


class Fdt:
    """A blob and the handful of libfdt look-ups the tools need."""

    def __init__(self, blob):
        self._buf = ctypes.create_string_buffer(bytes(blob), len(blob))
        self._lib = _libfdt()
        if self._lib.fdt_check_header(self._buf) != 0:
            raise UserError('not a valid Devicetree blob')

    def path_offset(self, path):
        """Offset of the node at `path`, or -1 when there is none."""
        off = self._lib.fdt_path_offset(self._buf, path.encode())
        return off if off >= 0 else -1

    def subnodes(self, node):
        off = self._lib.fdt_first_subnode(self._buf, node)
        while off >= 0:
            yield off
            off = self._lib.fdt_next_subnode(self._buf, off)

    def name(self, node):
        length = ctypes.c_int()
        ptr = self._lib.fdt_get_name(self._buf, node, ctypes.byref(length))
        return ctypes.string_at(ptr, length.value).decode() if ptr else ''

    def getprop(self, node, name):
        """The property's bytes, or None when the node has no such property."""
        length = ctypes.c_int()
        ptr = self._lib.fdt_getprop(self._buf, node, name.encode(), ctypes.byref(length))
        return ctypes.string_at(ptr, length.value) if ptr else None

    def properties(self, node):
        """(name, bytes) of every property of a node."""
        off = self._lib.fdt_first_property_offset(self._buf, node)
        while off >= 0:
            name, length = ctypes.c_char_p(), ctypes.c_int()
            ptr = self._lib.fdt_getprop_by_offset(self._buf, off, ctypes.byref(name),
                                                  ctypes.byref(length))
            yield name.value.decode(), ctypes.string_at(ptr, length.value)
            off = self._lib.fdt_next_property_offset(self._buf, off)
