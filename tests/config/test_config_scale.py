# SPDX-License-Identifier: Apache-2.0
"""A config with many partitions is checked in time that grows with its size,
not with its square: placement and the overlap checks sort once instead of
comparing every pair (docs/benchmarks.md has the figures)."""
import time

import pytest

from bulkhead import boards, config


def many(count):
    """`count` partitions of 4 KiB each, one channel per ten of them; CPUs repeat,
    so most partitions are refused (every one of those messages is made too)."""
    text = ''.join('[[partition]]\nname = "p%d"\ncpus = [%d]\nmemory = { size = "4K" }\n'
                   'app = "hello"\n\n' % (i, i % 4) for i in range(count))
    text += ''.join('[[channel]]\nname = "c%d"\nsize = "4K"\nends = { p%d = "write", p%d = "read" }\n\n'
                    % (i, 2 * i, 2 * i + 1) for i in range(count // 10))
    return text


def seconds_to_check(board, count):
    text = many(count)
    started = time.process_time()
    with pytest.raises(config.ConfigError) as info:
        config.load('many.toml', board, text)
    took = time.process_time() - started
    assert len(info.value.messages) >= count - 4       # every CPU after the first four
    return took


def test_config_scale_linear():
    board = boards.load('qemu-virt-arm64')
    small, large = seconds_to_check(board, 500), seconds_to_check(board, 4000)
    # Eight times the partitions: about eight times the time; comparing every
    # pair took some sixty times as long.
    assert large < 20 * max(small, 0.01), (small, large)
