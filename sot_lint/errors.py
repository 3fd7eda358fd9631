"""Errors a user can cause; the CLI turns each into one line on stderr and exit 2."""


class UsageError(Exception):
    """A bad command line or an argument that cannot be used."""
