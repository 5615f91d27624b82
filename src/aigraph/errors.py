"""Exceptions that carry their own message (pypa/build style).

The CLI's single error boundary prints ``Error: <str(exc)>`` for any
:class:`AigraphError`; nothing below ``cli.py`` prints.
"""

from __future__ import annotations

from pathlib import Path


class AigraphError(Exception):
    """Base class: ``str(exc)`` is a complete, user-facing sentence."""


class InputError(AigraphError):
    """One input file cannot be read as an article."""

    def __init__(self, path: Path | str, reason: str, hint: str = "") -> None:
        self.path = Path(path)
        self.reason = reason
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.path}: {self.reason}"
        return f"{text} ({self.hint})" if self.hint else text


class NothingToBuildError(AigraphError):
    """No article could be read from the given sources."""


class GraphLoadError(AigraphError):
    """A graph file is missing or is not valid RDF."""


class QueryError(AigraphError):
    """A SPARQL query is malformed, unknown or failed."""


class EntityNotFoundError(AigraphError):
    """A label, alias or IRI names no entity in the graph."""


class QueryTimeoutError(QueryError):
    """A SPARQL query ran longer than its timeout and was stopped."""


class PushError(AigraphError):
    """A triple store refused an upload or could not be reached."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        #: The HTTP status when the server answered with an error.
        self.status = status


class OutputLockedError(AigraphError):
    """Another aigraph build is writing into the same output folder."""


class OutputError(AigraphError):
    """The output folder cannot be written (read-only, full disk, no permission)."""


def describe_os_error(exc: OSError) -> str:
    """One line for an operating-system error: the file and the cause, no traceback."""
    if exc.filename is not None and exc.strerror:
        return f"cannot write or read {exc.filename}: {exc.strerror}"
    return " ".join(str(exc).split()) or type(exc).__name__


class DateError(AigraphError):
    """A date given on the command line is not a date."""

class ExecutorError(AigraphError):
    """A build's executor cannot be set up (Dask missing, no scheduler at the address)."""
