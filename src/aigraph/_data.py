"""The data aigraph ships with: ``ontology/`` and ``queries/``.

Both folders live at the top of the repository, where people edit them; the
package reaches them as ``aigraph/ontology_data`` and ``aigraph/queries_data``
(symbolic links in a checkout, plain folders in an installed wheel: setuptools
copies the files behind the links as package data). They are found through
:mod:`importlib.resources`, so the same code works from a checkout, an
editable install and a wheel.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

ONTOLOGY = "ontology_data"
QUERIES = "queries_data"


def data_dir(name: str) -> Path:
    """The real folder of the packaged data ``name`` (symbolic links resolved)."""
    return Path(str(resources.files("aigraph").joinpath(name))).resolve()
