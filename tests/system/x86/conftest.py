# SPDX-License-Identifier: Apache-2.0
"""The x86-64 scenarios (board pc-x86_64, simulated in Bochs) reuse the arm64
scenarios' helpers (tests/system/hello_app.py, scenario.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
