# SPDX-License-Identifier: Apache-2.0
"""The `certify` subcommand: its options, the summary it prints, and --verify."""
import json
import os
import sys

from .. import certify
from ..boards import ROOT
from ..errors import UserError, printable
from . import signature, sources

EPILOG = """\
exit status:
  0  CERTIFIED: every check passed and every requirement has evidence
  1  NOT CERTIFIED: a check failed or a selected source broke (or a usage error)
  3  INCOMPLETE: no check failed, but requirements have no evidence (listed)
--verify exits 0 when the signature holds, 1 when it does not."""


def _rel(path):
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def summary_lines(report):
    """What certify prints: per requirement, per failed check, the verdict."""
    v = report['verdict']
    lines = ['certify: board %s, config %s, tool %s' % (report['board'], report['config'],
                                                         report['tool_version'])]
    for r in report['sources']:
        if r['status'] == 'run':
            what = '%d checks' % len(r['evidence']['checks'])
        else:
            what = '%s (%s)' % (r['status'], r['reason'])
        lines.append('certify: source %-8s %s' % (r['name'], what))
    for r in report['requirements']:
        lines.append('certify: %s %-12s %s%s' % (
            r['id'], r['result'].upper() if r['result'] != 'pass' else 'pass', r['title'],
            ' [%d check%s]' % (len(r['checks']), '' if len(r['checks']) == 1 else 's')
            if r['checks'] else ''))
    for record in report['sources']:
        if record['status'] != 'run':
            continue
        for c in record['evidence']['checks']:
            if c['result'] == 'fail':
                lines.append('certify: FAILED %s: %s' % (c['id'], c['summary']))
                lines += ['certify:   %s' % f for f in c['findings'][:5]]
                if len(c['findings']) > 5:
                    lines.append('certify:   ... %d more findings in the report'
                                 % (len(c['findings']) - 5))
    lines.append('certify: checks: %d passed, %d failed' % (v['checks_passed'],
                                                           v['checks_failed']))
    if report['no_evidence']:
        lines.append('certify: %d requirement%s WITHOUT EVIDENCE: %s' % (
            len(report['no_evidence']), '' if len(report['no_evidence']) == 1 else 's',
            ', '.join(report['no_evidence'])))
    return [printable(line) for line in lines]


def verdict_line(report):
    v = report['verdict']
    return 'certify: %s%s' % (v['verdict'], ': ' + '; '.join(v['reasons']) if v['reasons']
                              else ': every check passed and every requirement has evidence')


def run(args):
    try:
        chosen = sources.parse_names(args.sources) if args.sources else sources.NAMES
    except ValueError as err:
        raise UserError('--sources: %s' % err)
    report, where = certify.certify(args.board, args.config, chosen, args.key)
    print('\n'.join(summary_lines(report)))
    print('certify: wrote %s, %s and %s (signed, key id %s...)' % (
        _rel(where['json']), os.path.basename(where['html']), os.path.basename(where['sig']),
        report['key_id'][:16]))
    print(verdict_line(report))
    return report['verdict']['status']


def verify(args):
    path = args.verify
    if not os.path.isfile(path):
        raise UserError('--verify %s: no such file; give the path of a report.json written by '
                        './bulkhead certify' % path)
    ok, said = signature.verify(path, signature.public_key(args.key))
    if ok:
        try:
            with open(path, encoding='ascii') as f:
                report = json.load(f)
        except ValueError:        # signed, but not JSON (UnicodeError is a ValueError)
            report = {}
        signed_by = said.rsplit(' ', 1)[-1]
        if not isinstance(report, dict) or report.get('format') != certify.FORMAT \
                or report.get('key_id') != signed_by:
            ok, said = False, ('certify: %s: refused: it is signed, but it is not a %s report '
                               'naming the key that signed it (key id %s)'
                               % (path, certify.FORMAT, signed_by))
    if not ok:
        print(said, file=sys.stderr)
        hint = (' or give the public key of the key that signed it (--key PATH.pub)'
                if 'not the trusted key' in said else '')
        print('certify: %s: NOT VERIFIED: do not trust what it says; take the report again '
              'from where it was made, or certify the image again (./bulkhead certify -b BOARD '
              '-c CONFIG)%s' % (path, hint), file=sys.stderr)
        return 1
    print(said)
    lines = ['certify: %s: signature ok; it certifies board %s, config %s (%s), on %s, '
             'tool %s' % (path, report['board'], report['config'], report['config_file'],
                          report['date'], report['tool_version'])]
    for image in report['images']:
        here = os.path.join(ROOT, image['file'])
        now = ('same as the file here' if os.path.isfile(here)
               and certify.sha256_file(here) == image['sha256']
               else 'the file here differs (rebuilt since?)' if os.path.isfile(here)
               else 'not present here')
        lines.append('certify:   %s %s sha256 %s (%s)' % (image['role'], image['file'],
                                                         image['sha256'], now))
    lines += summary_lines(report)[1:]
    print('\n'.join(printable(line) for line in lines))
    print(verdict_line(report))
    return 0


def add_parser(sub, fmt, para):
    p = sub.add_parser('certify', formatter_class=fmt, help='isolation evidence, signed',
                       description=para(
                           'Build BOARD + CONFIG, collect isolation evidence from the sources '
                           '(%s), roll the checks up per requirement of docs/requirements.md and '
                           'write build/BOARD/CONFIG/certificate/report.json, report.html and '
                           'report.json.sig (signed with the image key). A source that is not '
                           'in this checkout or breaks is recorded as such; its requirements '
                           'then have no evidence. With --verify REPORT, check a report\'s '
                           'signature and print what it certifies.' % ', '.join(sources.NAMES)),
                       epilog=EPILOG)
    p.add_argument('-b', '--board', default='qemu-virt-arm64', metavar='BOARD',
                   help='a directory under boards/ (default %(default)s)')
    p.add_argument('-c', '--config', default='demo', metavar='CONFIG',
                   help='a name under configs/BOARD/ or a .toml path (default %(default)s)')
    p.add_argument('--sources', metavar='LIST',
                   help='comma-separated sources to run (default: all, %s)'
                        % ','.join(sources.NAMES))
    p.add_argument('--key', metavar='PATH',
                   help='signing: the private key (default: this checkout\'s development key); '
                        'with --verify: the public key, PATH.pub')
    p.add_argument('--verify', metavar='REPORT',
                   help='check REPORT\'s signature (REPORT.sig) and print what it certifies')
    p._sub_name = 'certify'
    return p


def cmd_certify(args):
    return verify(args) if args.verify else run(args)

