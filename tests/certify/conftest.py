# SPDX-License-Identifier: Apache-2.0
"""Fixtures of the certify tests: a signing key of the test's own (the checkout's
development key is left alone), the demo's declared layout, and Debian's headless
chromium to render a report.html."""
import json
import os
import shutil
import subprocess

import pytest

from bulkhead import signing

CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync', '--no-first-run']


@pytest.fixture(scope='session')
def signer():
    return signing.build_signer()


@pytest.fixture(scope='session')
def key(signer, tmp_path_factory):
    """(private key path, public key path) made by bulkhead-sign keygen."""
    path = tmp_path_factory.mktemp('key') / 'certify.key'
    out = subprocess.run([signer, 'keygen', str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return str(path), str(path) + '.pub'


@pytest.fixture
def demo_layout(build):
    """gen/config.json of a real build of qemu-virt-arm64's demo."""
    _, _, outdir = build('qemu-virt-arm64', 'demo')
    with open(os.path.join(outdir, 'gen', 'config.json')) as f:
        return json.load(f)


@pytest.fixture
def chromium(tmp_path):
    """chromium(html_path) -> (the DOM chromium built, the path of its screenshot PNG)."""
    exe = shutil.which('chromium')
    assert exe, 'chromium is missing: ./bulkhead test installs it as root (package chromium)'

    def render(html_path, height=4000):
        url = 'file://' + os.path.abspath(html_path)
        common = [exe] + CHROMIUM_FLAGS + ['--window-size=1200,%d' % height]
        dom = subprocess.run(common + ['--user-data-dir=%s' % (tmp_path / 'profile-dom'),
                                       '--dump-dom', url],
                             capture_output=True, text=True, timeout=120)
        assert dom.returncode == 0, dom.stderr[-2000:]
        png = tmp_path / (os.path.basename(html_path) + '.png')
        shot = subprocess.run(common + ['--user-data-dir=%s' % (tmp_path / 'profile-shot'),
                                        '--screenshot=%s' % png, url],
                              capture_output=True, text=True, timeout=120)
        assert shot.returncode == 0, shot.stderr[-2000:]
        return dom.stdout, png
    return render
