"""The IRIs we mint, after the Dutch URI strategy (NL-URI): /id/{type}/{slug} for things,
/doc/{type}/{slug} for the documents about them. The ontology lives under /def/ (vocab.GS)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vngreg import nt


@dataclass(frozen=True)
class Iris:
    base: str  # ends with "/"
    term: Callable[[str], str] = str  # what an IRI is made into: itself, or a term

    @classmethod
    def for_base(cls, base: str) -> "Iris":
        return cls(base if base.endswith("/") else base + "/")

    def as_terms(self) -> "Iris":
        """The same IRIs as N-Triples terms ("<...>"), for the mapping (vngreg/nt.py)."""
        return Iris(self.base, nt.iri)

    def thing(self, kind: str, slug: str) -> str:
        return self.term(f"{self.base}id/{kind}/{slug}")

    def file(self, name: str) -> str:
        """Where a published file of out/ is served."""
        return self.term(f"{self.base}{name}")

    def dataset(self, slug: str) -> str:
        return self.thing("dataset", slug)

    def standard(self, slug: str) -> str:
        return self.thing("standaard", slug)

    def establishment(self, standard_slug: str, date_iso: str) -> str:
        return self.thing("vaststelling", f"{standard_slug}-{date_iso}")

    def decision_document(self, standard_slug: str, date_iso: str, key: str | None = None) -> str:
        """A decision's document: by its own id where it has one (shared by several decisions),
        else by its decision's standard and date."""
        return self.thing("besluit", key or f"{standard_slug}-{date_iso}")

    def version(self, standard_slug: str, version_slug: str) -> str:
        return self.thing("standaardversie", f"{standard_slug}-{version_slug}")

    def status(self, slug: str) -> str:
        return self.thing("status", slug)

    def organisation(self, slug: str) -> str:
        return self.thing("organisatie", slug)

    def scheme(self, slug: str) -> str:
        return self.thing("begrippenkader", slug)

    def binding_level(self, slug: str) -> str:
        return self.thing("verbindendheid", slug)

    def category(self, slug: str) -> str:
        return self.thing("categorie", slug)

    def component(self, slug: str) -> str:
        return self.thing("referentiecomponent", slug)

    def component_role(self, standard_slug: str, component_slug: str) -> str:
        return self.thing("componentrol", f"{standard_slug}-{component_slug}")

    def role(self, slug: str) -> str:
        return self.thing("verbindingsrol", slug)
