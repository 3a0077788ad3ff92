"""The DCAT-AP profile: what DCAT-AP 3 and DCAT-AP-NL 3 ask of the register as a dataset, beyond core
(`add`), and the catalogue (`catalogue`): the dcat:Catalog, the dataset with one distribution per
register file (download URL, media type, format, size, SHA-256), and the VoID description of the
register graph. The catalogue is made after writing, as only the written files know their sizes.
"""

from __future__ import annotations

from vngreg import nt
from vngreg.mapping.iris import Iris
from vngreg.mapping.emitter import Emitter
from vngreg.nt import literal
from vngreg.vocab import (DCAT, DCTERMS, EU_ACCESS_RIGHT, EU_FILE_TYPE, FOAF, GS_ONTOLOGY, GS_SHAPES,
                          IANA_MEDIA_TYPE, OWL, PREFIXES, PROV, RDF, SKOS, SPDX, VCARD, VOID)
from vngreg.source.records import Register

NAME = "dcat-ap"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The register's serialisations and its table's spreadsheets: media type -> (EU file type, the
# format's name).
FORMATS = {
    "text/turtle": (EU_FILE_TYPE.RDF_TURTLE, "Turtle"),
    "application/ld+json": (EU_FILE_TYPE.JSON_LD, "JSON-LD"),
    "application/n-triples": (EU_FILE_TYPE.RDF_N_TRIPLES, "N-Triples"),
    "application/n-quads": (EU_FILE_TYPE.RDF_N_QUADS, "N-Quads"),
    "application/trig": (EU_FILE_TYPE.RDF_TRIG, "TriG"),
    "application/rdf+xml": (EU_FILE_TYPE.RDF_XML, "RDF/XML"),
    "text/csv": (EU_FILE_TYPE.CSV, "CSV"),
    XLSX: (EU_FILE_TYPE.XLSX, "XLSX"),
}
# The spreadsheets: the register's table, not its graph (no RDF dump, no shapes to conform to).
TABLES = {"text/csv", XLSX}
# What the register graph conforms to: the gs: ontology and our shapes (both published in out/).
ONTOLOGY, SHAPES = nt.iri(GS_ONTOLOGY), nt.iri(GS_SHAPES)


def contact_point_iri(iris: Iris, register: Register):
    return iris.thing("contactpunt", register.settings.id)


def add_contact_point(register: Register, out: Emitter) -> str:
    """The register's contact point (a vCard), shared by the dataset and, in ADMS, by each standard."""
    s = register.settings
    node = contact_point_iri(out.iris, register)
    where = s.at("contact_name")
    publisher = next(o for o in register.organisations if o.id == s.publisher)
    out.subject(node, s.location)
    out.add_all(node, RDF.type, (VCARD.Kind, VCARD.Organization), where)
    out.add(node, VCARD.fn, literal(s.contact_name or publisher.name["nl"]), where)
    if s.contact_email:
        out.add(node, VCARD.hasEmail, nt.iri(f"mailto:{s.contact_email}"),
                s.at("contact_email"))
    if s.contact_url:
        out.add(node, VCARD.hasURL, nt.iri(s.contact_url), s.at("contact_url"))
    return node


def add(register: Register, out: Emitter) -> None:
    iris = out.iris
    s = register.settings
    dataset = iris.dataset(s.id)
    out.add(dataset, DCTERMS.creator, iris.organisation(s.creator or s.publisher),
            s.at("creator" if s.creator else "publisher"))
    out.add(dataset, DCAT.contactPoint, add_contact_point(register, out), s.location)
    # The register is published openly, as files anyone may download.
    out.add(dataset, DCTERMS.accessRights, EU_ACCESS_RIGHT.PUBLIC, s.location)
    if s.theme:
        out.add(dataset, DCAT.theme, nt.iri(s.theme), s.at("theme"))
    if s.landing_page:
        out.add(dataset, DCAT.landingPage, nt.iri(s.landing_page), s.at("landing_page"))
    for place in s.spatial:
        out.add(dataset, DCTERMS.spatial, nt.iri(place), s.at("spatial"))
    if s.issued:
        out.add(dataset, DCTERMS.issued, literal(s.issued.isoformat(), datatype=nt.XSD + "date"),
                s.at("issued"))
    out.add(dataset, DCTERMS.modified,
            literal(register.last_change().isoformat(), datatype=nt.XSD + "date"), s.at("modified"))
    for category in register.categories:
        out.texts(dataset, DCAT.keyword, category.name, category.at("name"))
    # TOOI: how data.overheid.nl knows a government organisation.
    for org in register.organisations:
        if org.tooi:
            out.add(iris.organisation(org.id), OWL.sameAs, nt.iri(org.tooi), org.at("tooi"))


def catalogue(register: Register, part) -> None:
    """The catalogue, the dataset as the register graph describes it, its distributions and VoID
    (`part`: vngreg/write/catalog.py's Part)."""
    s, g, iris = register.settings, part.graph, part.iris
    catalog, dataset = part.iri, part.dataset
    contact = contact_point_iri(iris, register)
    part.copy(dataset)
    part.copy(contact)
    g.add(catalog, RDF.type, DCAT.Catalog)
    g.texts(catalog, DCTERMS.title, {lang: f"Catalogus: {t}" if lang == "nl" else f"Catalogue: {t}"
                                     for lang, t in s.title.items()})
    g.texts(catalog, DCTERMS.description, {
        "nl": f"De bestanden van het register '{s.title['nl']}' als linked data. "
              f"Uitgever: {_name(register, s.publisher, 'nl')}.",
        "en": f"The files of the register '{s.title.get('en', s.title['nl'])}' as linked data. "
              f"Publisher: {_name(register, s.publisher, 'en')}."})
    g.add(catalog, DCTERMS.publisher, iris.organisation(s.publisher))
    g.add(catalog, DCTERMS.creator, iris.organisation(s.creator or s.publisher))
    g.add(catalog, DCAT.contactPoint, contact)
    g.add(catalog, DCAT.dataset, dataset)
    part.same_as_dataset(catalog, DCTERMS.license, DCTERMS.modified, DCTERMS.language,
                         DCTERMS.spatial, DCTERMS.issued)
    if s.landing_page:
        g.add(catalog, FOAF.homepage, nt.iri(s.landing_page))
    if s.theme:
        g.add(catalog, DCAT.themeTaxonomy, scheme_of(s.theme))
        _theme(g, register)
    for standard in (SHAPES, ONTOLOGY):
        g.add(dataset, DCTERMS.conformsTo, standard)
    for name, media_type, info in part.files:
        _distribution(part, name, media_type, info)
    _void(part)


def _distribution(part, name: str, media_type: str, info) -> None:
    """One file as a dcat:Distribution: where to get it, what it is, its size and digest. A
    register file is the whole graph (a VoID data dump, conforming to our shapes); a spreadsheet
    the register's table as the site's index shows it."""
    g, iris, s = part.graph, part.iris, part.register.settings
    slug = name.replace("/", "-").replace(".", "-")
    node, checksum = iris.thing("distributie", slug), iris.thing("controlegetal", slug)
    file_type, label = FORMATS[media_type]
    url = iris.file(name)
    table = media_type in TABLES
    g.add(part.dataset, DCAT.distribution, node)
    g.add(node, RDF.type, DCAT.Distribution)
    if table:
        g.texts(node, DCTERMS.title, {lang: f"{t}: {'tabel' if lang == 'nl' else 'table'} ({label})"
                                      for lang, t in s.title.items()})
        g.texts(node, DCTERMS.description, {
            "nl": f"De tabel van het register, zoals de overzichtspagina hem toont (standaard, "
                  f"categorie, in beheer bij, vaststelling geldt vanaf, mate van verbindendheid), "
                  f"als spreadsheet in {label}: bestand {name}.",
            "en": f"The register's table, as its index page shows it (standard, category, "
                  f"maintainer, decision applies from, binding level), as a spreadsheet in "
                  f"{label}: the file {name}."})
    else:
        g.add(part.dataset, VOID.dataDump, url)
        g.texts(node, DCTERMS.title, {lang: f"{t} ({label})" for lang, t in s.title.items()})
        g.texts(node, DCTERMS.description, {
            "nl": f"Het hele register in {label}, als bestand {name}.",
            "en": f"The whole register in {label}, as the file {name}."})
        g.add(node, DCTERMS.conformsTo, SHAPES)
    g.add(node, DCAT.accessURL, url)
    g.add(node, DCAT.downloadURL, url)
    g.add(node, DCAT.mediaType, IANA_MEDIA_TYPE[media_type])
    g.add(node, DCTERMS.format, file_type)
    part.same_as_dataset(node, DCTERMS.license, DCTERMS.modified, DCTERMS.issued, DCTERMS.language)
    g.add(node, DCAT.byteSize, literal(str(info.size), datatype=nt.XSD + "nonNegativeInteger"))
    g.add(node, SPDX.checksum, checksum)
    g.add(checksum, RDF.type, SPDX.Checksum)
    g.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
    g.add(checksum, SPDX.checksumValue, literal(info.sha256, datatype=nt.XSD + "hexBinary"))


def _void(part) -> None:
    """VoID: the size of the register graph and the vocabularies it uses."""
    g, dataset, s = part.graph, part.dataset, part.register.settings
    g.add(dataset, RDF.type, VOID.Dataset)
    g.add(dataset, VOID.triples, literal(str(len(part.publication.triples)), datatype=nt.XSD + "integer"))
    g.add(dataset, VOID.uriSpace, literal(f"{part.iris.base}id/"))
    used = part.publication.iris[1]
    for namespace in sorted(set(PREFIXES.values())):
        if any(term.startswith(f"<{namespace}") for term in used):
            g.add(dataset, VOID.vocabulary, nt.iri(namespace))
    if s.sparql_endpoint:
        g.add(dataset, VOID.sparqlEndpoint, nt.iri(s.sparql_endpoint))
    _linkset(part)


def _linkset(part) -> None:
    """The register's links to other registers as SKOS mappings (vngreg/write/linkset.py), where it
    has any: a void:Linkset derived from the dataset (its triples are entailed by the dataset's, not
    in its dumps), with its size, link predicates and files."""
    g, s = part.graph, part.register.settings
    if not part.links.triples:
        return
    node = part.iris.thing("koppelingen", s.id)
    g.add(node, RDF.type, VOID.Linkset)
    g.texts(node, DCTERMS.title, {lang: f"{t}: {'koppelingen met andere registers' if lang == 'nl' else 'links to other registers'}"
                                  for lang, t in s.title.items()})
    g.texts(node, DCTERMS.description, {
        "nl": "De koppelingen van het register met andere registers als skos:exactMatch en "
              "skos:closeMatch: wat gs:gelijkAan en gs:vergelijkbaarMet in het register betekenen, "
              "voor wie niet afleidt.",
        "en": "The register's links to other registers as skos:exactMatch and skos:closeMatch: what "
              "gs:gelijkAan and gs:vergelijkbaarMet in the register mean, for those who do not infer."})
    g.add(node, PROV.wasDerivedFrom, part.dataset)
    g.add(node, VOID.subjectsTarget, part.dataset)
    for predicate in sorted({p for _s, p, _o in part.links.triples}):
        g.add(node, VOID.linkPredicate, predicate)
    g.add(node, VOID.triples, literal(str(len(part.links.triples)), datatype=nt.XSD + "integer"))
    for name in part.linkset_files:
        g.add(node, VOID.dataDump, part.iris.file(name))


def _theme(g, register: Register) -> None:
    """The catalogue's theme, a skos:Concept, so NL-SBB checks it as it checks ours: name and
    definition."""
    s = register.settings
    theme, scheme = nt.iri(s.theme), scheme_of(s.theme)
    g.add(theme, RDF.type, SKOS.Concept)
    g.texts(theme, SKOS.prefLabel, s.theme_name)
    g.texts(theme, SKOS.definition, s.theme_definition)
    g.add(theme, SKOS.inScheme, scheme)
    g.add(theme, SKOS.topConceptOf, scheme)
    g.add(scheme, RDF.type, SKOS.ConceptScheme)
    g.add(scheme, SKOS.hasTopConcept, theme)
    g.add(scheme, DCTERMS.title, literal("Data theme", "en"))


def scheme_of(concept: str) -> str:
    """An EU authority table's IRI from one of its values' (…/data-theme/GOVE -> …/data-theme)."""
    return nt.iri(concept.rsplit("/", 1)[0])


def _name(register: Register, org_id: str, lang: str) -> str:
    org = next(o for o in register.organisations if o.id == org_id)
    return org.name.get(lang, org.name["nl"])
