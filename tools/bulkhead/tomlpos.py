# SPDX-License-Identifier: Apache-2.0
"""Where each key and array item of a TOML text sits, by line.

tomllib returns plain dicts and lists with no positions, yet a config error
must name its line. This scanner walks a text that tomllib has already
accepted and records, for every key path, the line where it starts:

    ('partition', 1)                    the second [[partition]] header
    ('partition', 1, 'memory', 'size')  its memory size, inline table or not
    ('partition', 1, 'cpus', 2)         the third item of a multi-line array

Only valid TOML reaches it, so it checks nothing; it must merely never loop or
raise on whatever tomllib accepts (the config fuzz test holds it to that, and
to finding a line for every key tomllib returns).
"""

_BARE = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')
_ESCAPES = {'b': '\b', 't': '\t', 'n': '\n', 'f': '\f', 'r': '\r', '"': '"', '\\': '\\'}


class _Scanner:
    def __init__(self, text):
        self.s = text
        self.i = 0
        self.line = 1
        self.lines = {}
        self.arrays = {}          # array-of-tables path -> number of [[...]] seen

    def peek(self, ahead=0):
        j = self.i + ahead
        return self.s[j] if j < len(self.s) else ''

    def eof(self):
        return self.i >= len(self.s)

    def advance(self, n=1):
        self.line += self.s.count('\n', self.i, self.i + n)
        self.i = min(self.i + n, len(self.s))

    def skip_space(self, newlines=False):
        while not self.eof():
            c = self.peek()
            if c in ' \t' or (newlines and c in '\r\n'):
                self.advance()
            elif c == '#':
                end = self.s.find('\n', self.i)
                self.advance((end if end >= 0 else len(self.s)) - self.i)
            else:
                return

    def note(self, path, line=None):
        self.lines.setdefault(path, self.line if line is None else line)

    # --- keys -----------------------------------------------------------------

    def key(self):
        """A dotted key, as a tuple of its parts."""
        parts = []
        while True:
            self.skip_space()
            c = self.peek()
            if c == '"':
                parts.append(self.basic_string())
            elif c == "'":
                parts.append(self.literal_string())
            else:
                start = self.i
                while not self.eof() and self.peek() in _BARE:
                    self.advance()
                parts.append(self.s[start:self.i])
                if self.i == start:
                    return tuple(parts)
            self.skip_space()
            if self.peek() != '.':
                return tuple(parts)
            self.advance()

    def basic_string(self):
        """A "..." string; returns its value (keys may be quoted and escaped)."""
        self.advance()
        out = []
        while not self.eof() and self.peek() not in '"\n':
            c = self.peek()
            if c == '\\':
                out.append(self.escape())
            else:
                out.append(c)
                self.advance()
        self.advance()
        return ''.join(out)

    def escape(self):
        kind = self.peek(1)
        if kind in _ESCAPES:
            self.advance(2)
            return _ESCAPES[kind]
        width = {'u': 4, 'U': 8}.get(kind, 0)
        digits = self.s[self.i + 2:self.i + 2 + width]
        self.advance(2 + width)
        try:
            return chr(int(digits, 16))
        except ValueError:
            return ''

    def literal_string(self):
        self.advance()
        end = self.s.find("'", self.i)
        end = end if end >= 0 else len(self.s)
        value = self.s[self.i:end]
        self.advance(end + 1 - self.i)
        return value

    # --- values ---------------------------------------------------------------

    def multiline(self, quote):
        """Skip a \"\"\" or ''' string; the closing run may hold up to two more quotes."""
        self.advance(3)
        while not self.eof():
            if quote == '"' and self.peek() == '\\':
                self.advance(2)
            elif self.s.startswith(quote * 3, self.i):
                self.advance(3)
                extra = 0
                while self.peek() == quote and extra < 2:
                    self.advance()
                    extra += 1
                return
            else:
                self.advance()

    def value(self, path):
        c = self.peek()
        if self.s.startswith('"""', self.i) or self.s.startswith("'''", self.i):
            self.multiline(c)
        elif c == '"':
            self.basic_string()
        elif c == "'":
            self.literal_string()
        elif c == '[':
            self.array(path)
        elif c == '{':
            self.inline_table(path)
        else:
            while not self.eof() and self.peek() not in ',]}#\r\n':
                self.advance()

    def array(self, path):
        self.advance()
        index = 0
        while True:
            self.skip_space(newlines=True)
            if self.eof() or self.peek() == ']':
                self.advance()
                return
            start = self.i
            self.note(path + (index,))
            self.value(path + (index,))
            index += 1
            self.skip_space(newlines=True)
            if self.peek() == ',':
                self.advance()
            elif self.i == start:
                self.advance()          # never stall on text tomllib would refuse

    def inline_table(self, path):
        self.advance()
        while True:
            self.skip_space()
            if self.eof() or self.peek() in '}\n':
                self.advance()
                return
            start = self.i
            self.key_value(path)
            self.skip_space()
            if self.peek() == ',':
                self.advance()
            elif self.i == start:
                self.advance()

    def key_value(self, table):
        line = self.line
        keys = self.key()
        for n in range(1, len(keys) + 1):
            self.note(table + keys[:n], line)
        self.skip_space()
        if self.peek() == '=':
            self.advance()
        self.skip_space()
        self.value(table + keys)

    # --- the document ---------------------------------------------------------

    def resolve(self, keys, last_is_array):
        """The path a header names: each array-of-tables prefix gets its current index."""
        path = ()
        for n, part in enumerate(keys):
            path += (part,)
            if path in self.arrays and not (last_is_array and n == len(keys) - 1):
                path += (self.arrays[path] - 1,)
        return path

    def header(self):
        line = self.line
        double = self.s.startswith('[[', self.i)
        self.advance(2 if double else 1)
        keys = self.key()
        self.skip_space()
        self.advance(2 if double else 1)
        path = self.resolve(keys, double)
        if double:
            self.arrays[path] = self.arrays.get(path, 0) + 1
            self.note(path, line)
            path += (self.arrays[path] - 1,)
        for n in range(1, len(path) + 1):
            self.note(path[:n], line)
        return path

    def document(self):
        table = ()
        while True:
            self.skip_space(newlines=True)
            if self.eof():
                return self.lines
            start = self.i
            if self.peek() == '[':
                table = self.header()
            else:
                self.key_value(table)
            if self.i == start:
                self.advance()


def key_lines(text):
    """{key path: line number} for a TOML text that tomllib accepts. Arrays nested
    hundreds deep (which tomllib reads) leave the keys inside them unplaced."""
    scanner = _Scanner(text)
    try:
        return scanner.document()
    except RecursionError:
        return scanner.lines


def line_of(lines, path):
    """The line of `path`, or of its nearest enclosing key that has one; None if none."""
    for n in range(len(path), 0, -1):
        if path[:n] in lines:
            return lines[path[:n]]
    return None
