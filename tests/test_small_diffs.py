"""Small edits, small diffs: out/ is committed and reviewed, so a one-line edit to one standard
changes only the files that show it (its pages, pages that list it, the index, the feed, the
register files, the catalogue with its sizes and checksums, provenance), never every page."""

from __future__ import annotations

import filecmp
from pathlib import Path

from rdflib import Graph

from vngreg import pipeline
from vngreg.vocab import in_rdflib as ns

DCAT, SPDX = ns.DCAT, ns.SPDX

EDITED = "haven"
# What a distribution's size and checksum are stated with.
SIZES = (DCAT.byteSize, SPDX.checksumValue)


def _files(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def _pages_of(out: Path, name: str, having: tuple = ()) -> set[str]:
    """The site's files (page and data) of the things `name` (catalogue, provenance) describes
    (with one of the predicates `having`, if given)."""
    graph = Graph().parse(out / name)
    minted = {str(s) for s, p in graph.subject_predicates() if "/id/" in str(s) and (not having or p in having)}
    return {f"site/doc/{iri.split('/id/', 1)[1]}.{ext}" for iri in minted for ext in ("html", "ttl", "jsonld")}


def test_a_one_line_edit_changes_only_what_shows_the_standard(workdir):
    project = pipeline.Project.around(workdir / "source")
    before, after = workdir / "before", workdir / "after"
    assert pipeline.build(project, before).written
    yaml = workdir / "source" / "standaarden.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert text.count("naam: Haven\n") == 1
    yaml.write_text(text.replace("naam: Haven\n", "naam: Haven (Common Ground)\n"), encoding="utf-8")
    assert pipeline.build(project, after).written

    old, new = _files(before), _files(after)
    changed = {name for name in old & new if not filecmp.cmp(before / name, after / name, shallow=False)}
    link = f'standaard/{EDITED}.html"'
    shows_it = lambda name: name.endswith(".html") and any(  # noqa: E731
        link in (out / name).read_text(encoding="utf-8") for out in (before, after) if (out / name).exists())
    expected = ({"feed.atom", "site/feed.atom", "catalog.ttl", "catalog.jsonld", "provenance.ttl"}
                | {n for n in old if n.split("/")[-1].startswith("register.")}
                | {f"site/doc/standaard/{EDITED}.{ext}" for ext in ("html", "ttl", "jsonld")}
                | {n for n in old if n.startswith(f"site/doc/vaststelling/{EDITED}-")}
                | {f"site/{n}" for n in ("catalog.ttl", "catalog.jsonld")}
                | _pages_of(before, "catalog.ttl", SIZES) | _pages_of(after, "catalog.ttl", SIZES)
                | _pages_of(before, "provenance.ttl") | _pages_of(after, "provenance.ttl"))
    unexplained = sorted(name for name in changed if name not in expected and not shows_it(name))
    assert unexplained == [], unexplained
    # What shows the standard did change; what does not show it stayed byte for byte.
    assert {"site/index.html", "feed.atom", f"site/doc/standaard/{EDITED}.html", "register.ttl"} <= changed
    assert not {"site/site.css", "site/site.js", "site/def/gs.html"} & changed
    others = {n for n in old if n.startswith("site/doc/standaard/") and f"/{EDITED}." not in n}
    assert len(others) > 30 and not others & changed
    assert old == new  # no page is renamed: provenance names its build and sources stably
