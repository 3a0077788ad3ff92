"""The core profile: the register in its own terms (ontology gs:) and the two SKOS schemes."""

from __future__ import annotations

from vngreg import nt
from vngreg.mapping.emitter import Emitter
from vngreg.nt import literal
from vngreg.vocab import DCAT, DCTERMS, EU_LANGUAGE, FOAF, GS, ORG, OWL, RDF, RDFS, SDO, SKOS
from vngreg.source.records import (BindingLevel, Category, ComponentRole, Establishment, Register, SchemeInfo,
                                   Standard)

NAME = "core"
DATE = nt.XSD + "date"

# A reference component's kind (referentiecomponenten.yaml's soort) -> its class.
KINDS = {"applicatiecomponent": GS.Applicatiecomponent, "applicatie-interface": GS.Applicatieinterface}

# ISO 639-1 codes we publish in -> the EU language authority table's codes (used by dct:language).
EU_LANGUAGE_CODES = {"nl": "NLD", "en": "ENG", "fy": "FRY", "de": "DEU", "fr": "FRA"}


def add(register: Register, out: Emitter) -> None:
    iris = out.iris
    s = register.settings
    dataset = iris.dataset(s.id)
    out.subject(dataset, s.location)
    out.add(dataset, RDF.type, DCAT.Dataset, s.location)
    out.add(dataset, DCTERMS.identifier, literal(s.id), s.at("id"))
    out.texts(dataset, DCTERMS.title, s.title, s.at("title"))
    out.texts(dataset, DCTERMS.description, s.description, s.at("description"))
    out.texts(dataset, GS.toelichting, s.explanation, s.at("explanation"))
    out.add(dataset, DCTERMS.publisher, iris.organisation(s.publisher), s.at("publisher"))
    out.add(dataset, DCTERMS.license, nt.iri(s.licence), s.at("licence"))
    for code in s.languages:
        out.add(dataset, DCTERMS.language, EU_LANGUAGE[EU_LANGUAGE_CODES.get(code, code.upper())],
                s.at("languages"))
    if s.source:  # the page the table's decisions cite as their source, by its title
        out.add(nt.iri(s.source.url), DCTERMS.title, literal(s.source.title, "nl"), s.at("source"))

    for org in register.organisations:
        node = iris.organisation(org.id)
        out.subject(node, org.location)
        out.add_all(node, RDF.type, (FOAF.Organization, ORG.Organization), org.location)
        out.add(node, DCTERMS.identifier, literal(org.id), org.at("id"))
        out.texts(node, FOAF.name, org.name, org.at("name"))
        out.texts(node, SKOS.prefLabel, org.name, org.at("name"))
        if org.abbreviation:
            out.add(node, SKOS.altLabel, literal(org.abbreviation), org.at("abbreviation"))
        if org.part_of:
            out.add(node, ORG.subOrganizationOf, iris.organisation(org.part_of), org.at("part_of"))
        if org.directed_by:
            out.add(node, GS.onderRegieVan, iris.organisation(org.directed_by),
                    org.at("directed_by"))

    _scheme(out, register, register.level_scheme, iris.scheme("verbindendheid"), register.levels,
            iris.binding_level, GS.Verbindendheidsniveau, _level)
    _scheme(out, register, register.category_scheme, iris.scheme("categorie"), register.categories,
            iris.category, GS.Categorie, _category)
    if register.status_scheme:
        _scheme(out, register, register.status_scheme, iris.scheme("status"), register.statuses,
                iris.status, GS.Levensloopstatus, _category)
    if register.role_scheme:
        _scheme(out, register, register.role_scheme, iris.scheme("verbindingsrol"), register.roles,
                iris.role, GS.Verbindingsrol, _category)
    component_names = {component.id: component.name for component in register.components}
    for component in register.components:
        node = iris.component(component.id)
        out.subject(node, component.location)
        out.add_all(node, RDF.type, (GS.Referentiecomponent, KINDS[component.kind]), component.location)
        out.add(node, DCTERMS.identifier, literal(component.id), component.at("id"))
        out.add(node, RDFS.label, literal(component.name, "nl"), component.at("name"))
        _matches(out, node, component)

    for std in register.standards:
        node = iris.standard(std.id)
        out.subject(node, std.location)
        out.add_all(node, RDF.type, (GS.GemeentelijkeStandaard, DCTERMS.Standard), std.location)
        out.add(node, DCTERMS.identifier, literal(std.id), std.at("id"))
        out.add(node, DCTERMS.title, literal(std.name, "nl"), std.at("name"))
        out.add(node, GS.categorie, iris.category(std.category), std.at("category"))
        out.add_all(node, GS.inBeheerBij, map(iris.organisation, std.maintainers),
                    std.at("maintainers"))
        if std.maintainer_text:
            out.add(node, GS.inBeheerBijTekst, literal(std.maintainer_text, "nl"),
                    std.at("maintainer_text"))
        out.texts(node, DCTERMS.description, std.description, std.at("description"))
        if std.specification:
            out.add(node, FOAF.page, nt.iri(std.specification), std.at("specification"))
        if std.homepage:
            out.add(node, FOAF.homepage, nt.iri(std.homepage), std.at("homepage"))
        if std.version:
            out.add(node, OWL.versionInfo, literal(std.version), std.at("version"))
        if std.note:
            out.add(node, SKOS.note, literal(std.note, "nl"), std.at("note"))

        if std.status:
            out.add(node, GS.status, iris.status(std.status), std.at("status"))
        for attr, predicate, inverse in (("part_of", DCTERMS.isPartOf, DCTERMS.hasPart),
                                         ("replaces", DCTERMS.replaces, DCTERMS.isReplacedBy),
                                         ("related", DCTERMS.relation, DCTERMS.relation)):
            for other in getattr(std, attr):
                out.add(node, predicate, iris.standard(other), std.at(attr))
                out.add(iris.standard(other), inverse, node, std.at(attr))
        _matches(out, node, std)
        for est in std.establishments:
            _decision(out, std, node, est)
        if std.establishment:  # derived: the decision the table shows
            out.add(node, GS.geldendeVaststelling,
                    iris.establishment(std.id, std.establishment.applies_from.isoformat()), std.location)
        for version in std.versions:
            _version(out, std, node, version)
        for pair in std.components:
            _component_role(out, std, node, pair, component_names[pair.component])


def _matches(out: Emitter, node: str, record) -> None:
    """The same or a similar thing in another register: gs:gelijkAan and gs:vergelijkbaarMet,
    sub-properties of skos:exactMatch and skos:closeMatch. Not those themselves: NL-SBB allows them
    only between concepts described in the data (fskm.ttl describes the Forum's), and a standard,
    a GEMMA page and ADMS's and OSLO's concepts are not (docs/design.md)."""
    out.add_all(node, GS.gelijkAan, map(nt.iri, record.exact_match), record.at("exact_match"))
    out.add_all(node, GS.vergelijkbaarMet, map(nt.iri, record.close_match), record.at("close_match"))


def _decision(out: Emitter, std: Standard, node: str, est: Establishment) -> None:
    iris = out.iris
    date = est.applies_from.isoformat()
    decision = iris.establishment(std.id, date)
    out.add(node, GS.vaststelling, decision, std.at("establishments"))
    out.subject(decision, est.location)
    out.add(decision, RDF.type, GS.Vaststelling, est.location)
    out.add(decision, RDFS.label, literal(f"Vaststelling {std.name} ({date})", "nl"), est.location)
    out.add(decision, RDFS.label, literal(f"Establishment of {std.name} ({date})", "en"), est.location)
    out.add(decision, GS.geldtVanaf, literal(date, datatype=DATE), est.at("applies_from"))
    if est.applies_until:
        out.add(decision, GS.geldtTot, literal(est.applies_until.isoformat(), datatype=DATE),
                est.at("applies_until"))
    out.add(decision, GS.verbindendheid, iris.binding_level(est.binding_level), est.at("binding_level"))
    if est.decided_by:
        out.add(decision, GS.vastgesteldDoor, iris.organisation(est.decided_by), est.at("decided_by"))
    if est.advised_by:
        out.add(decision, GS.opAdviesVan, iris.organisation(est.advised_by), est.at("advised_by"))
    if est.source:
        out.add(decision, DCTERMS.source, nt.iri(est.source), est.at("source"))
    if est.note:
        out.add(decision, SKOS.note, literal(est.note, "nl"), est.at("note"))
    doc = est.decision
    if doc:
        document = iris.decision_document(std.id, date, doc.key)
        out.add(decision, GS.besluit, document, est.at("decision"))
        out.subject(document, doc.location)
        out.add_all(document, RDF.type, (GS.Besluit, FOAF.Document), doc.location)
        out.add(document, DCTERMS.title, literal(doc.title, "nl"), doc.at("title"))
        if doc.date:
            out.add(document, DCTERMS.date, literal(doc.date.isoformat(), datatype=DATE), doc.at("date"))
        if doc.url:
            out.add(document, FOAF.page, nt.iri(doc.url), doc.at("url"))


def _component_role(out: Emitter, std: Standard, node: str, pair: ComponentRole, component: str) -> None:
    """A standard's role for a component, as a node of its own (a qualified relation): the role
    belongs to the pair, not to the standard or the component alone."""
    iris = out.iris
    this = iris.component_role(std.id, pair.component)
    out.subject(this, pair.location)
    out.add(node, GS.componentrol, this, std.at("components"))
    out.add(this, RDF.type, GS.Componentrol, pair.location)
    out.add(this, RDFS.label, literal(f"Verbindingsrol van {std.name} voor {component}", "nl"), pair.location)
    out.add(this, RDFS.label, literal(f"Connection role of {std.name} for {component}", "en"), pair.location)
    out.add(this, GS.component, iris.component(pair.component), pair.at("component"))
    out.add(this, GS.verbindingsrol, iris.role(pair.role), pair.at("role"))


def _version(out: Emitter, std: Standard, node: str, version) -> None:
    iris = out.iris
    this = iris.version(std.id, version.id)
    out.subject(this, version.location)
    out.add(node, DCTERMS.hasVersion, this, std.at("versions"))
    out.add(this, RDF.type, GS.Standaardversie, version.location)
    out.add(this, DCTERMS.isVersionOf, node, version.location)
    out.add(this, DCTERMS.identifier, literal(version.id), version.at("id"))
    out.add(this, RDFS.label, literal(f"{std.name} {version.label}", "nl"), version.at("label"))
    out.add(this, OWL.versionInfo, literal(version.label), version.at("label"))
    if version.status:
        out.add(this, GS.status, iris.status(version.status), version.at("status"))
    if version.issued:
        out.add(this, DCTERMS.issued, literal(version.issued.isoformat(), datatype=DATE), version.at("issued"))
    if version.replaces:
        older = iris.version(std.id, version.replaces)
        out.add(this, DCTERMS.replaces, older, version.at("replaces"))
        out.add(older, DCTERMS.isReplacedBy, this, version.at("replaces"))
    if version.specification:
        out.add(this, FOAF.page, nt.iri(version.specification), version.at("specification"))
    if version.note:
        out.add(this, SKOS.note, literal(version.note, "nl"), version.at("note"))
    _matches(out, this, version)


def _scheme(out: Emitter, register: Register, info: SchemeInfo, scheme: str, concepts, mint,
            concept_class: str, describe) -> None:
    out.subject(scheme, info.location)
    out.add(scheme, RDF.type, SKOS.ConceptScheme, info.location)
    out.add(scheme, DCTERMS.identifier, literal(info.id), info.location)
    out.texts(scheme, DCTERMS.title, info.title, info.at("title"))
    out.texts(scheme, SKOS.prefLabel, info.title, info.at("title"))
    out.texts(scheme, DCTERMS.description, info.description, info.at("description"))
    out.add(scheme, DCTERMS.publisher, out.iris.organisation(register.settings.publisher), info.location)
    for record in sorted(concepts, key=lambda r: r.order):
        node = mint(record.id)
        out.subject(node, record.location)
        out.add_all(node, RDF.type, (SKOS.Concept, concept_class), record.location)
        out.add(node, DCTERMS.identifier, literal(record.id), record.at("id"))
        out.add(node, SKOS.inScheme, scheme, record.location)
        out.add(node, SKOS.topConceptOf, scheme, record.location)
        out.add(scheme, SKOS.hasTopConcept, node, record.location)
        out.texts(node, SKOS.prefLabel, record.name, record.at("name"))
        out.add(node, SKOS.notation, literal(str(record.order)), record.at("order"))
        out.add(node, SDO.position, literal(str(record.order), datatype=nt.XSD + "integer"), record.at("order"))
        describe(out, node, record)
        _matches(out, node, record)


def _level(out: Emitter, node: str, level: BindingLevel) -> None:
    if level.table_name != level.name["nl"]:
        out.add(node, SKOS.altLabel, literal(level.table_name, "nl"), level.at("table_name"))
    out.texts(node, SKOS.altLabel, level.decision_kind, level.at("decision_kind"))
    out.texts(node, GS.soortBesluit, level.decision_kind, level.at("decision_kind"))
    out.texts(node, SKOS.definition, level.bindingness, level.at("bindingness"))
    out.texts(node, SKOS.scopeNote, level.process, level.at("process"))
    for example in level.examples:
        out.texts(node, SKOS.example, example, level.at("examples"))


def _category(out: Emitter, node: str, category: Category) -> None:
    out.texts(node, SKOS.definition, category.definition, category.at("definition"))
