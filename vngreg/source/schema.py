"""JSON Schemas of the YAML source files, derived from the loader's own field specs, so that an
editor's YAML support (yaml-language-server) completes keys and flags mistakes while typing.

The loader stays the authority (it also checks references and dates that exist); these schemas
only ever accept less than it does not."""

from __future__ import annotations

from vngreg.source import load
from vngreg.source.load import F

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
# The loader takes a language tag in any case (and keeps it lowercase); ECMAScript has no (?i).
LANG_PATTERN = (load.LANGUAGE.pattern.replace("a-wyz", "A-WYZa-wyz").replace("a-z", "A-Za-z")
                .replace("-x(", "-[xX]("))
SLUG_PATTERN = load.SLUG.pattern

_TEXT = {"type": "string", "minLength": 1, "maxLength": load.TEXT_MAX}
_SLUG = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": load.SLUG_MAX}
_LANGTEXT = {
    "oneOf": [
        _TEXT,
        {"type": "object", "required": ["nl"], "minProperties": 1,
         "propertyNames": {"pattern": LANG_PATTERN}, "additionalProperties": _TEXT},
    ],
    "description": "A text; either plain Dutch text, or one text per language code (nl required).",
}
_READERS = {
    load._text: _TEXT,
    load._slug: _SLUG,
    load._int: {"type": "integer", "minimum": 1},
    load._url: {"type": "string", "pattern": load.URL.pattern},
    load._base_iri: {"type": "string", "pattern": load.URL.pattern[:-1] + "/$"},
    load._email: {"type": "string", "pattern": load.EMAIL.pattern},
    load._date: {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$",
                 "description": "A date as year-month-day, e.g. 2021-04-01."},
    load._langtext: _LANGTEXT,
    load._languages: {"type": "array", "minItems": 1,
                      "items": {"type": "string", "pattern": LANG_PATTERN}},
}


def _value(reader) -> dict:
    if hasattr(reader, "fields"):  # a record inside an entry: a decision, a version
        return record(reader.fields)
    if hasattr(reader, "choices"):
        return {"type": "string", "enum": list(reader.choices)}
    if hasattr(reader, "item_reader"):
        item = _value(reader.item_reader)
        return {"oneOf": [item, {"type": "array", "minItems": 1, "items": item}]}
    return dict(_READERS[reader])


def record(fields: list[F], extra: dict | None = None) -> dict:
    properties = {f.key: _value(f.read) for f in fields}
    properties.update(extra or {})
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": [f.key for f in fields if f.required]}


def _listing(key: str, fields: list[F], head: list[F] | None = None) -> dict:
    entries = {"type": "array", "minItems": 1, "items": record(fields)}
    schema = record(head or [], {key: entries})
    schema["required"] = schema["required"] + [key]
    return schema


def schemas() -> dict[str, dict]:
    """File name of a source file -> the JSON Schema of that file."""
    bodies = {
        load.SETTINGS_FILE: record(load.SETTINGS_FIELDS),
        load.ORGANISATIONS_FILE: _listing("organisaties", load.ORGANISATION_FIELDS),
        load.LEVELS_FILE: _listing("niveaus", load.LEVEL_FIELDS, load.SCHEME_FIELDS),
        load.CATEGORIES_FILE: _listing("categorieen", load.CATEGORY_FIELDS, load.SCHEME_FIELDS),
        load.STANDARDS_FILE: _listing("standaarden", load.STANDARD_FIELDS),
        load.STATUSES_FILE: _listing("statussen", load.STATUS_FIELDS, load.SCHEME_FIELDS),
        load.SUPPLEMENTS_FILE: _listing("aanvullingen", [load.ID, *load.SUPPLEMENT_FIELDS]),
        load.ROLES_FILE: _listing("verbindingsrollen", load.ROLE_FIELDS, load.SCHEME_FIELDS),
        load.COMPONENTS_FILE: _listing("referentiecomponenten", load.COMPONENT_FIELDS),
    }
    return {name: {"$schema": SCHEMA_URI, "title": f"vngreg source file {name}", **body}
            for name, body in bodies.items()}


def schema_file_name(source_file: str) -> str:
    return source_file.replace(".yaml", ".schema.json")


def write_schemas(folder) -> list[str]:
    """Write every source file's schema into `folder`; returns the names written."""
    from pathlib import Path

    from vngreg.write.formats import dumps_json

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for source_file, schema in schemas().items():
        name = schema_file_name(source_file)
        (folder / name).write_bytes(dumps_json(schema))
        names.append(name)
    return names
