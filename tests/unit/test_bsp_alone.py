# SPDX-License-Identifier: Apache-2.0
"""Every driver under bsp/ compiles on its own: no board, no hypervisor.

Each bsp/<dir>/<driver>.c is compiled alone with only bsp's own include
paths (its directory and bsp/include), freestanding, with the compiler
of every architecture whose boards link it (boards/*/board.toml `bsp`) and
-Wall -Wextra -Werror. A driver that included config_gen.h or a hyp/ header
would not find it, and fails here:

    ./bulkhead test -k bsp_alone
"""
import glob
import os
import subprocess
import tomllib

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BSP = os.path.join(ROOT, 'bsp')
# The hypervisor build's compiler and code-generation flags for each arch (hyp/SConscript).
COMPILERS = {
    'arm64': ['aarch64-linux-gnu-gcc', '-mgeneral-regs-only', '-mstrict-align'],
    'x86_64': ['gcc', '-mno-red-zone', '-mgeneral-regs-only'],
}
FLAGS = ['-std=c11', '-ffreestanding', '-nostdinc', '-Wall', '-Wextra', '-Werror', '-O2',
         '-fsyntax-only']


def _driver_arches():
    """bsp driver ('uart/pl011') -> the architectures of the boards that link it."""
    arches = {}
    for path in sorted(glob.glob(os.path.join(ROOT, 'boards', '*', 'board.toml'))):
        with open(path, 'rb') as f:
            board = tomllib.load(f)
        for driver in board['hypervisor']['bsp']:
            arches.setdefault(driver, set()).add(board['arch'])
    return arches


def _drivers():
    found = sorted(os.path.relpath(p, BSP)[:-2] for p in glob.glob(os.path.join(BSP, '*', '*.c')))
    linked = _driver_arches()
    # A driver no board links is compiled for every architecture.
    return [(d, arch) for d in found for arch in sorted(linked.get(d, COMPILERS))]


def _compile(source, arch):
    cc = COMPILERS[arch]
    gcc_include = subprocess.check_output([cc[0], '-print-file-name=include'], text=True).strip()
    argv = (cc + FLAGS + ['-isystem', gcc_include, '-I', os.path.dirname(source),
                          '-I', os.path.join(BSP, 'include'), source])
    proc = subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors='replace')
    return proc.returncode, '$ %s\n%s' % (' '.join(argv), proc.stdout)


@pytest.mark.parametrize(('driver', 'arch'), _drivers(),
                         ids=lambda v: v.replace('/', '.') if isinstance(v, str) else v)
def test_driver_compiles_alone(driver, arch):
    status, output = _compile(os.path.join(BSP, driver + '.c'), arch)
    if status != 0:
        pytest.fail('bsp/%s.c does not compile on its own for %s:\n%s' % (driver, arch, output),
                    pytrace=False)


@pytest.mark.parametrize('header', ['config_gen.h', 'config.h', 'x86.h', 'sysreg.h'])
def test_hypervisor_headers_are_out_of_reach(header, tmp_path):
    """The check above means something: a driver including a hypervisor header fails it."""
    probe = tmp_path / 'probe.c'
    probe.write_text('#include "%s"\n' % header)
    status, output = _compile(str(probe), 'x86_64')
    assert status != 0, output
    assert '%s: No such file or directory' % header in output, output
