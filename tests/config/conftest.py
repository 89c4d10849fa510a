# SPDX-License-Identifier: Apache-2.0
"""The config tests' image fixtures are generated, not committed (they are
binaries, however tiny): write them once before any config test runs."""
import importlib.util
import os

import pytest

IMAGES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      'configs', 'images', 'make_images.py')


@pytest.fixture(scope='session', autouse=True)
def config_images():
    spec = importlib.util.spec_from_file_location('make_images', IMAGES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()
