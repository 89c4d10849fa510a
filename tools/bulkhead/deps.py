"""Debian packages, and the pinned dependencies built once into a cache outside the tree.

Nothing third-party is committed: newlib comes from Debian's newlib-source, libfdt from
Debian's arm-trusted-firmware source package and mbedtls from Debian's mbedtls source package,
all built with the project's own flags.
Cache layout ($BULKHEAD_CACHE or ~/.cache/bulkhead):
  newlib-3.3.0-aarch64-<hash>/            include/, lib/libc.a, lib/libm.a
  libfdt-tfa2.8.0-{aarch64,host}-<hash>/  include/{libfdt,libfdt_env,fdt}.h, lib/libfdt.a
  mbedtls-2.28.3-{aarch64,x86_64}-<hash>/ include/mbedtls/*.h, include/mbedtls_config.h,
                                          lib/libmbedcrypto.a (firmware/mbedtls_config.h)
  downloads/  source tarballs, so a rebuild needs no network      logs/  one log per build
  tmp/        builds in progress, renamed into place only once complete (.complete written last)
<hash> covers the flags, so changing them builds into a new directory.
"""
import fcntl
import glob
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

if __name__ == '__main__':  # run as a script: make the `bulkhead` package importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bulkhead.errors import UserError  # noqa: E402

REQUIRED_PACKAGES = [
    'qemu-system-arm', 'gcc-aarch64-linux-gnu', 'binutils-aarch64-linux-gnu', 'gcc', 'libc6-dev',
    'make', 'scons', 'device-tree-compiler', 'python3-libfdt', 'python3-pytest', 'newlib-source',
    'libcmocka-dev', 'xz-utils', 'cloc', 'gnuplot-nox',
] + [
    # pc-x86_64: Bochs with its BIOS and the term display, GRUB to make the boot ISO.
    'bochs', 'bochs-term', 'bochsbios', 'vgabios', 'grub-pc-bin', 'grub-common', 'xorriso',
    'mtools',
] + [
    # firmware/sign, the host signer, links Debian's libmbedtls.
    'libmbedtls-dev',
] + [
    # tests/certify renders the certificate's report.html in a real headless browser.
    'chromium',
    # certify: MISRA C:2012 with cppcheck's misra addon (tools/bulkhead/certify/misra.py).
    'cppcheck',
]
# What ensure() itself runs; checked only when something has to be built.
BUILD_PACKAGES = ['gcc-aarch64-linux-gnu', 'binutils-aarch64-linux-gnu', 'gcc', 'libc6-dev',
                  'make', 'newlib-source', 'xz-utils']

NEWLIB_VERSION = '3.3.0'
NEWLIB_TARBALL = '/usr/src/newlib/newlib-%s.tar.xz' % NEWLIB_VERSION
ATF_PACKAGE, ATF_VERSION = 'arm-trusted-firmware', '2.8.0+dfsg-1'   # carries lib/libfdt
LIBFDT_VERSION = 'tfa' + ATF_VERSION.split('+')[0]
CROSS = 'aarch64-linux-gnu-'
CROSS_TOOLS = ['CC=gcc', 'AR=ar', 'AS=as', 'LD=ld', 'NM=nm', 'RANLIB=ranlib', 'OBJDUMP=objdump',
               'OBJCOPY=objcopy', 'STRIP=strip', 'READELF=readelf']
# Debian's cross gcc defaults to PIE and to outline atomics (which call into glibc).
AARCH64_CFLAGS = ['-O2', '-g', '-ffreestanding', '-fno-pic', '-fno-pie', '-fno-stack-protector',
                  '-mno-outline-atomics', '-mstrict-align', '-ffunction-sections',
                  '-fdata-sections']
NEWLIB_CONFIGURE = ['--target=aarch64-none-elf', '--disable-multilib',
                    '--disable-newlib-supplied-syscalls', '--enable-newlib-nano-malloc',
                    '--enable-newlib-io-float', '--enable-newlib-io-long-long',
                    '--disable-newlib-multithread']
LIBFDT_AARCH64_CFLAGS = AARCH64_CFLAGS + ['-mgeneral-regs-only']
LIBFDT_HOST_CFLAGS = ['-O2', '-g', '-fPIC']
# x86-64 partitions (and their libfdt): the host gcc, ring 0 without a red zone
# (an interrupt pushes onto the interrupted stack) and without CET.
X86_64_CFLAGS = ['-O2', '-g', '-ffreestanding', '-fno-pic', '-fno-pie', '-fno-stack-protector',
                 '-mno-red-zone', '-fcf-protection=none', '-ffunction-sections',
                 '-fdata-sections']
NEWLIB_X86_64_CONFIGURE = ['--target=x86_64-elf'] + NEWLIB_CONFIGURE[1:]
LIBFDT_HEADERS = ['fdt.h', 'libfdt.h', 'libfdt_env.h']
MBEDTLS_PACKAGE, MBEDTLS_VERSION = 'mbedtls', '2.28.3-1'
# Bare metal, verify-only: the configuration header is ours, the rest is Debian's source.
MBEDTLS_CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'firmware', 'mbedtls_config.h')
MBEDTLS_SOURCES = ['asn1parse', 'asn1write', 'bignum', 'constant_time', 'ecdsa', 'ecp',
                   'ecp_curves', 'md', 'memory_buffer_alloc', 'oid', 'pk', 'pk_wrap', 'pkparse',
                   'platform', 'platform_util', 'sha256']
MBEDTLS_AARCH64_CFLAGS = LIBFDT_AARCH64_CFLAGS
MBEDTLS_X86_64_CFLAGS = ['-O2', '-g', '-ffreestanding', '-fno-pic', '-fno-pie',
                         '-fno-stack-protector', '-mno-red-zone', '-mgeneral-regs-only',
                         '-fcf-protection=none', '-fno-asynchronous-unwind-tables',
                         '-ffunction-sections', '-fdata-sections']
# What a bare-metal libmbedcrypto.a may leave for the image linking it: string functions
# (the hypervisor has its own) and the hooks firmware/mbedtls_config.h declares (on
# aarch64 the SHA-256 compression too, MBEDTLS_SHA256_PROCESS_ALT).
MBEDTLS_IMPORTS = {'memcmp', 'memcpy', 'memmove', 'memset', 'strcmp', 'strlen',
                   'bulkhead_mbedtls_exit', 'bulkhead_mbedtls_snprintf',
                   'mbedtls_internal_sha256_process'}
# Undefined symbols that only glibc (or a dynamic linker) would provide.
GLIBC_ONLY = re.compile(r'^(__stack_chk_\w+|__aarch64_\w+|__libc_\w+|__errno_location|'
                        r'__tls_get_addr|__gmon_start__|_GLOBAL_OFFSET_TABLE_|\w+@\S+)$')

_apt_updated = False


class _Failed(Exception):
    """A build step failed; _build turns it into a UserError naming the log."""


def cache_dir():
    return os.path.abspath(os.environ.get('BULKHEAD_CACHE')
                           or os.path.join(os.path.expanduser('~'), '.cache', 'bulkhead'))


def _sub(name):
    path = os.path.join(cache_dir(), name)
    os.makedirs(path, exist_ok=True)
    return path


def _tag(*parts):
    """Short hash of everything that shapes a build, so new flags mean a new directory."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:8]


def paths():
    """Where each dependency lives; computes only (SCons calls this on every run)."""
    newlib = 'newlib-%s-aarch64-%s' % (NEWLIB_VERSION, _tag(NEWLIB_CONFIGURE, AARCH64_CFLAGS))
    fdt = 'libfdt-' + LIBFDT_VERSION + '-%s-%s'
    names = {'newlib_aarch64': newlib,
             'libfdt_aarch64': fdt % ('aarch64', _tag(ATF_VERSION, LIBFDT_AARCH64_CFLAGS, newlib)),
             'libfdt_host': fdt % ('host', _tag(ATF_VERSION, LIBFDT_HOST_CFLAGS))}
    newlib_x86 = 'newlib-%s-x86_64-%s' % (NEWLIB_VERSION, _tag(NEWLIB_X86_64_CONFIGURE,
                                                               X86_64_CFLAGS))
    names['newlib_x86_64'] = newlib_x86
    names['libfdt_x86_64'] = fdt % ('x86_64', _tag(ATF_VERSION, X86_64_CFLAGS, newlib_x86))
    names.update(_mbedtls_names(newlib, newlib_x86))
    return {key: os.path.join(cache_dir(), name) for key, name in names.items()}


# ---- Debian packages ----------------------------------------------------------------------

def missing_packages(pkgs=REQUIRED_PACKAGES):
    try:
        out = subprocess.run(['dpkg-query', '-W', '-f=${Package} ${Status}\n', *pkgs],
                             capture_output=True, text=True).stdout
    except OSError:
        raise UserError('dpkg-query not found: Bulkhead expects Debian 12 (or a derivative)')
    installed = {ln.split()[0] for ln in out.splitlines() if ln.endswith(' install ok installed')}
    return [p for p in pkgs if p not in installed]


def _apt(cmds, what):
    """Runs apt commands as root behind one progress line, output appended to logs/apt.log."""
    log_path = os.path.join(_sub('logs'), 'apt.log')
    print('deps: %s (log: %s)' % (what, log_path), flush=True)
    with open(log_path, 'a') as log:
        for cmd in cmds:
            log.write('$ %s\n' % shlex.join(cmd))
            log.flush()
            if subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              env=dict(os.environ, DEBIAN_FRONTEND='noninteractive')).returncode:
                raise UserError('`%s` failed; see %s' % (shlex.join(cmd), log_path))


def install_packages(pkgs):
    global _apt_updated
    pkgs = list(pkgs)
    if not pkgs:
        return
    if os.geteuid() != 0:
        raise UserError('missing Debian packages: %s; run as root:\napt-get install -y %s'
                        % (', '.join(pkgs), ' '.join(pkgs)))
    update = [] if _apt_updated else [['apt-get', 'update']]
    _apt(update + [['apt-get', 'install', '-y', *pkgs]], 'installing %s' % ' '.join(pkgs))
    _apt_updated = True


# ---- building into the cache --------------------------------------------------------------

def _run(cmd, log, cwd=None):
    log.write('$ %s\n' % shlex.join(cmd))
    log.flush()
    try:
        rc = subprocess.run(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL).returncode
    except OSError as err:
        raise _Failed('cannot run %s: %s' % (cmd[0], err.strerror))
    if rc:
        short = shlex.join([os.path.basename(cmd[0])] + cmd[1:])
        raise _Failed('`%s` exited with status %d' % (short[:60] + '...' * (len(short) > 60), rc))


def _output(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        raise _Failed('`%s` failed: %s' % (shlex.join(cmd), err))


def _complete(path):
    return os.path.isfile(os.path.join(path, '.complete'))


def _build(title, final, steps):
    """Builds in tmp/ and renames into place, so an interrupted build leaves nothing behind."""
    log_path = os.path.join(_sub('logs'), os.path.basename(final) + '.log')
    print('deps: building %s' % title, end='', flush=True)
    start = time.monotonic()
    work = tempfile.mkdtemp(prefix=os.path.basename(final) + '.', dir=_sub('tmp'))
    stage = os.path.join(work, 'prefix')
    try:
        with open(log_path, 'w') as log:
            steps(work, stage, log)
        with open(os.path.join(stage, '.complete'), 'w') as f:   # written last
            f.write('built %s\n' % time.strftime('%Y-%m-%d %H:%M:%S'))
        shutil.rmtree(final, ignore_errors=True)                 # only ever a stampless leftover
        os.rename(stage, final)
    except KeyboardInterrupt:
        print(' interrupted', flush=True)
        raise
    except (_Failed, OSError) as err:
        print(' failed', flush=True)
        with open(log_path, errors='replace') as f:
            tail = ''.join('    ' + ln for ln in f.readlines()[-15:]).rstrip()
        raise UserError('building %s failed: %s; full log: %s; its last lines:\n%s'
                        % (title.split(' (')[0], err, log_path, tail))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(' ... done in %.0f s' % (time.monotonic() - start), flush=True)


def _check_freestanding(libs, log, prefix=CROSS, glibc_include=b'/usr/aarch64-linux-gnu/include'):
    """Fails loudly if Debian's cross gcc leaked glibc into a library meant for bare metal."""
    undefined = re.findall(r'\sU (\S+)$', _output([prefix + 'nm', '-A', '-u', *libs]), re.M)
    bad = {sym for sym in undefined if GLIBC_ONLY.match(sym)}
    for lib in libs:   # debug info names every header that contributed a declaration
        with open(lib, 'rb') as f:
            if glibc_include in f.read():
                bad.add('glibc headers in ' + os.path.basename(lib))
    log.write('glibc leak check of %s: %s\n' % (' '.join(libs), ', '.join(sorted(bad)) or 'ok'))
    if bad:
        raise _Failed('glibc leaked into the build: %s' % ', '.join(sorted(bad)))


def _newlib_steps(work, stage, log):
    src, build = os.path.join(work, 'src'), os.path.join(work, 'build')
    for d in (src, build):
        os.mkdir(d)
    # Debian's tarball unpacks to newlib-salsa/, so drop whatever the top directory is.
    _run(['tar', '-xJf', NEWLIB_TARBALL, '-C', src, '--strip-components=1'], log)
    tools = [t.replace('=', '_FOR_TARGET=' + CROSS) for t in CROSS_TOOLS]
    _run([os.path.join(src, 'configure'), '--prefix=' + stage, *NEWLIB_CONFIGURE, *tools,
          'CFLAGS_FOR_TARGET=' + ' '.join(AARCH64_CFLAGS)], log, build)
    _run(['make', '-j%d' % (os.cpu_count() or 1), 'all-target-newlib'], log, build)
    _run(['make', 'install-target-newlib'], log, build)
    for sub in ('include', 'lib'):   # flatten <prefix>/aarch64-none-elf/{include,lib}
        os.rename(os.path.join(stage, 'aarch64-none-elf', sub), os.path.join(stage, sub))
    for leftover in set(os.listdir(stage)) - {'include', 'lib'}:
        shutil.rmtree(os.path.join(stage, leftover))
    _check_freestanding([os.path.join(stage, 'lib', n) for n in ('libc.a', 'libm.a')], log)


def _newlib_x86_64_steps(work, stage, log):
    """newlib for x86-64 partitions, with the host's own gcc and binutils."""
    src, build = os.path.join(work, 'src'), os.path.join(work, 'build')
    for d in (src, build):
        os.mkdir(d)
    _run(['tar', '-xJf', NEWLIB_TARBALL, '-C', src, '--strip-components=1'], log)
    tools = [t.replace('=', '_FOR_TARGET=') for t in CROSS_TOOLS]
    _run([os.path.join(src, 'configure'), '--prefix=' + stage, *NEWLIB_X86_64_CONFIGURE, *tools,
          'CFLAGS_FOR_TARGET=' + ' '.join(X86_64_CFLAGS)], log, build)
    _run(['make', '-j%d' % (os.cpu_count() or 1), 'all-target-newlib'], log, build)
    _run(['make', 'install-target-newlib'], log, build)
    for sub in ('include', 'lib'):   # flatten <prefix>/x86_64-elf/{include,lib}
        os.rename(os.path.join(stage, 'x86_64-elf', sub), os.path.join(stage, sub))
    for leftover in set(os.listdir(stage)) - {'include', 'lib'}:
        shutil.rmtree(os.path.join(stage, leftover))
    _check_freestanding([os.path.join(stage, 'lib', n) for n in ('libc.a', 'libm.a')], log,
                        '', b'/usr/include/x86_64-linux-gnu')


def _apt_sources():
    """This machine's apt source files as (is_deb822, text)."""
    files = ['/etc/apt/sources.list'] + sorted(glob.glob('/etc/apt/sources.list.d/*.list')
                                               + glob.glob('/etc/apt/sources.list.d/*.sources'))
    return [(f.endswith('.sources'), open(f).read()) for f in files if os.path.isfile(f)]


def _derived_deb_src():
    """deb-src copies of this machine's own distribution entries (no host name in the repo);
    entries for other suites (third-party repositories) rarely carry sources, so are skipped."""
    codename = re.search(r'^VERSION_CODENAME=(\S+)', open('/etc/os-release').read(), re.M)
    ours = re.compile(r'(^|\s)%s(-\w+)?(\s|$)' % re.escape(codename.group(1) if codename else '-'))
    stanzas, lines = [], []
    for deb822, text in _apt_sources():
        for stanza in text.split('\n\n') if deb822 else []:
            fields = dict(re.findall(r'^(\w[\w-]*):\s*(.*)$', stanza, re.M))
            if ('deb' in fields.get('Types', '').split() and fields.get('Enabled') != 'no'
                    and ours.search(fields.get('Suites', ''))):
                stanzas.append(re.sub(r'^Types:.*$', 'Types: deb-src', stanza.strip(), flags=re.M))
        lines += ['deb-src ' + ln[4:] for ln in ([] if deb822 else text.splitlines())
                  if ln.startswith('deb ') and ours.search(ln)]
    return stanzas, lines


def _enable_deb_src():
    """Adds deb-src entries (unless some exist but were never fetched), then updates apt."""
    configured = any(re.search(r'^(Types:.*\bdeb-src\b|deb-src\s)', text, re.M)
                     for _, text in _apt_sources())
    if os.geteuid() != 0:
        raise UserError('libfdt and mbedtls come from Debian\'s %s and %s source packages but '
                        'apt has no deb-src indexes; as root, %srun `apt-get update`'
                        % (ATF_PACKAGE, MBEDTLS_PACKAGE, '' if configured
                        else 'add deb-src copies of your deb entries (e.g. in /etc/apt/'
                        'sources.list.d/bulkhead-deb-src.sources), then '))
    if not configured:
        stanzas, lines = _derived_deb_src()
        if not stanzas and not lines:
            raise UserError('found no deb entries under /etc/apt to derive deb-src ones from; '
                            'add deb-src entries by hand and run `apt-get update`')
        for ext, body in (('sources', '\n\n'.join(stanzas)), ('list', '\n'.join(lines))):
            if body:
                with open('/etc/apt/sources.list.d/bulkhead-deb-src.' + ext, 'w') as f:
                    f.write('# Written by tools/bulkhead/deps.py for libfdt\'s and mbedtls\'s '
                            'source.\n%s\n' % body)
    _apt([['apt-get', 'update']], 'updating apt for its deb-src indexes')


def _source_versions(package=ATF_PACKAGE):
    """Versions of a source package apt offers; None if it has no deb-src at all."""
    out = subprocess.run(['apt-cache', 'showsrc', package], capture_output=True, text=True)
    if out.returncode and "'deb-src'" in out.stderr:
        return None
    return re.findall(r'^Version: (\S+)', out.stdout, re.M)


def _atf_tarball():
    """arm-trusted-firmware's upstream tarball, downloaded once into downloads/."""
    return _orig_tarball(ATF_PACKAGE, ATF_VERSION)


def _orig_tarball(package, version):
    """A Debian source package's upstream tarball, downloaded once into downloads/."""
    name = '%s_%s.orig.tar.*' % (package, version.rsplit('-', 1)[0])
    pattern = os.path.join(_sub('downloads'), name)
    if glob.glob(pattern):
        return glob.glob(pattern)[0]
    versions = _source_versions(package)
    if versions is None:
        _enable_deb_src()
        versions = _source_versions(package) or []
    if version not in versions:
        raise UserError('apt offers %s %s, not the pinned %s; update the pinned version in %s'
                        % (package, ', '.join(versions) or '(none)', version, __file__))
    print('deps: downloading %s %s source' % (package, version), flush=True)
    with tempfile.TemporaryDirectory(dir=_sub('tmp')) as tmp:
        with open(os.path.join(_sub('logs'), 'apt-source.log'), 'w') as log:
            try:
                _run(['apt-get', 'source', '--download-only',
                      '%s=%s' % (package, version)], log, tmp)
            except _Failed as err:
                raise UserError('%s; see %s' % (err, log.name))
        for orig in glob.glob(os.path.join(tmp, name)):
            os.rename(orig, os.path.join(_sub('downloads'), os.path.basename(orig)))
    return glob.glob(pattern)[0]


def _libfdt_steps(tarball, cc, ar, cflags, newlib=None, nm_prefix=CROSS,
                  glibc_include=b'/usr/aarch64-linux-gnu/include'):
    """With newlib: freestanding, no host headers, string.h from newlib (the hypervisor
    supplies the few string functions libfdt calls)."""
    def steps(work, stage, log):
        flags = list(cflags)
        if newlib:
            flags += ['-nostdinc', '-isystem', _output([cc, '-print-file-name=include']).strip(),
                      '-isystem', os.path.join(newlib, 'include')]
        # One pattern: tar's `*` also matches `/`, so it covers include/lib/libfdt too.
        _run(['tar', '-xJf', tarball, '-C', work, '--wildcards', '*/lib/libfdt/*'], log)
        src = glob.glob(os.path.join(work, '*', 'lib', 'libfdt'))[0]
        inc = os.path.join(os.path.dirname(os.path.dirname(src)), 'include', 'lib', 'libfdt')
        objs = []
        for c in sorted(glob.glob(os.path.join(src, '*.c'))):
            objs.append(os.path.join(work, os.path.basename(c)[:-2] + '.o'))
            _run([cc, *flags, '-I', inc, '-I', src, '-c', c, '-o', objs[-1]], log)
        for sub in ('include', 'lib'):
            os.makedirs(os.path.join(stage, sub))
        _run([ar, 'rcs', os.path.join(stage, 'lib', 'libfdt.a'), *objs], log)
        for h in LIBFDT_HEADERS:
            shutil.copy(os.path.join(inc, h), os.path.join(stage, 'include', h))
        if newlib:
            _check_freestanding([os.path.join(stage, 'lib', 'libfdt.a')], log, nm_prefix,
                                glibc_include)
    return steps


def _mbedtls_names(newlib_aarch64, newlib_x86_64):
    """Cache directory names of the bare-metal mbedtls builds; the tag covers our config."""
    with open(MBEDTLS_CONFIG, 'rb') as f:
        config = hashlib.sha256(f.read()).hexdigest()
    name = 'mbedtls-' + MBEDTLS_VERSION.split('-')[0] + '-%s-%s'
    return {'mbedtls_aarch64': name % ('aarch64', _tag(MBEDTLS_VERSION, config, MBEDTLS_SOURCES,
                                                       MBEDTLS_AARCH64_CFLAGS, newlib_aarch64)),
            'mbedtls_x86_64': name % ('x86_64', _tag(MBEDTLS_VERSION, config, MBEDTLS_SOURCES,
                                                     MBEDTLS_X86_64_CFLAGS, newlib_x86_64))}


def _mbedtls_steps(tarball, cc, cflags, newlib, prefix, glibc_include):
    """libmbedcrypto.a for bare metal: only the verify-side sources, freestanding against
    newlib's headers, configured by firmware/mbedtls_config.h (installed beside the headers)."""
    def steps(work, stage, log):
        src = os.path.join(work, 'src')
        os.mkdir(src)
        _run(['tar', '-xzf', tarball, '-C', src, '--strip-components=1', '--wildcards',
              '*/library/*', '*/include/mbedtls/*'], log)
        inc = os.path.join(stage, 'include')
        shutil.copytree(os.path.join(src, 'include', 'mbedtls'), os.path.join(inc, 'mbedtls'))
        shutil.copy(MBEDTLS_CONFIG, os.path.join(inc, 'mbedtls_config.h'))
        flags = list(cflags) + [
            '-nostdinc', '-isystem', _output([cc, '-print-file-name=include']).strip(),
            '-isystem', os.path.join(newlib, 'include'), '-I', inc,
            '-DMBEDTLS_CONFIG_FILE="mbedtls_config.h"']
        objs = []
        for name in MBEDTLS_SOURCES:
            objs.append(os.path.join(work, name + '.o'))
            _run([cc, *flags, '-c', os.path.join(src, 'library', name + '.c'), '-o', objs[-1]],
                 log)
        lib = os.path.join(stage, 'lib', 'libmbedcrypto.a')
        os.makedirs(os.path.dirname(lib))
        _run([prefix + 'ar', 'rcs', lib, *objs], log)
        _check_freestanding([lib], log, prefix, glibc_include)
        _check_imports(lib, prefix, MBEDTLS_IMPORTS, log)
    return steps


def _check_imports(lib, prefix, allowed, log):
    """Fails if the archive needs a symbol it neither defines nor is allowed to import."""
    table = _output([prefix + 'nm', '-g', lib])
    defined = set(re.findall(r'^[0-9a-f]+ [A-Z] (\S+)$', table, re.M))
    needed = set(re.findall(r'^\s+U (\S+)$', table, re.M)) - defined
    log.write('imports of %s: %s\n' % (os.path.basename(lib), ' '.join(sorted(needed))))
    if needed - allowed:
        raise _Failed('%s needs %s, which bare metal does not provide'
                      % (os.path.basename(lib), ', '.join(sorted(needed - allowed))))


def _build_mbedtls(p):
    title = 'mbedtls %s for %%s (Debian\'s source; seconds, once)' % MBEDTLS_VERSION
    if not _complete(p['mbedtls_aarch64']):
        _build(title % 'aarch64', p['mbedtls_aarch64'], _mbedtls_steps(
            _orig_tarball(MBEDTLS_PACKAGE, MBEDTLS_VERSION), CROSS + 'gcc',
            MBEDTLS_AARCH64_CFLAGS, p['newlib_aarch64'], CROSS, b'/usr/aarch64-linux-gnu/include'))
    if not _complete(p['mbedtls_x86_64']):
        _build(title % 'x86_64', p['mbedtls_x86_64'], _mbedtls_steps(
            _orig_tarball(MBEDTLS_PACKAGE, MBEDTLS_VERSION), 'gcc', MBEDTLS_X86_64_CFLAGS,
            p['newlib_x86_64'], '', b'/usr/include/x86_64-linux-gnu'))


def ensure():
    """Builds whatever is missing and returns paths(); nearly free when all is built."""
    p = paths()
    if not all(_complete(d) for d in p.values()):
        try:
            os.makedirs(cache_dir(), exist_ok=True)
            with open(os.path.join(cache_dir(), '.lock'), 'w') as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)   # one builder at a time per cache
                _build_missing(p)
        except OSError as err:
            raise UserError('cannot use the dependency cache %s (%s); set BULKHEAD_CACHE to a '
                            'writable directory' % (cache_dir(), err))
    return p


def _build_missing(p):
    shutil.rmtree(os.path.join(cache_dir(), 'tmp'), ignore_errors=True)  # from killed builds
    install_packages(missing_packages(BUILD_PACKAGES))
    if not _complete(p['newlib_aarch64']):
        _build('newlib %s for aarch64 (about a minute, once)' % NEWLIB_VERSION,
               p['newlib_aarch64'], _newlib_steps)
    title = 'libfdt (from TF-A %s) for %%s (seconds, once)' % ATF_VERSION
    if not _complete(p['libfdt_aarch64']):
        _build(title % 'aarch64', p['libfdt_aarch64'], _libfdt_steps(
            _atf_tarball(), CROSS + 'gcc', CROSS + 'ar', LIBFDT_AARCH64_CFLAGS,
            p['newlib_aarch64']))
    if not _complete(p['libfdt_host']):
        _build(title % 'the host', p['libfdt_host'], _libfdt_steps(
            _atf_tarball(), 'gcc', 'ar', LIBFDT_HOST_CFLAGS))
    if not _complete(p['newlib_x86_64']):
        _build('newlib %s for x86_64 (about a minute, once)' % NEWLIB_VERSION,
               p['newlib_x86_64'], _newlib_x86_64_steps)
    if not _complete(p['libfdt_x86_64']):
        _build(title % 'x86_64', p['libfdt_x86_64'], _libfdt_steps(
            _atf_tarball(), 'gcc', 'ar', X86_64_CFLAGS, p['newlib_x86_64'], '',
            b'/usr/include/x86_64-linux-gnu'))
    _build_mbedtls(p)


def main():
    try:
        for key, path in ensure().items():
            print('%-15s %s' % (key, path))
    except UserError as err:
        sys.exit('deps: %s' % err)
    except KeyboardInterrupt:
        sys.exit('deps: interrupted; nothing half-built was kept')


if __name__ == '__main__':
    main()
