# SPDX-License-Identifier: Apache-2.0
"""Signing report.json with the image key, and checking it: bulkhead-sign's
sign-file and verify-file (C against Debian's libmbedtls; the detached format
is in docs/image-format.md, "Detached signatures"). No cryptography here.

The key is the one firmware.bin is signed with: --key PATH, or this checkout's
development key (signing.default_key_path), made on first use as
`./bulkhead keygen` would.
"""
import base64
import hashlib
import os
import subprocess

from .. import signing
from ..errors import UserError

SUFFIX = '.sig'


def private_key(path=None):
    """The signing key's path; the development key is made when it does not exist yet."""
    if path is not None:
        if not os.path.isfile(path):
            raise UserError('--key %s: no such file; give the private key that signs the '
                            'firmware image (make one with ./bulkhead keygen PATH)' % path)
        return path
    path = signing.default_key_path()
    if not os.path.isfile(path):
        print('certify: this checkout has no development key yet; making it', flush=True)
        if signing.keygen() != 0:
            raise UserError('could not make the development key %s (see above)' % path)
    return path


def public_key(path=None):
    """The public key to check a signature with: --key PATH (a .pub, or a private
    key whose PATH.pub is beside it), else the development key's PATH.pub."""
    path = path or signing.default_key_path() + '.pub'
    if not path.endswith('.pub') and os.path.isfile(path + '.pub'):
        path += '.pub'
    if not os.path.isfile(path):
        raise UserError('no public key %s to check the signature with; give the signer\'s '
                        'public key with --key PATH.pub' % path)
    return path


def key_id(private_path):
    """The key id (SHA-256 of the public key's DER, as the firmware manifest has it),
    from PATH.pub: the PEM's body is that DER in base64."""
    pub = private_path + '.pub'
    try:
        with open(pub) as f:
            lines = f.read().split()
    except OSError as err:
        raise UserError('cannot read %s, the public half of the signing key: %s'
                        % (pub, err.strerror))
    try:
        start = lines.index('-----BEGIN') + 3      # "-----BEGIN PUBLIC KEY-----" is 3 words
        end = lines.index('-----END')
        der = base64.b64decode(''.join(lines[start:end]), validate=True)
    except ValueError:
        raise UserError('%s is not a PEM public key; make the pair with ./bulkhead keygen' % pub)
    return hashlib.sha256(der).hexdigest()


def _signer(*argv):
    proc = subprocess.run([signing.build_signer()] + list(argv), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, errors='replace')
    return proc.returncode, (proc.stdout + proc.stderr).strip()


def sign(report_path, key_path):
    """Writes REPORT.sig; returns its path."""
    sig = report_path + SUFFIX
    status, out = _signer('sign-file', key_path, report_path, sig)
    if status != 0:
        raise UserError('signing %s failed: %s' % (report_path, out))
    return sig


def verify(report_path, public_path):
    """(True, the signer's ok line) or (False, its refusal)."""
    sig = report_path + SUFFIX
    if not os.path.isfile(sig):
        return False, ('%s has no signature beside it (%s); a report is only trustworthy '
                       'signed: run ./bulkhead certify again' % (report_path, sig))
    status, out = _signer('verify-file', public_path, report_path, sig)
    return status == 0, out
