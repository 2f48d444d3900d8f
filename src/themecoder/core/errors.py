"""Errors every layer raises; the faces turn them into one-line messages."""


class ThemecoderError(Exception):
    """Base class. `str(err)` is the one-line message shown to the user."""

    exit_code = 1


class InputError(ThemecoderError):
    """Bad input or usage: a file, an argument or a value the user gave. Exit status 2."""

    exit_code = 2


class NotFoundError(InputError):
    """A document, code, coder or coding named by the user does not exist."""
