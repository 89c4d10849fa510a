# SPDX-License-Identifier: Apache-2.0
"""What the firmware.bin tests share besides fixtures."""
import subprocess


def run(*argv, cwd=None):
    """A program's CompletedProcess, output captured as text."""
    return subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
