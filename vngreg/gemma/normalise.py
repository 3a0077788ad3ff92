"""GEMMA's words mapped to ours: statuses to a small lifecycle scheme, `Verbindingsrol` to our
binding levels, the free-text `Beheerder` to organisations. What is not in a table stays unmapped
(None) for the report; nothing is guessed. The tables are printed in docs/gemma.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The lifecycle scheme (key: label). GEMMA uses the first four; "vervangen" is ours.
LIFECYCLE = {
    "in-ontwikkeling": "In ontwikkeling",
    "in-gebruik": "In gebruik",
    "einde-ondersteuning": "Einde ondersteuning",
    "teruggetrokken": "Teruggetrokken/ingetrokken",
    "vervangen": "Vervangen",
}
STATUSES = {  # GEMMA's `GEMMA status` / `Status` (case and spacing ignored) -> lifecycle key
    "In ontwikkeling": "in-ontwikkeling",
    "In gebruik": "in-gebruik",
    "Einde ondersteuning": "einde-ondersteuning",
    "Teruggetrokken": "teruggetrokken",
    "Ingetrokken": "teruggetrokken",
    "Vervangen": "vervangen",
}
ROLES = {"Verplicht": "verplicht", "Aanbevolen": "aanbevolen"}  # -> verbindingsrol.yaml's concepts

# The organisations GEMMA names as maintainers (key: name in full). Keys that our source/ has
# too (vng, vng-realisatie, kadaster, rvig) are the same ids.
ORGANISATIONS = {
    "belastingdienst": "Belastingdienst",
    "bij12": "BIJ12",
    "bim-loket": "BIM Loket",
    "bkwi": "Bureau Keteninformatisering Werk en Inkomen (BKWI)",
    "buildingsmart": "buildingSMART",
    "crow": "CROW",
    "etsi": "European Telecommunications Standards Institute (ETSI)",
    "federatie-grote-monumentengemeenten": "Federatie Grote Monumentengemeenten",
    "geonovum": "Geonovum",
    "idpf": "International Digital Publishing Forum (IDPF)",
    "ietf": "Internet Engineering Task Force (IETF)",
    "ilt": "Inspectie Leefomgeving en Transport (ILT)",
    "informatiehuis-water": "Informatiehuis Water",
    "inlichtingenbureau": "Inlichtingenbureau",
    "iso": "International Organization for Standardization (ISO)",
    "kadaster": "Kadaster",
    "koop": "Kennis- en Exploitatiecentrum Officiële Overheidspublicaties (KOOP)",
    "kvk": "Kamer van Koophandel (KvK)",
    "logius": "Logius",
    "minienw": "Ministerie van Infrastructuur en Waterstaat",
    "nationaal-archief": "Nationaal Archief",
    "nen": "Koninklijk Nederlands Normalisatie-instituut (NEN)",
    "npa": "Nederlandse Peppolautoriteit (NPa)",
    "oasis": "OASIS",
    "ogc": "Open Geospatial Consortium (OGC)",
    "rdw": "RDW",
    "rijksoverheid": "Rijksoverheid",
    "rijkswaterstaat": "Rijkswaterstaat",
    "rioned": "Stichting RIONED",
    "rvig": "Rijksdienst voor Identiteitsgegevens",
    "setu": "Stichting Elektronische Transacties Uitzendbranche (SETU)",
    "sikb": "Stichting Infrastructuur Kwaliteitsborging Bodembeheer (SIKB)",
    "simplerinvoicing": "SimplerInvoicing",
    "stosag": "Stichting Open Standaarden Afval en Grondstoffen (STOSAG)",
    "the-open-group": "The Open Group",
    "vng": "Vereniging van Nederlandse Gemeenten",
    "vng-realisatie": "VNG Realisatie",
    "waarderingskamer": "Waarderingskamer",
    "xbrl-international": "XBRL International",
    "zorginstituut-nederland": "Zorginstituut Nederland",
}
MAINTAINERS = {  # GEMMA's `Beheerder` (case and spacing ignored) -> organisations
    "Belastingdienst": ("belastingdienst",),
    "BIJ12": ("bij12",),
    "BIM Loket": ("bim-loket",),
    "BKWI": ("bkwi",),
    "buildingSMART": ("buildingsmart",),
    "CROW": ("crow",),
    "ETSI": ("etsi",),
    "Federatie Grote Monumentengemeenten": ("federatie-grote-monumentengemeenten",),
    "Geonovum": ("geonovum",),
    "IDPF": ("idpf",),
    "IETF": ("ietf",),
    "Informatiehuis Water": ("informatiehuis-water",),
    "Inlichtingenbureau": ("inlichtingenbureau",),
    "Inspectie Leefomgeving en Transport (ILT)": ("ilt",),
    "ISO": ("iso",),
    "ISO en NEN": ("iso", "nen"),
    "Kadaster": ("kadaster",),
    "Kamer van Koophandel": ("kvk",),
    "KvK": ("kvk",),
    "KOOP": ("koop",),
    "Werkmaatschappij-KOOP": ("koop",),
    "Logius": ("logius",),
    "Min. van I&M en RWS": ("minienw", "rijkswaterstaat"),  # I&M: the ministry's name until 2017
    "Nationaal Archief": ("nationaal-archief",),
    "Nederlandse Peppolautoriteit (NPa)": ("npa",),
    "OASIS": ("oasis",),
    "Open Geospatial Consortium": ("ogc",),
    "RDW": ("rdw",),
    "Rijksoverheid": ("rijksoverheid",),
    "RvIG": ("rvig",),
    "SETU": ("setu",),
    "SIKB": ("sikb",),
    "Stichting Infrastructuur Kwaliteitsborging Bodembeheer": ("sikb",),
    "Simplerinvoicing": ("simplerinvoicing",),
    "Stichting Open Standaarden Afval en Grondstoffen": ("stosag",),
    "Stichting RIONED": ("rioned",),
    "The Open Group": ("the-open-group",),
    "VNG": ("vng",),
    "VNG Realisatie": ("vng-realisatie",),
    "VNG Realisatie a.i.": ("vng-realisatie",),  # a.i.: ad interim
    "Waarderingskamer": ("waarderingskamer",),
    "XBRL International": ("xbrl-international",),
    "Zorginstituut Nederland": ("zorginstituut-nederland",),
}
# Texts that stand for no maintainer: "Geen", "Onbekend, ...", anything with "??", "n.v.t.", "-".
PLACEHOLDER = re.compile(r"(?:geen|onbekend|n\.?v\.?t|tbd)\b.*|[-?.\s]*|.*\?\?.*", re.IGNORECASE)


def key(text: str) -> str:
    """A table key: case and spacing (also no-break spaces) ignored."""
    return " ".join(text.split()).casefold()


_STATUSES = {key(k): v for k, v in STATUSES.items()}
_ROLES = {key(k): v for k, v in ROLES.items()}
_MAINTAINERS = {key(k): v for k, v in MAINTAINERS.items()}


@dataclass(frozen=True)
class Mapped:
    """A GEMMA value and what it maps to: a lifecycle key, a binding level id, or organisation
    keys; `value` None (or `()`) when not mapped, with `problem` saying why."""

    text: str | None
    value: str | tuple[str, ...] | None
    problem: str | None = None


def lifecycle(text: str | None) -> Mapped:
    if text is None:
        return Mapped(None, None, "no status")
    found = _STATUSES.get(key(text))
    return Mapped(text, found, None if found else "not a status of the lifecycle scheme")


def role(text: str) -> Mapped:
    found = _ROLES.get(key(text))
    return Mapped(text, found, None if found else "not a Verbindingsrol (Verplicht or Aanbevolen)")


def maintainers(text: str | None) -> Mapped:
    if text is None:
        return Mapped(None, (), "no Beheerder")
    found = _MAINTAINERS.get(key(text))
    if found:
        return Mapped(text, found)
    if PLACEHOLDER.fullmatch(text.strip()):
        return Mapped(text, (), "a placeholder, not an organisation")
    return Mapped(text, (), "not in the maintainer table (vngreg/gemma/normalise.py)")
