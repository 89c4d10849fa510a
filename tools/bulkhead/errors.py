"""The one exception type a user ever sees: a mistake to fix, said in one line."""


class UserError(Exception):
    """A mistake in the user's input or machine, reported as one line, never a traceback."""
