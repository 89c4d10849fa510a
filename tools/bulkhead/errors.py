"""The one exception type a user ever sees (a mistake to fix, said in one line),
and how any text quoted in a message is made safe to print."""
import re
import unicodedata


class UserError(Exception):
    """A mistake in the user's input or machine, reported as one line, never a traceback."""


# Control characters, and the invisible ones that move or reorder text (bidi
# controls such as U+202E, zero-width marks, line separators): a message
# quoting them would print something other than what it says.
_HIDDEN = ('Cc', 'Cf', 'Zl', 'Zp', 'Cs')
_NOT_PLAIN = re.compile(r'[^\x20-\x7e]')


def _escape(match):
    char = match.group()
    if unicodedata.category(char) not in _HIDDEN:
        return char
    code = ord(char)
    return '\\x%02x' % code if code < 0x100 else '\\u%04x' % code if code < 0x10000 \
        else '\\U%08x' % code


def printable(text, keep_newlines=False):
    """`text` with every control or format character escaped (\\x00, \\u202e), so
    that a line shows on a terminal as written; newlines kept when asked."""
    if keep_newlines:
        return '\n'.join(printable(line) for line in text.split('\n'))
    return _NOT_PLAIN.sub(_escape, text)
