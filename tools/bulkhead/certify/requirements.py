# SPDX-License-Identifier: Apache-2.0
"""The isolation requirements, read from docs/requirements.md: the one list, so
the page and the certificate cannot drift apart.

A requirement is a heading `### REQ-ISO-nnn: title` under an area heading
`## Area`; the text below it is for readers and is not parsed.
"""
import os
import re

from ..boards import ROOT
from ..errors import UserError

PATH = os.path.join(ROOT, 'docs', 'requirements.md')
_AREA = re.compile(r'^## (.+?)\s*$')
_REQ_LIKE = re.compile(r'^#{1,6}\s*REQ-')
_REQ = re.compile(r'^### (REQ-ISO-\d{3}): (\S.*?)\s*$')


def load(path=PATH):
    """[{'id', 'title', 'area'}] in the page's order; a UserError naming the line
    for a heading that looks like a requirement but is not one, or an id twice."""
    try:
        with open(path, encoding='utf-8') as f:
            lines = f.read().splitlines()
    except OSError as err:
        raise UserError('cannot read the requirements list %s: %s' % (path, err.strerror))
    where = os.path.relpath(path, ROOT)
    found, seen, area = [], {}, None
    for number, line in enumerate(lines, 1):
        match = _AREA.match(line)
        if match:
            area = match.group(1)
            continue
        if not _REQ_LIKE.match(line):
            continue
        match = _REQ.match(line)
        if not match:
            raise UserError('%s:%d: a requirement heading is written "### REQ-ISO-nnn: title" '
                            '(three digits, a colon, a title); found %r' % (where, number, line))
        req_id, title = match.groups()
        if req_id in seen:
            raise UserError('%s:%d: %s is already defined at line %d; give each requirement '
                            'its own id' % (where, number, req_id, seen[req_id]))
        if area is None:
            raise UserError('%s:%d: %s comes before any area heading ("## Area")'
                            % (where, number, req_id))
        seen[req_id] = number
        found.append({'id': req_id, 'title': title, 'area': area})
    if not found:
        raise UserError('%s holds no requirement heading ("### REQ-ISO-nnn: title")' % where)
    return found
