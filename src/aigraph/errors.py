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


class ExecutorError(AigraphError):
    """A build's executor cannot be set up (Dask missing, no scheduler at the address)."""
