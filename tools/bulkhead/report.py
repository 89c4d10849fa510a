# SPDX-License-Identifier: Apache-2.0
"""How a config's mistakes are said: one line each, FILE:LINE: WHO: what is
wrong; what to do, sorted by line, then a summary (ConfigError)."""
import os

from . import tomlpos
from .boards import ROOT
from .errors import UserError, printable


class ConfigError(UserError):
    """Every mistake found in one config, one line each, then a summary line."""

    def __init__(self, messages, summary):
        super().__init__('\n'.join(messages + [summary]))
        self.messages = messages
        self.summary = summary


def display_path(path):
    """A path as messages show it: relative to the repository when inside it."""
    path = os.path.abspath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


class Report:
    """The one thing every check is handed to say what is wrong: collects
    messages, each placed at the line of a key path (tomlpos)."""

    def __init__(self, path):
        self.file = display_path(path)
        self.lines = {}
        self.found = []          # (line, order, message)

    def error(self, at, who, what, line=None):
        line = line or (tomlpos.line_of(self.lines, at) if at else None)
        where = self.file + (':%d' % line if line else '')
        text = '%s: %s%s' % (where, who + ': ' if who else '', what)
        # One message, one line, shown as written: a control or bidi character the
        # config quoted is shown escaped.
        text = printable(text)
        self.found.append((line or 0, len(self.found), text))

    def messages(self):
        return [m for _, _, m in sorted(self.found)]
