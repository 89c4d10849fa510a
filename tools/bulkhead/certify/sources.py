# SPDX-License-Identifier: Apache-2.0
"""The evidence sources: which modules there are, calling each one, and checking
that what it returns is an evidence dict as the certify contract says.

Each source is a module bulkhead.certify.NAME with a function `evidence(...)`.
Its parameters are matched by name against what the orchestrator knows
(board_name, config_path, repo_root); a parameter with a default and no known
value keeps its default (static's test-only break_switch). A source is never
guessed at: a module that is not in this checkout is recorded as "not run", one
that raises or returns something malformed as "error", and in both cases its
requirements get no evidence from it.
"""
import importlib
import inspect
import json
import os
import time
import traceback

from ..errors import printable

# Cheapest first: static reading is seconds, runtime and fuzz boot the simulator.
NAMES = ('static', 'dma', 'misra', 'runtime', 'fuzz')
CONTRACT_SOURCES = ('static', 'runtime', 'fuzz', 'misra')
RESULTS = ('pass', 'fail')
CHECK_KEYS = {'id': str, 'title': str, 'requirements': list, 'result': str, 'summary': str,
              'findings': list}


def parse_names(text):
    """--sources "static,misra" -> ('static', 'misra'); a ValueError names the unknown one."""
    chosen = tuple(n.strip() for n in text.split(',') if n.strip())
    unknown = [n for n in chosen if n not in NAMES]
    if unknown or not chosen:
        raise ValueError('unknown source%s %s; the sources are %s' % (
            's' if len(unknown) > 1 else '', ', '.join(repr(u) for u in unknown) or "''",
            ', '.join(NAMES)))
    return tuple(n for n in NAMES if n in chosen)


def _import(name):
    """(module, None), or (None, (status, reason)) when it cannot be used."""
    full = '%s.%s' % (__package__, name)
    try:
        module = importlib.import_module(full)
    except ModuleNotFoundError as err:
        if err.name == full:
            return None, ('not run', 'module %s is not in this checkout' % full)
        return None, ('error', 'module %s cannot be imported: %s' % (full, err))
    except Exception as err:  # a broken source is recorded, never fatal to the others
        return None, ('error', 'module %s cannot be imported: %s: %s'
                      % (full, type(err).__name__, err))
    if not callable(getattr(module, 'evidence', None)):
        return None, ('error', 'module %s has no evidence() function' % full)
    return module, None


def _arguments(function, context):
    """The keyword arguments for `function`, or a ValueError naming what it wants."""
    kwargs = {}
    for name, param in inspect.signature(function).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if name in context:
            kwargs[name] = context[name]
        elif param.default is param.empty:
            raise ValueError('evidence() wants "%s", which certify does not provide (it '
                             'provides %s)' % (name, ', '.join(sorted(context))))
    return kwargs


def problems(name, evidence, requirement_ids):
    """What is wrong with an evidence dict against the contract: a list of lines."""
    if not isinstance(evidence, dict):
        return ['%s: evidence() returned %s, not a dict' % (name, type(evidence).__name__)]
    found = []
    if evidence.get('source') not in CONTRACT_SOURCES:
        found.append('"source" is %r, not one of %s' % (evidence.get('source'),
                                                        ', '.join(CONTRACT_SOURCES)))
    checks = evidence.get('checks')
    if not isinstance(checks, list):
        found.append('"checks" is not a list')
        checks = []
    for i, check in enumerate(checks):
        where = 'check %d' % i
        if not isinstance(check, dict):
            found.append('%s is not a dict' % where)
            continue
        if isinstance(check.get('id'), str):
            where = 'check %s' % check['id']
        for key, kind in CHECK_KEYS.items():
            if not isinstance(check.get(key), kind):
                found.append('%s: "%s" is missing or not a %s' % (where, key, kind.__name__))
        if check.get('result') not in RESULTS:
            found.append('%s: "result" is %r, not "pass" or "fail"' % (where, check.get('result')))
        reqs = check.get('requirements')
        if isinstance(reqs, list):
            if not reqs:
                found.append('%s cites no requirement' % where)
            unknown = [r for r in reqs if r not in requirement_ids]
            if unknown:
                found.append('%s cites %s, not in docs/requirements.md'
                             % (where, ', '.join(map(str, unknown))))
        if isinstance(check.get('findings'), list) and \
                not all(isinstance(f, str) for f in check['findings']):
            found.append('%s: "findings" holds something other than strings' % where)
    try:
        json.dumps(evidence, allow_nan=False)
    except (TypeError, ValueError) as err:
        found.append('not representable as JSON: %s' % err)
    return ['%s: %s' % (name, printable(p)) for p in found]


def _repeated_ids(name, evidence, seen_ids):
    """A check id must name one check in the whole report."""
    found, mine = [], set()
    for check in evidence['checks']:
        if check['id'] in seen_ids:
            found.append('%s: check id %s is also %s\'s' % (name, printable(check['id']),
                                                            seen_ids[check['id']]))
        elif check['id'] in mine:
            found.append('%s: check id %s appears twice' % (name, printable(check['id'])))
        mine.add(check['id'])
    return found


def collect(chosen, context, requirement_ids, log=print):
    """One record per known source, in NAMES order: {'name', 'status', 'reason',
    'seconds', 'evidence'}; status is "run", "not selected", "not run" or "error".
    Check ids repeated across sources make the later source an error."""
    records, seen_ids = [], {}
    for name in NAMES:
        record = {'name': name, 'status': 'not selected', 'reason': None, 'seconds': None,
                  'evidence': None}
        records.append(record)
        if name not in chosen:
            record['reason'] = 'not in --sources'
            continue
        module, refused = _import(name)
        if refused:
            record['status'], record['reason'] = refused
            continue
        log('certify: %s: collecting evidence' % name, flush=True)
        started = time.monotonic()
        try:
            evidence = module.evidence(**_arguments(module.evidence, context))
        except Exception as err:  # recorded in the report; the other sources still run
            where = traceback.extract_tb(err.__traceback__)[-1]
            record['status'] = 'error'
            record['reason'] = 'evidence() raised %s: %s (at %s:%d)' % (
                type(err).__name__, ' '.join(str(err).split()), os.path.basename(where.filename),
                where.lineno)
            record['seconds'] = round(time.monotonic() - started, 1)
            continue
        record['seconds'] = round(time.monotonic() - started, 1)
        wrong = problems(name, evidence, requirement_ids) or _repeated_ids(name, evidence,
                                                                          seen_ids)
        if wrong:
            record['status'] = 'error'
            record['reason'] = 'its evidence breaks the contract: ' + '; '.join(wrong[:10]) + (
                '; and %d more' % (len(wrong) - 10) if len(wrong) > 10 else '')
        else:
            record['status'] = 'run'
            seen_ids.update((c['id'], name) for c in evidence['checks'])
        # Kept even when malformed, when it is JSON at all: the reader sees what came back.
        try:
            json.dumps(evidence, allow_nan=False)
            record['evidence'] = evidence
        except (TypeError, ValueError):
            pass
    return records
