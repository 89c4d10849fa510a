# SPDX-License-Identifier: Apache-2.0
"""A certify boot: build the image (or a test-only broken one), boot it with
bulkhead.certify=dump on its command line, and return its console lines.

QEMU boards get the word through -append (the Devicetree's /chosen/bootargs);
Bochs boards boot hyp-certify.iso, whose GRUB menu passes it on the
multiboot2 command line (hyp/SConscript).
"""
import hashlib
import os

from .. import build, runner
from ..errors import UserError

DUMP_WORD = 'bulkhead.certify=dump'
CERTIFY_ISO = 'hyp-certify.iso'


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def certify_boot(board_name, config, break_switch=None, timeout=None):
    """(board, config_path, outdir, image path, RunResult) of a certify boot."""
    board, config_path = build.load(board_name, config)
    build.prepare()
    outdir = build.output_dir(board, config_path, break_switch)
    if runner.is_bochs(board):
        image = os.path.join(outdir, CERTIFY_ISO)
        build.scons(board, config_path, [image], capture=True, certify_break=break_switch)
        build.built(image, board, config_path)
        result = runner.run_bochs(board, image, timeout or runner.timeout_of(board))
    else:
        build.scons(board, config_path, capture=True, certify_break=break_switch)
        image = build.built(os.path.join(outdir, runner.boot_image(board)), board, config_path)
        argv = runner.hyp_argv(board, image, extra=['-append', DUMP_WORD])
        result = runner.run_qemu(argv, timeout or runner.timeout_of(board))
    if result.status != 0:
        raise UserError('certify boot of board %s, config %s ended with status %d, not 0:\n%s'
                        % (board.name, build.config_name_of(config_path), result.status,
                           result.tail(20)))
    return board, config_path, outdir, image, result
