"""Finds boards under boards/ and system configs under configs/<board>/."""
import os
import stat
import tomllib
from dataclasses import dataclass

from .errors import UserError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@dataclass
class Board:
    name: str
    path: str          # boards/<name>
    data: dict         # board.toml

    @property
    def arch(self):
        return self.data['arch']

    @property
    def dts(self):
        return os.path.join(self.path, 'board.dts')


def names():
    """Every board that has a board.toml."""
    top = os.path.join(ROOT, 'boards')
    return sorted(d for d in os.listdir(top) if os.path.isfile(os.path.join(top, d, 'board.toml')))


def load(name):
    path = os.path.join(ROOT, 'boards', name)
    toml_path = os.path.join(path, 'board.toml')
    if not os.path.isfile(toml_path):
        raise UserError('unknown board "%s"; known boards: %s' % (name, ', '.join(names())))
    try:
        with open(toml_path, 'rb') as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise UserError('%s: %s' % (os.path.relpath(toml_path, ROOT), err))
    return Board(name, path, data)


def config_names(board):
    top = os.path.join(ROOT, 'configs', board.name)
    if not os.path.isdir(top):
        return []
    return sorted(f[:-5] for f in os.listdir(top) if f.endswith('.toml'))


def _not_a_file(path):
    """Why `path`, which exists, cannot be read as a config (None if it can)."""
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        return 'is a directory; give the path of a .toml file in it'
    if not stat.S_ISREG(mode):
        return 'is not a regular file (a device, FIFO or socket); give the path of a .toml file'
    return None


def resolve_config(board, config):
    """A config is a name under configs/<board>/ or a path to a .toml file."""
    if config.endswith('.toml') or os.sep in config:
        path = os.path.abspath(config)
        if not os.path.exists(path):
            raise UserError('config file %s does not exist' % config)
        why = _not_a_file(path)
        if why:
            raise UserError('config file %s %s' % (config, why))
        return path
    path = os.path.join(ROOT, 'configs', board.name, config + '.toml')
    if not os.path.exists(path):
        raise UserError('unknown config "%s" for board %s; known configs: %s'
                        % (config, board.name, ', '.join(config_names(board)) or 'none'))
    why = _not_a_file(path)
    if why:
        raise UserError('config %s %s' % (os.path.relpath(path, ROOT), why))
    return path
