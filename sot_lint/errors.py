"""Errors a user can cause, and the exit codes: the CLI turns each error into one line on stderr and exit 2."""


class UsageError(Exception):
    """A bad command line or an argument that cannot be used."""


EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
