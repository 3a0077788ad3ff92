"""What was read from a GEMMA model, and every value that could not be mapped, by Object ID."""

from __future__ import annotations

from collections import Counter, defaultdict

from vngreg.gemma.model import Finding, Model
from vngreg.gemma.normalise import ORGANISATIONS


def spellings(model: Model) -> dict[str, list[str]]:
    """Organisation key -> the `Beheerder` texts that name it alone, where there is more than one."""
    texts: dict[str, set[str]] = defaultdict(set)
    for standard in model.standards.values():
        if len(standard.maintainers.value) == 1:
            texts[standard.maintainers.value[0]].add(standard.maintainers.text)
    return {org: sorted(found) for org, found in sorted(texts.items()) if len(found) > 1}


def render(model: Model) -> str:
    standards, versions = model.standards.values(), model.versions.values()
    roles = Counter(r.role.text for r in model.realisations if r.role)
    organisations = {o for s in standards for o in s.maintainers.value}
    unmapped = [f for f in model.findings if f.unmapped]
    notes = [f for f in model.findings if not f.unmapped]
    lines = [
        f"GEMMA model '{model.name}' (format {model.version}), release {model.release or 'unknown'}",
        f"{len(model.standards)} standards, {len(model.versions)} versions "
        f"({sum(v.standard is not None for v in versions)} linked to a standard); "
        f"{sum(bool(s.versions) for s in standards)} standards have versions",
        "standard status: " + _tally(s.status.text for s in standards),
        "version status: " + _tally(v.status.text for v in versions),
        f"maintainers: {len({s.maintainers.text for s in standards} - {None})} texts, naming "
        f"{len(organisations)} organisations; spellings of one:",
        *(f"  {ORGANISATIONS[org]}: {' | '.join(texts)}" for org, texts in spellings(model).items()),
        f"realisations: {len(model.realisations)}, with a Verbindingsrol {sum(roles.values())} "
        f"({_tally(roles.elements())})",
        f"groups: {len(model.groups)}; other relations touching a standard or version: "
        f"{len(model.relations)}",
        f"not mapped: {len(unmapped)}",
        *map(_line, unmapped),
        f"notes (read as described): {len(notes)}",
        *map(_line, notes),
    ]
    return "\n".join(lines) + "\n"


def _tally(values) -> str:
    counts = Counter("(none)" if v is None else v for v in values)
    return ", ".join(f"{value} {n}" for value, n in sorted(counts.items(), key=lambda c: (-c[1], c[0])))


def _line(finding: Finding) -> str:
    value = "(none)" if finding.value is None else repr(finding.value)
    return (f"  {finding.object_id or '(no Object ID)'} {finding.name!r}: {finding.field} {value}: "
            f"{finding.problem} [{finding.file}]")
