"""`vngreg check --against-gemma FOLDER`: where our register and GEMMA's standards list disagree.

For every standard of ours that links to a GEMMA element (`gelijk_aan` / `vergelijkbaar_met` to
https://www.gemmaonline.nl/wiki/GEMMA/id-{Object ID}), each disagreement is a warning with both
values and both sources: our file and line, and GEMMA's Object ID, file and page. Name,
maintainers and versions are compared for an exact match only (a close match is by definition
another cut of the standard); status and a binding decision on a withdrawn current version for
both. A finding never fails the command.
"""

from __future__ import annotations

from dataclasses import dataclass

from vngreg.errors import Location
from vngreg.gemma.model import Model
from vngreg.gemma.normalise import LIFECYCLE, key
from vngreg.source.records import Register, Standard

PAGE = "https://www.gemmaonline.nl/wiki/GEMMA/id-"
ENDED = {"teruggetrokken", "vervangen", "einde-ondersteuning"}  # no longer to be applied anew


@dataclass(frozen=True)
class Finding:
    location: Location  # ours
    standard: str
    field: str
    ours: str
    gemma: str
    object_id: str
    gemma_file: str

    def format(self) -> str:
        return (f"warning: {self.location}: {self.field}: ours {self.ours}; GEMMA {self.gemma} "
                f"(GEMMA {self.object_id}, {self.gemma_file}, {PAGE}{self.object_id})")


def compare(register: Register, model: Model) -> list[Finding]:
    findings: list[Finding] = []
    levels = {level.id: level.name["nl"] for level in register.levels}
    for std in register.standards:
        for attr, exact in (("exact_match", True), ("close_match", False)):
            for link in getattr(std, attr):
                if link.startswith(PAGE):
                    findings += _compare(std, attr, link.removeprefix(PAGE), exact, model, levels)
    return findings


def _compare(std: Standard, attr: str, oid: str, exact: bool, model: Model, levels) -> list[Finding]:
    where = std.field_location(attr)
    gemma = model.standards.get(oid)
    if gemma is None:
        if oid in model.groups or oid in model.versions:  # a link to a cluster or a version
            return []
        return [Finding(where, std.id, "link", f"links to GEMMA element {oid}", "has no standard, version or "
                        "group with that Object ID", oid, "-")]

    def found(field: str, ours: str, theirs: str, source: Location = where) -> Finding:
        return Finding(source, std.id, field, ours, theirs, oid, gemma.file)

    out = []
    if std.status and gemma.status.value and std.status != gemma.status.value:
        out.append(found("status", f"'{LIFECYCLE.get(std.status, std.status)}'",
                         f"'{gemma.status.text}'", std.field_location("status")))
    current = [model.versions[v] for v in gemma.versions]
    decision = std.establishment
    if decision and current and all(v.status.value in ENDED for v in current):
        out.append(found("status of the current version",
                         f"'{levels[decision.binding_level]}' from {decision.applies_from} (a decision in force)",
                         "; ".join(f"version '{v.label or v.name}' ({v.object_id}) '{v.status.text}'"
                                   for v in current), decision.field_location("binding_level")))
    if not exact:
        return out
    if gemma.maintainers.value and set(std.maintainers) != set(gemma.maintainers.value):
        out.append(found("maintainer", f"{', '.join(std.maintainers) or '(none)'}",
                         f"'{gemma.maintainers.text}' ({', '.join(gemma.maintainers.value)})",
                         std.field_location("maintainers")))
    elif gemma.maintainers.text and not gemma.maintainers.value:
        out.append(found("maintainer", f"{', '.join(std.maintainers) or '(none)'}",
                         f"'{gemma.maintainers.text}' (not mapped to an organisation)",
                         std.field_location("maintainers")))
    if _name(std.name) != _name(gemma.name):
        out.append(found("name", f"'{std.name}'", f"'{gemma.name}'", std.field_location("name")))
    if std.versions:
        theirs = {key(v.label or v.name): v for v in current}
        for version in std.versions:
            match = theirs.get(key(version.label))
            if match is None:
                out.append(found("version", f"'{version.label}'", "has no version with that label",
                                 version.field_location("label")))
            elif version.status and match.status.value and version.status != match.status.value:
                out.append(found(f"status of version '{version.label}'", f"'{version.status}'",
                                 f"'{match.status.text}'", version.field_location("status")))
    return out


def _name(name: str) -> str:
    """Names compared with case and spacing ignored, and GEMMA's "API-standaard" suffix aside."""
    return key(name).removesuffix(" api-standaard").strip()
