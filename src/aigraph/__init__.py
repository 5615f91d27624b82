"""aigraph: knowledge graphs of AI-governance news, every fact traceable to its sentence.

The library in five names::

    import aigraph

    kg = aigraph.build(["sources/"], out="exports")      # or aigraph.KnowledgeGraph.open("exports")
    kg.query("roles")                                   # SPARQL text, a .rq file or a saved query
    kg.explain("United States", "partyTo")              # the claims behind a fact
    kg.analyse(), kg.to_networkx(), kg.render("graph.html"), kg.validate()

Every failure is an :class:`AigraphError` whose ``str()`` says what went
wrong and what to do. See :mod:`aigraph.api` for the details.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING

from .errors import (AigraphError, EntityNotFoundError, GraphLoadError, InputError,
                     NothingToBuildError, PushError, QueryError, QueryTimeoutError)

__version__ = "0.1.0"

__all__ = [
    "build", "KnowledgeGraph",
    "AigraphError", "InputError", "NothingToBuildError", "GraphLoadError", "QueryError",
    "QueryTimeoutError", "EntityNotFoundError", "PushError",
    "__version__",
]

if TYPE_CHECKING:
    from .api import KnowledgeGraph, build


# ``aigraph.build`` is both the library call ``aigraph.build(sources, out=...)``
# and the submodule ``aigraph/build.py`` (which the CLI and tests import as
# ``from aigraph.build import ...``). Importing a submodule sets it as an
# attribute of its package, which would replace a function of that name; so
# the submodule itself is made callable instead. ``import aigraph.build`` and
# ``mock.patch("aigraph.build.X")`` keep working, and the names stay lazy: the
# extractor (spaCy) is only loaded when a build runs.


class _CallableBuild(types.ModuleType):
    """The module ``aigraph.build``, callable as :func:`aigraph.api.build`."""

    def __call__(self, *args, **kwargs):
        from .api import build

        return build(*args, **kwargs)


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value) -> None:
        if name == "build" and type(value) is types.ModuleType:
            value.__class__ = _CallableBuild
        super().__setattr__(name, value)


def __getattr__(name: str):
    if name == "build":
        import importlib

        return importlib.import_module(f"{__name__}.build")   # made callable on the way in
    if name == "KnowledgeGraph":
        from .api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


sys.modules[__name__].__class__ = _Package
