"""Where the data vngreg ships lives: the shapes, the ontology (with the JSON-LD context) and the
example queries. In a wheel they are package data under vngreg/data/; in a checkout
vngreg/data/* are links to the project's own folders, and where a copy lost those links (an
archive, a tool that copies files but not links) the folders themselves are used."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# name -> the folder in a checkout of the project
IN_CHECKOUT = {"shapes": "shapes", "ontology": "ontology", "queries": "docs/queries"}


def folder(name: str) -> Path:
    """The shipped folder `name`; the package's own path when neither is there, for the caller's
    message about a damaged installation."""
    packaged = Path(str(resources.files("vngreg") / "data" / name))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / IN_CHECKOUT[name]
    return checkout if checkout.is_dir() else packaged
