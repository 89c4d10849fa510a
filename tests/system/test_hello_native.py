# SPDX-License-Identifier: Apache-2.0
"""hello-native: the same hello unikernel boots on the bare board (EL1, no hypervisor)."""
from hello_app import MODE_NATIVE, expected, missing_in_order


def test_hello_native(boot_native):
    run = boot_native('hello')
    assert not run.timed_out, 'the run passed its time limit'
    assert run.status == 0, 'expected the app\'s exit status 0'
    missing = missing_in_order(run.lines, expected(MODE_NATIVE))
    assert not missing, 'the native app did not print (in order): %s' % missing
    assert not run.grep(r'^\[\w+\] '), 'a native run has no [name] prefixes'
