"""The JSON Schemas for editors: current, and in agreement with the loader on real and bad input."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT
from vngreg.source.schema import schema_file_name, schemas
from vngreg.write.formats import dumps_json


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2: a date stays a string)."""


_EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)


def test_committed_schemas_are_current():
    for source_file, schema in schemas().items():
        path = ROOT / "schema" / schema_file_name(source_file)
        assert path.read_bytes() == dumps_json(schema), f"{path} is stale: run `vngreg schema`"


# The optional files the VNG's register has; those it has not (reference components) are checked
# on GEMMA's register in tests/test_components.py.
REAL_FILES = sorted(name for name in schemas() if (ROOT / "source" / name).exists())


@pytest.mark.parametrize("source_file", REAL_FILES)
def test_real_source_files_pass_their_schema(source_file):
    schema = schemas()[source_file]
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(_read(ROOT / "source" / source_file), schema)


def test_every_source_file_points_editors_at_its_schema():
    for source_file in REAL_FILES:
        first = (ROOT / "source" / source_file).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{schema_file_name(source_file)}"


BAD = Path(__file__).parent / "bad_input"
# Bad-input cases the schema sees too (the others need the loader: references, real dates, ...).
SCHEMA_CATCHES = ["unknown_key", "missing_field", "wrong_type", "id_capitals", "id_path", "iri_space", "iri_no_scheme",
                  "empty_register", "date_unparseable", "date_dutch"]


@pytest.mark.parametrize("case", SCHEMA_CATCHES)
def test_schema_rejects_what_the_loader_rejects(case):
    data = _read(BAD / f"{case}.yaml")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schemas()["standaarden.yaml"])
