"""Step 4b, the catalogue: a DCAT-AP description of the files just written (filled in by issue 3)."""

from __future__ import annotations

from vngreg.records import Register
from vngreg.write import Publication


def catalog_files(register: Register, publication: Publication, files: dict[str, bytes],
                  profiles: list[str]) -> dict[str, bytes]:
    """Extra files for out/ that describe `files` (name -> bytes as written); none yet."""
    return {}
