# SPDX-License-Identifier: Apache-2.0
"""The keys a config may hold, with their types, and the checks of those
types: a wrong type or an unknown key is one message with an example."""
import difflib


# key -> (type, example). The example is shown when the type is wrong.
TOP_KEYS = {
    'description': ('string', 'description = "a producer and a consumer"'),
    'partition': ('array of tables', '[[partition]] tables'),
    'channel': ('array of tables', '[[channel]] tables'),
    'security_version': ('integer', 'security_version = 2'),
    'verify': ('string', 'verify = "partition"'),
}
PARTITION_KEYS = {
    'name': ('string', 'name = "consumer"'),
    'cpus': ('array of integers', 'cpus = [1, 2]'),
    'memory': ('table', 'memory = { size = "64M" }'),
    'app': ('string', 'app = "hello"'),
    'image': ('string', 'image = "images/app.elf"'),
    'entry': ('integer', 'entry = 0x40200000'),
    'on_fault': ('string', 'on_fault = "restart"'),
    'max_restarts': ('integer', 'max_restarts = 5'),
    'devices': ('array of strings', 'devices = ["rtc0", "/pl061@9030000"]'),
    'irqs': ('array of integers', 'irqs = [40]'),
    'console': ('string', 'console = "virtual"'),
    'irq_mode': ('string', 'irq_mode = "direct"'),
    'pmu_el2': ('boolean', 'pmu_el2 = true'),
    'unprotected_dma': ('array of strings', 'unprotected_dma = ["virtio0"]'),
}
MEMORY_KEYS = {
    'size': ('size', 'size = "64M"'),
    'base': ('integer', 'base = 0x46000000'),
}
CHANNEL_KEYS = {
    'name': ('string', 'name = "samples"'),
    'size': ('size', 'size = "4K"'),
    'ends': ('table', 'ends = { producer = "write", consumer = "read" }'),
}


def did_you_mean(word, choices, listing='known'):
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    if close:
        return 'did you mean "%s"?' % close[0]
    return '%s: %s' % (listing, ', '.join(sorted(choices)) or 'none')


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


_ITEMS = {
    'array of integers': ('an integer', _is_int),
    'array of strings': ('a string', lambda v: isinstance(v, str)),
    'array of tables': ('a table', lambda v: isinstance(v, dict)),
}
_KINDS = {
    'string': ('a string', lambda v: isinstance(v, str)),
    'integer': ('an integer', _is_int),
    'size': ('a size (an integer or a string like "64M")', lambda v: _is_int(v) or isinstance(v, str)),
    'table': ('a table', lambda v: isinstance(v, dict)),
    'boolean': ('a boolean', lambda v: isinstance(v, bool)),
}
for _kind, (_item, _ok) in _ITEMS.items():
    _KINDS[_kind] = ('an ' + _kind, lambda v, ok=_ok: isinstance(v, list) and all(map(ok, v)))


def describe(value):
    for kind, name in ((bool, 'a boolean'), (int, 'an integer'), (float, 'a float'),
                       (str, 'a string'), (list, 'an array'), (dict, 'a table')):
        if isinstance(value, kind):
            return name
    return 'a date or time'


def typed(rep, table, key, schema, at, who):
    """table[key] if it has the type `schema` gives it; else None, after a message."""
    if key not in table or key not in schema:
        return None
    kind, example = schema[key]
    value = table[key]
    name, ok = _KINDS[kind]
    if ok(value):
        return value
    spot, got = at + (key,), describe(value)
    if isinstance(value, list) and kind in _ITEMS:
        bad = next(i for i, v in enumerate(value) if not _ITEMS[kind][1](v))
        spot += (bad,)
        got = 'an array whose item %d is %s' % (bad + 1, describe(value[bad]))
    rep.error(spot, who, '"%s" must be %s, not %s; write it like %s' % (key, name, got, example))
    return None


def unknown_keys(rep, table, schema, at, who, where):
    for key in table:
        if key not in schema:
            rep.error(at + (key,), who, 'unknown key "%s" in %s; %s'
                      % (key, where, did_you_mean(key, schema, 'the keys there are')))
