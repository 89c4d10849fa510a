# SPDX-License-Identifier: Apache-2.0
"""`./bulkhead certify`: isolation evidence for one built board + config (issue 12).

Builds the config as `./bulkhead build` does, asks each evidence source
(sources.py) for its evidence dict, rolls the checks up per requirement of
docs/requirements.md (rollup.py), and writes build/BOARD/CONFIG/certificate/:
report.json (canonical: sorted keys, ASCII, so its bytes are what is signed),
report.html (html.py) and report.json.sig (signature.py, with the image key).
"""
import datetime
import json
import os
import subprocess

from .. import build
from ..boards import ROOT
from ..errors import UserError
from . import html, requirements, rollup, signature, sources
from .boot import sha256_file  # noqa: F401  (also certify.sha256_file for command.py)

FORMAT = 'bulkhead-certificate 1'
# The build's top-level images (build/BOARD/CONFIG/*.bin, *.elf, *.iso), with what
# the known ones are; any other image found there is certified as "image".
IMAGE_SUFFIXES = ('.bin', '.elf', '.iso')
IMAGE_ROLES = {'hyp.bin': 'hypervisor (raw arm64 Image)', 'hyp.elf': 'hypervisor (ELF)',
               'hyp.iso': 'hypervisor (GRUB ISO)', 'firmware.bin': 'signed firmware image'}


def canonical_json(value):
    """The one serialisation of a report: sorted keys, ASCII only, one trailing newline."""
    return json.dumps(value, sort_keys=True, indent=1, ensure_ascii=True, allow_nan=False) + '\n'


def tool_version():
    """`git describe` of the checkout the tools run from (dirty when it has changes)."""
    proc = subprocess.run(['git', 'describe', '--always', '--dirty', '--tags'], cwd=ROOT,
                          capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else 'unknown (not a git checkout)'


def images(outdir, layout):
    """What the certificate certifies: the hypervisor image files the build made
    (firmware.bin too once it exists) and each partition's image, by SHA-256."""
    found = [(os.path.join(outdir, name), IMAGE_ROLES.get(name, 'image'))
             for name in sorted(os.listdir(outdir)) if name.endswith(IMAGE_SUFFIXES)]
    for p in layout['partitions']:
        if p.get('image_file'):
            found.append((os.path.join(ROOT, p['image_file']), 'partition %s image' % p['name']))
    return [{'file': os.path.relpath(path, ROOT), 'role': role, 'size': os.path.getsize(path),
             'sha256': sha256_file(path)} for path, role in found if os.path.isfile(path)]


def _same_image(records, certified):
    """A static source that walked an image other than the ones certified supports
    nothing about them: it becomes an error, saying which hash it walked."""
    hashes = {i['sha256'] for i in certified}
    for record in records:
        walked = (record.get('evidence') or {}).get('image_sha256')
        if record['status'] == 'run' and walked and walked not in hashes:
            record['status'] = 'error'
            record['reason'] = ('it walked an image with SHA-256 %s, which is none of the '
                                'images certified (the build changed while certify ran?); '
                                'run certify again' % walked)


def certificate_dir(board_name, config_name):
    return os.path.join(ROOT, 'build', board_name, config_name, 'certificate')


def paths(where):
    """The certificate's files in directory `where`."""
    return {'dir': where, 'json': os.path.join(where, 'report.json'),
            'html': os.path.join(where, 'report.html'),
            'sig': os.path.join(where, 'report.json') + signature.SUFFIX}


def assemble(board, config_path, layout, records, key_id, certified, reqs):
    """The report dict from its parts (tests build one from hand-made records too)."""
    rows = rollup.requirements(reqs, records)
    return {
        'format': FORMAT,
        'board': board,
        'config': build.config_name_of(config_path),
        'config_file': os.path.relpath(os.path.abspath(config_path), ROOT),
        'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
        'tool_version': tool_version(),
        'key_id': key_id,
        'images': certified,
        'layout': layout,
        'sources': records,
        'requirements': rows,
        'no_evidence': [r['id'] for r in rows if r['result'] == 'no evidence'],
        'verdict': rollup.verdict(rows, records),
    }


def write(report, key_path, directory=None):
    """report.json, report.html, report.json.sig (in `directory`, default the build's
    certificate/ directory); returns their paths."""
    where = paths(directory or certificate_dir(report['board'], report['config']))
    os.makedirs(where['dir'], exist_ok=True)
    # A signature left from an earlier run must never sit beside a new report.
    if os.path.exists(where['sig']):
        os.remove(where['sig'])
    with open(where['json'], 'w', encoding='ascii') as f:
        f.write(canonical_json(report))
    with open(where['html'], 'w', encoding='utf-8') as f:
        f.write(html.render(report))
    signature.sign(where['json'], key_path)
    return where


def certify(board_name, config, chosen=sources.NAMES, key=None, log=print):
    """Build, collect, roll up, write and sign; returns (report, paths)."""
    board, config_path = build.load(board_name, config)
    reqs = requirements.load()
    key_path = signature.private_key(key)
    key_id = signature.key_id(key_path)
    build.prepare()
    build.scons(board, config_path)
    outdir = build.output_dir(board, config_path)
    layout_path = os.path.join(outdir, 'gen', 'config.json')
    try:
        with open(layout_path) as f:
            layout = json.load(f)
    except (OSError, ValueError) as err:
        raise UserError('cannot read the build\'s layout %s (%s); run ./bulkhead build -b %s '
                        '-c %s' % (os.path.relpath(layout_path, ROOT), err, board.name, config))
    context = {'board_name': board.name, 'config_path': config_path, 'repo_root': ROOT}
    records = sources.collect(chosen, context, {r['id'] for r in reqs}, log)
    certified = images(outdir, layout)
    _same_image(records, certified)
    report = assemble(board.name, config_path, layout, records, key_id, certified, reqs)
    return report, write(report, key_path)
