# SPDX-License-Identifier: Apache-2.0
"""`./bulkhead keygen`: the keys that sign firmware.bin (docs/image-format.md).

The work is done by firmware/sign's bulkhead-sign, C against Debian's libmbedtls,
which SCons builds for the host (`scons -Q signer`). Without a PATH the key is this
checkout's development key, kept outside git in the dependency cache:
$BULKHEAD_CACHE/keys/<first 16 hex digits of SHA-256 of the checkout's path>/dev.key.
"""
import hashlib
import os
import subprocess

from bulkhead import boards, deps
from bulkhead.errors import UserError

SIGNER = os.path.join(boards.ROOT, 'build', 'host', 'firmware', 'bulkhead-sign')
BUILD_ARGV = ['scons', '-Q', 'signer']


def default_key_path():
    """This checkout's development key: one per checkout path, never in the tree."""
    checkout = hashlib.sha256(os.path.realpath(boards.ROOT).encode()).hexdigest()[:16]
    return os.path.join(deps.cache_dir(), 'keys', checkout, 'dev.key')


def build_signer():
    """bulkhead-sign, built (or found up to date) by SCons; its path."""
    from bulkhead.build import prepare_packages
    prepare_packages()   # libmbedtls-dev among them
    proc = subprocess.run(BUILD_ARGV, cwd=boards.ROOT, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors='replace')
    if proc.returncode != 0:
        tail = '\n'.join(proc.stdout.splitlines()[-20:])
        raise UserError('building the signer (`%s`) failed:\n%s' % (' '.join(BUILD_ARGV), tail))
    return SIGNER


def ensure_development_key():
    """The development key, made now if this checkout has none (and no
    BULKHEAD_KEY names another): a build signs firmware.bin with it."""
    if os.environ.get('BULKHEAD_KEY') or os.path.isfile(default_key_path()):
        return
    if keygen() != 0:
        raise UserError('could not make the development key %s; run ./bulkhead keygen and '
                        'read its message' % default_key_path())


def keygen(path=None):
    """Runs `bulkhead-sign keygen`; its one line of refusal goes to stderr as it is."""
    signer = build_signer()
    if path is None:
        path = default_key_path()
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        print('keygen: the development key of this checkout (%s), kept outside git'
              % boards.ROOT, flush=True)
    return subprocess.run([signer, 'keygen', path], stdin=subprocess.DEVNULL).returncode


def add_parser(sub, fmt, para):
    p = sub.add_parser('keygen', formatter_class=fmt, help='make a firmware signing key pair',
                       description=para(
                           'Write a new ECDSA P-256 key pair: PATH (private key, PEM, mode '
                           '0600) and PATH.pub (public key). An existing file is never '
                           'overwritten. Without PATH: this checkout\'s development key, '
                           '$BULKHEAD_CACHE/keys/<hash of the checkout path>/dev.key, outside '
                           'git. The format the key signs: docs/image-format.md.'))
    p.add_argument('path', nargs='?', metavar='PATH', help='where to write the private key')
    p._sub_name = 'keygen'
    return p


def cmd_keygen(args):
    return keygen(args.path)
