"""The pipeline's flow: the register mapped once, findings traced to the YAML from that one
mapping, and a build that fails validation writing nothing and leaving out/ as it was."""

from __future__ import annotations

from pathlib import Path

from vngreg import pipeline

STRICT = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#> .
<urn:x:ShortNames> a sh:NodeShape ; sh:targetClass gs:GemeentelijkeStandaard ;
  sh:property [ sh:path dct:title ; sh:maxLength 5 ] .
"""


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_findings_are_traced_to_the_yaml_from_the_one_mapping(workdir, monkeypatch):
    mappings = []
    real = pipeline.map_register
    monkeypatch.setattr(pipeline, "map_register", lambda *a, **k: mappings.append(1) or real(*a, **k))
    (workdir / "shapes" / "strict.ttl").write_text(STRICT, encoding="utf-8")
    result = pipeline.check(pipeline.Project.around(workdir / "source"))
    assert len(mappings) == 1
    assert result.report.findings  # every name but "Haven" and "GIBIT" is longer than 5
    lines = (workdir / "source" / "standaarden.yaml").read_text(encoding="utf-8").splitlines()
    for finding in result.report.findings:
        assert finding.location.file.endswith("standaarden.yaml"), finding.format("en")
        assert lines[finding.location.line - 1].strip().startswith("naam:"), finding.format("en")


def test_failed_validation_writes_nothing_and_leaves_out_as_it_was(workdir):
    project = pipeline.Project.around(workdir / "source")
    assert pipeline.build(project, workdir / "out", with_site=False).written
    before = _tree(workdir / "out")
    (workdir / "shapes" / "strict.ttl").write_text(STRICT, encoding="utf-8")
    result = pipeline.build(project, workdir / "out", with_site=False)
    assert result.written == []
    assert result.report.fails("violation")
    assert _tree(workdir / "out") == before
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".out.")] == []
