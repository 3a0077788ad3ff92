"""The ADMS profile: each standard also as an interoperability asset (W3C ADMS, SEMIC's ADMS-AP 2),
in the register files (`add`); the catalogue gets the asset repository that lists them
(`catalogue`), so that an ADMS harvester reads the register like any other repository of standards.
"""

from __future__ import annotations

from vngreg import nt
from vngreg.source.load import DUTCH_MONTHS
from vngreg.mapping.emitter import Emitter
from vngreg.vocab import ADMS, ADMS_STATUS, DCAT, DCTERMS, GS, RDF
from vngreg.mapping.profiles import dcat_ap
from vngreg.source.records import LangText, Register, Standard

NAME = "adms"

ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]


def add(register: Register, out: Emitter) -> None:
    iris = out.iris
    s = register.settings
    contact = dcat_ap.add_contact_point(register, out)
    describe = _describer(register)
    adms_status = {status.id: _adms(status) for status in register.statuses}
    for std in register.standards:
        node = iris.standard(std.id)
        out.add(node, RDF.type, ADMS.Asset, std.location)
        # The kind of asset, as DCMI's own type values are used: the class the register defines.
        out.add(node, DCTERMS.type, GS.GemeentelijkeStandaard, std.location)
        # The lifecycle status's ADMS counterpart (status.yaml); without a status, a standard that
        # has been established ("vastgesteld") is in ADMS terms completed.
        if std.status:
            out.add(node, ADMS.status, adms_status.get(std.status), std.at("status"))
        elif std.establishments:
            out.add(node, ADMS.status, ADMS_STATUS.Completed, std.at("establishments"))
        # ADMS's publisher is "the organisation making the asset available": the maintainers.
        out.add_all(node, DCTERMS.publisher, map(iris.organisation, std.maintainers),
                    std.at("maintainers"))
        out.add(node, DCAT.contactPoint, contact, s.location)
        if std.homepage:
            out.add(node, DCAT.landingPage, nt.iri(std.homepage), std.at("homepage"))
        if s.theme:
            out.add(node, DCAT.theme, nt.iri(s.theme), s.at("theme"))
        if not std.description:
            out.texts(node, DCTERMS.description, describe(std), std.location)


def catalogue(register: Register, part) -> None:
    """The asset repository, part of the catalogue: what it is, and which assets it holds (by IRI;
    they are described in the register files, the catalogue's distributions)."""
    s, g, iris = register.settings, part.graph, part.iris
    repo = iris.thing("catalogus", f"{s.id}-standaarden")
    g.add(repo, RDF.type, ADMS.AssetRepository)
    g.texts(repo, DCTERMS.title, {lang: f"{t}: interoperabiliteitsstandaarden" if lang == "nl"
                                  else f"{t}: interoperability assets"
                                  for lang, t in s.title.items()})
    g.texts(repo, DCTERMS.description, s.description)
    g.add(repo, DCTERMS.publisher, iris.organisation(s.publisher))
    g.add(repo, DCAT.contactPoint, dcat_ap.contact_point_iri(iris, register))
    g.add(repo, DCTERMS.isPartOf, part.iri)
    part.same_as_dataset(repo, DCTERMS.language)
    if s.theme:
        g.add(repo, DCAT.themeTaxonomy, dcat_ap.scheme_of(s.theme))
    for std in register.standards:
        g.add(repo, DCAT.dataset, iris.standard(std.id))


def _adms(status) -> str | None:
    """The ADMS status a lifecycle status matches: exactly if it can, else closely."""
    for url in (*status.exact_match, *status.close_match):
        if url.startswith(ADMS_STATUS.iri):
            return nt.iri(url)
    return None


def _describer(register: Register):
    """std -> its description as an asset. ADMS requires one; where a standard has none (the page
    gives none), one sentence says what the register knows of it, in Dutch and English."""
    categories = {c.id: c.name for c in register.categories}
    levels = {lv.id: lv.name for lv in register.levels}
    names = {o.id: o.name for o in register.organisations}
    return lambda std: _describe(std, categories[std.category],
                                 std.establishment and levels[std.establishment.binding_level],
                                 [names[m] for m in std.maintainers])


def _describe(std: Standard, category: LangText, level: LangText | None,
              maintainers: list[LangText]) -> LangText:
    by_nl = std.maintainer_text or " en ".join(m["nl"] for m in maintainers) or "onbekend"
    by_en = std.maintainer_text or " and ".join(m.get("en", m["nl"]) for m in maintainers) or "unknown"
    if level is None:  # a standard in a list (GEMMA's) that the VNG has taken no decision on
        return {"nl": (f"{std.name} is een standaard in de categorie {category['nl']}, in beheer bij "
                       f"{by_nl}, zonder vaststelling door de VNG."),
                "en": (f"{std.name} is a standard in the category {category.get('en', category['nl'])}, "
                       f"maintained by {by_en}, without a decision of the VNG.")}
    date = std.establishment.applies_from
    return {
        "nl": (f"{std.name} is een Gemeentelijke Standaard in de categorie {category['nl']}, in "
               f"beheer bij {by_nl}, vastgesteld met verbindendheid '{level['nl']}', geldend vanaf "
               f"{date.day} {DUTCH_MONTHS[date.month - 1]} {date.year}."),
        "en": (f"{std.name} is a Municipal Standard in the category "
               f"{category.get('en', category['nl'])}, maintained by {by_en}, established at the "
               f"binding level '{level.get('en', level['nl'])}', applying from "
               f"{date.day} {ENGLISH_MONTHS[date.month - 1]} {date.year}."),
    }
