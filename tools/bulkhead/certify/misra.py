# SPDX-License-Identifier: Apache-2.0
"""MISRA C:2012 evidence (REQ-ISO-080): cppcheck's misra addon over every C file
of hyp/ and bsp/ that a board builds into the hypervisor, counted per rule and
held against the committed baseline, docs/misra-baseline.json.

The code is seen as the build sees it (hyp/SConscript): one analysis per
architecture, over hyp/core, hyp/arch/<arch> and the BSP drivers of every board
of that architecture, with the build's include paths (the generated config
header of a board's demo config, the compiler's freestanding headers, newlib's
and libfdt's from the dependency cache) and the compiler's own predefined
macros. hyp/arch/fake is left out: only the host unit tests link it.
The findings of both analyses are merged; a header or hyp/core line reported
by both counts once.

Humans: `PYTHONPATH=tools /usr/bin/python3 -m bulkhead.certify.misra` prints
the counts per rule; `--write-baseline` records them as the new baseline
(commit it together with docs/misra-deviations.md).
"""
import collections
import concurrent.futures
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib

if __name__ == '__main__':  # run as a script: make the `bulkhead` package importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from bulkhead import config, deps, emit  # noqa: E402
from bulkhead.boards import Board  # noqa: E402
from bulkhead.cli import PYTHON  # noqa: E402
from bulkhead.errors import UserError  # noqa: E402
from bulkhead.hyp_arches import HYP_ARCHES  # noqa: E402

BASELINE = os.path.join('docs', 'misra-baseline.json')
DEVIATIONS = os.path.join('docs', 'misra-deviations.md')
REQUIREMENTS = ['REQ-ISO-080']
ADDON_GLOBS = ['/usr/lib/*/cppcheck/addons/misra.py', '/usr/share/cppcheck/addons/misra.py']
# The build's flags that shape the compiler's predefined macros (SConstruct COMMON,
# hyp/SConscript CCFLAGS); the arch's own flags come from HYP_ARCHES.
PREDEFINE_FLAGS = ['-std=c11', '-O2', '-ffreestanding']
# cppcheck ids that mean a file was not (fully) analysed: the evidence would be partial.
NOT_ANALYSED = re.compile(r'syntaxError|internalAstError|internalError|cppcheckError|'
                          r'preprocessorErrorDirective|unknownMacro|misra-config|bailout')
RULE_ID = re.compile(r'^c2012-(\d+\.\d+)$')
CACHE_KEEP = 4   # analyses kept in build/misra/ (some 170 KB each)


def rule_key(rule):
    """'10.4' -> (10, 4), so rules sort as the standard numbers them."""
    return tuple(int(n) for n in rule.split('.'))


def _addon():
    for pattern in ADDON_GLOBS:
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    raise UserError('cppcheck\'s misra addon (misra.py) is not installed; run '
                    '`apt-get install -y cppcheck` (tools/bulkhead/deps.py lists it)')


def _run(cmd, cwd=None):
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    except OSError as err:
        raise UserError('cannot run %s: %s; run `apt-get install -y cppcheck gcc '
                        'gcc-aarch64-linux-gnu`' % (cmd[0], err))
    return proc


def _builds(repo_root):
    """One analysis per architecture: its sources, include paths and config header.

    Every board of the arch contributes its BSP drivers; the config header comes
    from the demo config (or the first config) of the arch's first board."""
    boards_dir = os.path.join(repo_root, 'boards')
    by_arch = {}
    for name in sorted(os.listdir(boards_dir)):
        toml_path = os.path.join(boards_dir, name, 'board.toml')
        if not os.path.isfile(toml_path):
            continue
        with open(toml_path, 'rb') as f:
            board = Board(name, os.path.join(boards_dir, name), tomllib.load(f))
        by_arch.setdefault(board.arch, []).append(board)
    builds = []
    for arch, boards in sorted(by_arch.items()):
        if arch not in HYP_ARCHES:
            raise UserError('boards/%s/board.toml: arch "%s" has no toolchain in '
                            'tools/bulkhead/hyp_arches.py' % (boards[0].name, arch))
        drivers = sorted({d for b in boards for d in b.data['hypervisor']['bsp']})
        sources = (sorted(glob.glob('hyp/core/*.c', root_dir=repo_root))
                   + sorted(glob.glob('hyp/arch/%s/*.c' % arch, root_dir=repo_root))
                   + ['bsp/%s.c' % d for d in drivers])
        first = boards[0]
        configs = sorted(glob.glob(os.path.join(repo_root, 'configs', first.name, '*.toml')))
        if not configs:
            raise UserError('configs/%s/ has no config: the MISRA analysis needs one for the '
                            'generated config_gen.h' % first.name)
        demo = os.path.join(repo_root, 'configs', first.name, 'demo.toml')
        config_path = demo if demo in configs else configs[0]
        # The same header the build generates (emit.py) from this config.
        header = emit._header(config.load(config_path, first))
        includes = ['hyp/include', 'hyp/core', 'hyp/arch/' + arch]
        includes += sorted({'bsp/' + os.path.dirname(d) for d in drivers}) + ['bsp/include']
        builds.append({'arch': arch, 'board': first.name, 'config': config_path,
                       'sources': sources, 'includes': includes, 'config_gen_h': header})
    return builds


def _toolchain(arch):
    """The compiler's predefined macros and the system include paths of the build."""
    tools = HYP_ARCHES[arch]
    cc = tools['prefix'] + 'gcc'
    proc = _run([cc] + PREDEFINE_FLAGS + tools['flags'] + ['-dM', '-E', '-x', 'c', os.devnull])
    if proc.returncode != 0:
        raise UserError('%s -dM -E failed: %s' % (cc, proc.stderr.strip()))
    gcc_include = _run([cc, '-print-file-name=include']).stdout.strip()
    dep_paths = deps.paths()
    system = [gcc_include, os.path.join(dep_paths[tools['newlib']], 'include'),
              os.path.join(dep_paths[tools['libfdt']], 'include')]
    for path in system:
        if not os.path.isdir(path):
            raise UserError('%s is missing: the MISRA analysis uses the build\'s headers; '
                            'run `./bulkhead build` once to fill the dependency cache' % path)
    return proc.stdout, system


def _digest(repo_root, builds, toolchains, addon, version):
    """Hash of everything that shapes the findings: the cache key."""
    h = hashlib.sha256()
    h.update(version.encode())
    for path in [addon, os.path.abspath(__file__)]:
        with open(path, 'rb') as f:
            h.update(f.read())
    h.update(json.dumps([builds, toolchains], sort_keys=True).encode())
    for top in ('hyp', 'bsp'):
        for path in sorted(glob.glob(top + '/**/*.[ch]', root_dir=repo_root, recursive=True)):
            h.update(path.encode())
            with open(os.path.join(repo_root, path), 'rb') as f:
                h.update(hashlib.sha256(f.read()).digest())
    for path in sorted({p for _, system in toolchains.values() for p in system}):
        for header in sorted(glob.glob('**/*.h', root_dir=path, recursive=True)):
            h.update(header.encode())
            h.update(str(os.path.getmtime(os.path.join(path, header))).encode())
    return h.hexdigest()


def _analyse(repo_root, build, predefines, system, addon, work):
    """cppcheck --dump over a copy of the tree, then the addon over the dumps.

    A copy, because cppcheck writes its dumps beside the sources, and one per
    arch, because hyp/core is dumped once for each. Returns (findings, problems)."""
    top = os.path.join(work, build['arch'])
    for tree in ('hyp', 'bsp'):
        shutil.copytree(os.path.join(repo_root, tree), os.path.join(top, tree))
    os.makedirs(os.path.join(top, 'gen'))
    with open(os.path.join(top, 'gen', 'config_gen.h'), 'w') as f:
        f.write(build['config_gen_h'])
    with open(os.path.join(top, 'predefined.h'), 'w') as f:
        f.write(predefines)
    # One -D makes cppcheck check only the compiler's configuration, not every
    # #ifdef combination (__ASSEMBLER__ among them); the macro is predefined anyway.
    arch_macro = {'arm64': '__aarch64__', 'x86_64': '__x86_64__'}[build['arch']]
    cmd = ['cppcheck', '--dump', '--quiet', '--std=c11', '--platform=unix64',
           '--include=predefined.h', '-D%s=1' % arch_macro,
           '--template={file}:{line}:{column}: {id}: {message}', '-Igen']
    cmd += ['-I' + d for d in build['includes']] + ['-I' + d for d in system]
    proc = _run(cmd + build['sources'], cwd=top)
    problems = [line for line in proc.stderr.splitlines() if NOT_ANALYSED.search(line)]
    if proc.returncode != 0:
        problems.append('cppcheck exited with status %d: %s'
                        % (proc.returncode, proc.stderr.strip()[-500:]))
    dumps = [s + '.dump' for s in build['sources']]
    missing = [d for d in dumps if not os.path.isfile(os.path.join(top, d))]
    problems += ['%s: cppcheck wrote no dump; the file was not analysed' % d[:-5] for d in missing]
    findings = []
    # The addon writes each file's cross-file facts to <file>.ctu-info while it reads
    # the dumps; the rules across files (unused macros, unique identifiers) need a
    # second pass over those.
    ctu = [d[:-4] + 'ctu-info' for d in dumps if d not in missing]
    for inputs in ([d for d in dumps if d not in missing], None):
        if inputs is None:
            inputs = [c for c in ctu if os.path.isfile(os.path.join(top, c))]
            if not inputs:
                break
        proc = _run([PYTHON, addon, '--cli'] + inputs, cwd=top)
        if proc.returncode != 0:
            raise UserError('the misra addon failed on the %s build (status %d): %s'
                            % (build['arch'], proc.returncode, proc.stderr.strip()[-500:]))
        for line in proc.stdout.splitlines():
            if not line.startswith('{'):
                continue
            msg = json.loads(line)
            path = os.path.normpath(msg['file'])
            if not path.startswith(('hyp' + os.sep, 'bsp' + os.sep)):
                continue    # a system or dependency header: not ours to count
            where = '%s:%d:%d' % (path, msg['linenr'], msg['column'])
            rule = RULE_ID.match(msg['errorId'])
            if rule:
                findings.append({'rule': rule.group(1), 'file': path, 'line': msg['linenr'],
                                 'column': msg['column']})
            else:
                problems.append('%s: misra-%s: %s' % (where, msg['errorId'], msg['message']))
    return findings, problems


def analyse(repo_root, cache=True):
    """Every finding in hyp/ and bsp/, deduplicated: {'findings', 'problems', 'files', ...}.

    Cached in build/misra/<hash of the inputs>.json: the sources, the generated
    header, the toolchain's macros and headers, cppcheck and this file."""
    repo_root = os.path.abspath(repo_root)
    addon = _addon()
    version = _run(['cppcheck', '--version']).stdout.strip()
    builds = _builds(repo_root)
    toolchains = {b['arch']: _toolchain(b['arch']) for b in builds}
    key = _digest(repo_root, builds, toolchains, addon, version)
    cache_path = os.path.join(repo_root, 'build', 'misra', key + '.json')
    if cache and os.path.isfile(cache_path):
        with open(cache_path) as f:
            result = json.load(f)
        result['cached'] = True
        return result
    start = time.monotonic()
    seen, findings, problems = set(), [], []
    with tempfile.TemporaryDirectory(prefix='bulkhead-misra-') as work:
        # The architectures are independent programs: analyse them side by side.
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(builds) or 1) as pool:
            runs = [pool.submit(_analyse, repo_root, b, *toolchains[b['arch']], addon, work)
                    for b in builds]
            outcomes = [run.result() for run in runs]
        for build, (found, trouble) in zip(builds, outcomes):
            problems += ['%s build: %s' % (build['arch'], p) for p in trouble]
            for f in found:
                where = (f['rule'], f['file'], f['line'], f['column'])
                if where not in seen:
                    seen.add(where)
                    findings.append(f)
    findings.sort(key=lambda f: (rule_key(f['rule']), f['file'], f['line'], f['column']))
    result = {'cppcheck': version, 'builds': [{'arch': b['arch'], 'board': b['board'],
                                               'config': os.path.relpath(b['config'], repo_root),
                                               'files': len(b['sources'])} for b in builds],
              'files': sorted({s for b in builds for s in b['sources']}),
              'findings': findings, 'problems': problems,
              'seconds': round(time.monotonic() - start, 1), 'cached': False}
    os.makedirs(os.path.dirname(cache_path), exist_ok=True)
    with open(cache_path + '.tmp', 'w') as f:
        json.dump(result, f)
    os.replace(cache_path + '.tmp', cache_path)
    # Every edit of the tree makes a new entry: keep the few latest.
    entries = sorted(glob.glob(os.path.join(os.path.dirname(cache_path), '*.json')),
                     key=os.path.getmtime)
    for old in entries[:-CACHE_KEEP]:
        os.remove(old)
    return result


def counts(findings):
    """{rule: count} and {rule: {file: count}}."""
    rules = collections.Counter(f['rule'] for f in findings)
    files = collections.defaultdict(collections.Counter)
    for f in findings:
        files[f['rule']][f['file']] += 1
    return dict(rules), {r: dict(c) for r, c in files.items()}


def load_baseline(repo_root):
    path = os.path.join(repo_root, BASELINE)
    try:
        with open(path) as f:
            data = json.load(f)
        rules, files = data['rules'], data['files']
        if not all(isinstance(n, int) for n in rules.values()):
            raise ValueError('"rules" maps each rule to an integer count')
    except FileNotFoundError:
        raise UserError('%s is missing; write it with `PYTHONPATH=tools /usr/bin/python3 -m '
                        'bulkhead.certify.misra --write-baseline`' % BASELINE)
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise UserError('%s: not a MISRA baseline (%s: %s); rewrite it with '
                        '`PYTHONPATH=tools /usr/bin/python3 -m bulkhead.certify.misra '
                        '--write-baseline`' % (BASELINE, type(err).__name__, err))
    return rules, files


def growth(findings, base_rules, base_files):
    """One line per rule whose count grew past the baseline, naming the findings
    in the files where that rule's count grew (line numbers move with every edit,
    so a file's count is what can be compared, not its lines)."""
    rules, files = counts(findings)
    out = []
    for rule in sorted(rules, key=rule_key):
        old, new = base_rules.get(rule, 0), rules[rule]
        if new <= old:
            continue
        grown = [path for path, n in sorted(files[rule].items())
                 if n > base_files.get(rule, {}).get(path, 0)]
        where = ['%s:%d:%d' % (f['file'], f['line'], f['column'])
                 for f in findings if f['rule'] == rule and f['file'] in grown]
        out.append('rule %s: %d findings, baseline %d (+%d); in the file(s) where it grew: %s'
                   % (rule, new, old, new - old, ', '.join(where)))
    return out


def justified_rules(repo_root):
    """Rules that docs/misra-deviations.md gives a section ('## Rule 10.4 ...')."""
    try:
        with open(os.path.join(repo_root, DEVIATIONS)) as f:
            text = f.read()
    except FileNotFoundError:
        return set()
    return set(re.findall(r'^##+ Rule (\d+\.\d+)\b', text, re.M))


def evidence(repo_root):
    """The contract's evidence dict (source "misra")."""
    result = analyse(repo_root)
    findings = result['findings']
    rules, _ = counts(findings)
    base_rules, base_files = load_baseline(repo_root)
    total, base_total = len(findings), sum(base_rules.values())
    grew = growth(findings, base_rules, base_files)
    below = sorted((r for r in base_rules if rules.get(r, 0) < base_rules[r]), key=rule_key)
    summary = ('%d findings under %d rules, baseline %d; %d rule(s) grew'
               % (total, len(rules), base_total, len(grew)))
    if below:
        summary += ', %d fell (%s: lower the baseline with --write-baseline)' % (
            len(below), ' '.join(below))
    unjustified = sorted(set(rules) - justified_rules(repo_root), key=rule_key)
    builds = ', '.join('%s (%d files, config_gen.h of %s)' % (b['arch'], b['files'], b['config'])
                       for b in result['builds'])
    checks = [
        {'id': 'MISRA-ANALYSED',
         'title': 'cppcheck analysed every C file of hyp/ and bsp/ that a board builds',
         'requirements': REQUIREMENTS,
         'result': 'fail' if result['problems'] else 'pass',
         'summary': '%d files in %d builds: %s; %s' % (len(result['files']), len(result['builds']),
                                                       builds, result['cppcheck']),
         'findings': result['problems']},
        {'id': 'MISRA-NO-GROWTH',
         'title': 'MISRA C:2012 findings in hyp/ and bsp/ do not grow beyond %s' % BASELINE,
         'requirements': REQUIREMENTS,
         'result': 'fail' if grew else 'pass',
         'summary': summary,
         'findings': grew},
        {'id': 'MISRA-DEVIATIONS-JUSTIFIED',
         'title': 'every MISRA rule with findings has its deviation justified in %s' % DEVIATIONS,
         'requirements': REQUIREMENTS,
         'result': 'fail' if unjustified else 'pass',
         'summary': '%d of %d rules with findings justified'
                    % (len(rules) - len(unjustified), len(rules)),
         'findings': ['rule %s: %d findings and no "## Rule %s" section in %s'
                      % (r, rules[r], r, DEVIATIONS) for r in unjustified]},
    ]
    return {'source': 'misra', 'checks': checks,
            'rules': {r: rules[r] for r in sorted(rules, key=rule_key)},
            'baseline': base_rules, 'total': total,
            'seconds': result['seconds'], 'cached': result['cached']}


def write_baseline(repo_root, findings):
    rules, files = counts(findings)
    data = {'comment': 'MISRA C:2012 findings per rule (and per file) in hyp/ and bsp/, from '
                       'tools/bulkhead/certify/misra.py; a count may only fall. Justifications: '
                       + DEVIATIONS,
            'rules': {r: rules[r] for r in sorted(rules, key=rule_key)},
            'files': {r: dict(sorted(files[r].items())) for r in sorted(files, key=rule_key)}}
    with open(os.path.join(repo_root, BASELINE), 'w') as f:
        f.write(json.dumps(data, indent=1) + '\n')


def main(argv):
    import argparse
    parser = argparse.ArgumentParser(prog='python3 -m bulkhead.certify.misra',
                                     description='MISRA C:2012 findings per rule in hyp/ and bsp/')
    parser.add_argument('--root', default=os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))), help='the repository (default: this one)')
    parser.add_argument('--write-baseline', action='store_true',
                        help='record the counts as %s' % BASELINE)
    parser.add_argument('--list', metavar='RULE', help='print every finding of one rule')
    args = parser.parse_args(argv)
    try:
        result = analyse(args.root)
        findings = result['findings']
        if args.write_baseline:
            write_baseline(args.root, findings)
        base_rules, _ = load_baseline(args.root)
    except UserError as err:
        print('misra: error: %s' % err, file=sys.stderr)
        return 1
    if args.list:
        for f in findings:
            if f['rule'] == args.list:
                print('%s:%d:%d' % (f['file'], f['line'], f['column']))
        return 0
    rules, _ = counts(findings)
    print('%-8s %7s %9s' % ('rule', 'count', 'baseline'))
    for rule in sorted(set(rules) | set(base_rules), key=rule_key):
        print('%-8s %7d %9d' % (rule, rules.get(rule, 0), base_rules.get(rule, 0)))
    print('%-8s %7d %9d' % ('total', len(findings), sum(base_rules.values())))
    print('%d files, %s, %s' % (len(result['files']), result['cppcheck'],
                                'cached' if result['cached'] else '%.1f s' % result['seconds']))
    for problem in result['problems']:
        print('not analysed: %s' % problem)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
