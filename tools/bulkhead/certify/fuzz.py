# SPDX-License-Identifier: Apache-2.0
"""The "fuzz" evidence source: 10^6 seeded random hypercalls, PSCI calls and
SMCs beside the victim (guests/apps/hcfuzz); the scenario and its checks live
with the other runtime scenarios in runtime.py."""
from . import runtime


def evidence(board_name):
    return runtime.fuzz_evidence(board_name)
