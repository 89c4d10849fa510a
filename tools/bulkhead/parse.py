# SPDX-License-Identifier: Apache-2.0
"""The first step of the config compiler: the file's bytes to UTF-8 text to
TOML data, each failure one message at its line."""
import re
import tomllib

from .errors import UserError
from .report import display_path


def read_text(path, rep, raw=None):
    """The config's text (from `raw` bytes when given), or None after a message."""
    if raw is None:
        try:
            with open(path, 'rb') as f:
                raw = f.read()
        except OSError as err:
            raise UserError('%s: cannot read config: %s' % (display_path(path), err.strerror))
    try:
        return raw.decode('utf-8')
    except UnicodeDecodeError as err:
        rep.error(None, None, 'the file is not UTF-8 text (byte 0x%02x); save it as UTF-8'
                  % raw[err.start], line=raw[:err.start].count(b'\n') + 1)
        return None


def toml(text, rep):
    try:
        return tomllib.loads(text)
    except RecursionError:
        lines = text.split('\n')
        deepest = max(range(len(lines)), key=lambda i: lines[i].count('[') + lines[i].count('{'))
        rep.error(None, None, 'the TOML nests arrays or tables too deeply to read; flatten it',
                  line=deepest + 1)
        return None
    except ValueError as err:   # tomllib.TOMLDecodeError, and the odd ValueError it lets out
        what = str(err)
        found = re.search(r'\s*\(at line (\d+), column (\d+)\)', what)
        line = int(found.group(1)) if found else text.count('\n') + 1
        what = re.sub(r'\s*\(at (line \d+, column \d+|end of document)\)', '', what)
        what += ' (is a key given twice?)' if what.startswith('Cannot overwrite') else ''
        col = ' (column %s)' % found.group(2) if found else ' (at the end of the file)'
        rep.error(None, None, 'TOML syntax error%s: %s; fix the syntax (see docs/config.md)'
                  % (col, what[:1].lower() + what[1:]), line=line)
        return None
