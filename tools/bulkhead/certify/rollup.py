# SPDX-License-Identifier: Apache-2.0
"""Per requirement, what the checks say, and the certificate's verdict.

A requirement passes when at least one check cites it and every check citing it
passed; fails when any check citing it failed; has no evidence when no check
that ran cites it. Only sources that ran count ("run" records): a source that
is missing or broke supports nothing.

The verdict and its exit status, for whoever scripts certify:
  0 CERTIFIED      every check passed and every requirement has evidence
  1 NOT CERTIFIED  a check failed, or a selected source broke (status "error")
  3 INCOMPLETE     no check failed, but requirements have no evidence (listed)
"""

CERTIFIED, NOT_CERTIFIED, INCOMPLETE = 0, 1, 3


def checks_of(records):
    """[(source name, check)] of the sources that ran, in order."""
    return [(r['name'], c) for r in records if r['status'] == 'run'
            for c in r['evidence']['checks']]


def requirements(reqs, records):
    """One row per requirement: id, title, area, result, the ids of the checks
    citing it, and of those that failed."""
    citing = {r['id']: [] for r in reqs}
    for _, check in checks_of(records):
        for req in check['requirements']:
            citing[req].append(check)
    rows = []
    for req in reqs:
        checks = citing[req['id']]
        failed = [c['id'] for c in checks if c['result'] == 'fail']
        rows.append(dict(req, checks=[c['id'] for c in checks], failed=failed,
                         result='no evidence' if not checks else 'fail' if failed else 'pass'))
    return rows


def verdict(rows, records):
    """{'status', 'verdict', 'reasons', and the totals}."""
    checks = [c for _, c in checks_of(records)]
    failed = [c['id'] for c in checks if c['result'] == 'fail']
    broken = [r['name'] for r in records if r['status'] == 'error']
    missing = [r['id'] for r in rows if r['result'] == 'no evidence']
    reasons = []
    if failed:
        reasons.append('%d check%s failed' % (len(failed), '' if len(failed) == 1 else 's'))
    if broken:
        reasons.append('source%s %s broke' % ('' if len(broken) == 1 else 's', ', '.join(broken)))
    if missing:
        reasons.append('%d requirement%s without evidence' % (len(missing),
                                                               '' if len(missing) == 1 else 's'))
    if failed or broken:
        status, word = NOT_CERTIFIED, 'NOT CERTIFIED'
    elif missing:
        status, word = INCOMPLETE, 'INCOMPLETE'
    else:
        status, word = CERTIFIED, 'CERTIFIED'
    return {
        'status': status, 'verdict': word, 'reasons': reasons,
        'checks': len(checks), 'checks_passed': len(checks) - len(failed),
        'checks_failed': len(failed), 'failed_checks': failed, 'broken_sources': broken,
        'requirements': len(rows),
        'requirements_pass': sum(r['result'] == 'pass' for r in rows),
        'requirements_fail': sum(r['result'] == 'fail' for r in rows),
        'requirements_no_evidence': len(missing),
    }
