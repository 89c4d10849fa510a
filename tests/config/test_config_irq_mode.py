# SPDX-License-Identifier: Apache-2.0
"""irq_mode: "direct" is accepted on a GICv3 board and refused on a GICv2 one,
where the CPU interface would carry the hypervisor's own interrupts too."""
import os

import pytest

from bulkhead import boards, config
from bulkhead.errors import UserError

CONFIG = '''[[partition]]
name = "rt"
cpus = [0]
memory = { size = "64M" }
app = "hello"
irq_mode = "direct"
'''


def load(board_name, tmp_path):
    path = os.path.join(tmp_path, 'direct.toml')
    with open(path, 'w') as f:
        f.write(CONFIG)
    return config.load(path, boards.load(board_name))


def test_direct_mode_on_gicv3(tmp_path):
    system = load('qemu-virt-arm64', tmp_path)
    assert system.partitions[0].irq_mode == 'direct'


def test_direct_mode_refused_on_gicv2(tmp_path):
    with pytest.raises(UserError) as err:
        load('qemu-virt-arm64-gicv2', tmp_path)
    message = str(err.value).splitlines()[0]
    assert message.endswith('direct.toml:6: partition "rt": irq_mode = "direct" needs a GICv3: '
                            'on GICv2 the CPU interface also carries the hypervisor\'s own '
                            'interrupts, so a partition holding it could mask or acknowledge '
                            'them; use irq_mode = "injected"')
