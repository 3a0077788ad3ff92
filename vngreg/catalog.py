"""Step 4b, the catalogue: a DCAT-AP 3 description of the files just written, for harvesters.

out/catalog.ttl and out/catalog.jsonld hold a dcat:Catalog with the register as a dcat:Dataset, one
dcat:Distribution per register file (media type, download URL, size, SHA-256 checksum), the VoID
description of the register graph and, with the ADMS profile, the asset repository listing every
standard. Sizes and checksums exist only after writing, which is why this is not a profile. The
catalogue is self-contained: it repeats what the register graph says about the dataset, the assets
and their agents, and states the classes of the EU vocabulary values DCAT-AP's shapes check.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from vngreg import write
from vngreg.iris import Iris
from vngreg.namespaces import (ADMS, DCAT, DCTERMS, EU_FILE_TYPE, FOAF, IANA_MEDIA_TYPE, PREFIXES,
                               RDF, SKOS, SPDX, VOID, XSD)
from vngreg.profiles import adms, dcat_ap
from vngreg.records import LangText, Register
from vngreg.write import Publication

CATALOG_FILES = ("catalog.ttl", "catalog.jsonld")
# The register's serialisations: media type -> (EU file type, the format's name).
FORMATS = {
    "text/turtle": (EU_FILE_TYPE.RDF_TURTLE, "Turtle"),
    "application/ld+json": (EU_FILE_TYPE.JSON_LD, "JSON-LD"),
    "application/n-triples": (EU_FILE_TYPE.RDF_N_TRIPLES, "N-Triples"),
    "application/n-quads": (EU_FILE_TYPE.RDF_N_QUADS, "N-Quads"),
    "application/trig": (EU_FILE_TYPE.RDF_TRIG, "TriG"),
    "application/rdf+xml": (EU_FILE_TYPE.RDF_XML, "RDF/XML"),
}
# What the register graph conforms to: the gs: ontology and our shapes (both published in out/).
ONTOLOGY = URIRef("https://data.vng.nl/gemeentelijke-standaarden/def/gs")
SHAPES = URIRef("https://data.vng.nl/gemeentelijke-standaarden/def/shapes")
AGENT_LINKS = (DCTERMS.publisher, DCTERMS.creator)


def catalog_files(register: Register, publication: Publication, files: dict[str, bytes],
                  profiles: list[str]) -> dict[str, bytes]:
    """out/catalog.ttl and .jsonld describing `files` (name -> bytes as written); none without
    the DCAT-AP profile."""
    if "dcat-ap" not in profiles:
        return {}
    graph = catalog_graph(register, publication, files, "adms" in profiles)
    iris = Iris.for_base(register.settings.base_iri)
    pub = Publication.of_graph(graph, catalog_iri(iris, register), publication.context)
    return {"catalog.ttl": write.turtle(pub), "catalog.jsonld": write.json_ld(pub)}


def catalog_iri(iris: Iris, register: Register) -> URIRef:
    return iris.thing("catalogus", register.settings.id)


def repository_iri(iris: Iris, register: Register) -> URIRef:
    return iris.thing("catalogus", f"{register.settings.id}-standaarden")


def catalog_graph(register: Register, publication: Publication, files: dict[str, bytes],
                  with_assets: bool) -> Graph:
    s = register.settings
    iris = Iris.for_base(s.base_iri)
    source = publication.graph
    g = Graph(bind_namespaces="none")
    dataset = iris.dataset(s.id)
    catalog = catalog_iri(iris, register)
    publisher = iris.organisation(s.publisher)
    modified = Literal(dcat_ap.modified(register).isoformat(), datatype=XSD.date)
    languages = sorted(source.objects(dataset, DCTERMS.language))
    licence = URIRef(s.licence)

    # The register dataset and its contact point, as the register graph describes them.
    _copy(source, g, dataset)
    _copy(source, g, dcat_ap.contact_point_iri(iris, register))

    g.add((catalog, RDF.type, DCAT.Catalog))
    _texts(g, catalog, DCTERMS.title, {lang: f"Catalogus: {t}" if lang == "nl" else f"Catalogue: {t}"
                                       for lang, t in s.title.items()})
    _texts(g, catalog, DCTERMS.description, {
        "nl": f"De bestanden van het register '{s.title['nl']}' als linked data. "
              f"Uitgever: {_name(register, s.publisher, 'nl')}.",
        "en": f"The files of the register '{s.title.get('en', s.title['nl'])}' as linked data. "
              f"Publisher: {_name(register, s.publisher, 'en')}."})
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.creator, iris.organisation(s.creator or s.publisher)))
    g.add((catalog, DCAT.contactPoint, dcat_ap.contact_point_iri(iris, register)))
    g.add((catalog, DCAT.dataset, dataset))
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, DCTERMS.modified, modified))
    for language in languages:
        g.add((catalog, DCTERMS.language, language))
    for place in s.spatial:
        g.add((catalog, DCTERMS.spatial, URIRef(place)))
    if s.issued:
        g.add((catalog, DCTERMS.issued, Literal(s.issued.isoformat(), datatype=XSD.date)))
    if s.landing_page:
        g.add((catalog, FOAF.homepage, URIRef(s.landing_page)))
    if s.theme:
        g.add((catalog, DCAT.themeTaxonomy, _scheme_of(URIRef(s.theme))))

    _distributions(g, register, iris, dataset, files, modified, languages, licence)
    _void(g, s, iris, dataset, source, files)
    for standard in (SHAPES, ONTOLOGY):
        g.add((dataset, DCTERMS.conformsTo, standard))
    if with_assets:
        _repository(g, register, iris, source, catalog, languages)
    _agents(g, source)
    _classes(g, register)
    return g


def _distributions(g: Graph, register: Register, iris: Iris, dataset: URIRef,
                   files: dict[str, bytes], modified: Literal, languages: list[Node],
                   licence: URIRef) -> None:
    s = register.settings
    for name, (_writer, media_type) in write.REGISTER_FILES.items():
        if name not in files:
            continue
        data = files[name]
        slug = name.replace("/", "-").replace(".", "-")
        node, checksum = iris.thing("distributie", slug), iris.thing("controlegetal", slug)
        file_type, label = FORMATS[media_type]
        url = iris.file(name)
        g.add((dataset, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        _texts(g, node, DCTERMS.title, {lang: f"{t} ({label})" for lang, t in s.title.items()})
        _texts(g, node, DCTERMS.description, {
            "nl": f"Het hele register in {label}, als bestand {name}.",
            "en": f"The whole register in {label}, as the file {name}."})
        g.add((node, DCAT.accessURL, url))
        g.add((node, DCAT.downloadURL, url))
        g.add((node, DCAT.mediaType, IANA_MEDIA_TYPE[media_type]))
        g.add((node, DCTERMS.format, file_type))
        g.add((node, DCTERMS.license, licence))
        g.add((node, DCTERMS.modified, modified))
        if s.issued:
            g.add((node, DCTERMS.issued, Literal(s.issued.isoformat(), datatype=XSD.date)))
        for language in languages:
            g.add((node, DCTERMS.language, language))
        g.add((node, DCTERMS.conformsTo, SHAPES))
        g.add((node, DCAT.byteSize, Literal(str(len(data)), datatype=XSD.nonNegativeInteger)))
        g.add((node, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue,
               Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary)))


def _void(g: Graph, s, iris: Iris, dataset: URIRef, source: Graph,
          files: dict[str, bytes]) -> None:
    """VoID: the size of the register graph, the vocabularies it uses and where to get it."""
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, VOID.triples, Literal(str(len(source)), datatype=XSD.integer)))
    g.add((dataset, VOID.uriSpace, Literal(f"{iris.base}id/")))
    used = {str(p) for p in source.predicates()} | {str(o) for o in source.objects(None, RDF.type)}
    for namespace in sorted({str(ns) for ns in PREFIXES.values()}):
        if any(term.startswith(namespace) for term in used):
            g.add((dataset, VOID.vocabulary, URIRef(namespace)))
    for name in write.REGISTER_FILES:
        if name in files:
            g.add((dataset, VOID.dataDump, iris.file(name)))
    if s.sparql_endpoint:
        g.add((dataset, VOID.sparqlEndpoint, URIRef(s.sparql_endpoint)))


def _repository(g: Graph, register: Register, iris: Iris, source: Graph, catalog: URIRef,
                languages: list[Node]) -> None:
    """The ADMS asset repository: every standard the ADMS profile described as an asset."""
    s = register.settings
    repo = repository_iri(iris, register)
    g.add((repo, RDF.type, ADMS.AssetRepository))
    _texts(g, repo, DCTERMS.title, {lang: f"{t}: interoperabiliteitsstandaarden" if lang == "nl"
                                    else f"{t}: interoperability assets"
                                    for lang, t in s.title.items()})
    _texts(g, repo, DCTERMS.description, s.description)
    g.add((repo, DCTERMS.publisher, iris.organisation(s.publisher)))
    g.add((repo, DCAT.contactPoint, dcat_ap.contact_point_iri(iris, register)))
    g.add((repo, DCTERMS.isPartOf, catalog))
    for language in languages:
        g.add((repo, DCTERMS.language, language))
    if s.theme:
        g.add((repo, DCAT.themeTaxonomy, _scheme_of(URIRef(s.theme))))
    assets = set(source.subjects(RDF.type, ADMS.Asset))
    for std in register.standards:
        asset = iris.standard(std.id)
        if asset not in assets:
            continue
        g.add((repo, DCAT.dataset, asset))
        _copy(source, g, asset)
        if not std.description:
            _texts(g, asset, DCTERMS.description, adms.asset_description(register, std))


def _agents(g: Graph, source: Graph) -> None:
    """Every publisher and creator named in the catalogue, as DCAT-AP's foaf:Agent, with its name."""
    for agent in sorted({o for p in AGENT_LINKS for o in g.objects(None, p)}):
        _copy(source, g, agent)
        g.add((agent, RDF.type, FOAF.Agent))


def _classes(g: Graph, register: Register) -> None:
    """The classes DCAT-AP's range shapes expect of linked values, stated (validators do not infer)."""
    s = register.settings
    ranges = {DCTERMS.license: DCTERMS.LicenseDocument, DCTERMS.language: DCTERMS.LinguisticSystem,
              DCTERMS.accessRights: DCTERMS.RightsStatement, DCTERMS.spatial: DCTERMS.Location,
              DCTERMS.format: DCTERMS.MediaTypeOrExtent, DCAT.mediaType: DCTERMS.MediaType,
              DCTERMS.conformsTo: DCTERMS.Standard, DCAT.landingPage: FOAF.Document,
              FOAF.homepage: FOAF.Document}
    for prop, cls in ranges.items():
        for value in sorted(set(g.objects(None, prop))):
            g.add((value, RDF.type, cls))
    if s.theme:  # a skos:Concept, so NL-SBB checks it as it checks ours: name and definition
        theme, scheme = URIRef(s.theme), _scheme_of(URIRef(s.theme))
        g.add((theme, RDF.type, SKOS.Concept))
        _texts(g, theme, SKOS.prefLabel, s.theme_name)
        _texts(g, theme, SKOS.definition, s.theme_definition)
        g.add((theme, SKOS.inScheme, scheme))
        g.add((theme, SKOS.topConceptOf, scheme))
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.hasTopConcept, theme))
        g.add((scheme, DCTERMS.title, Literal("Data theme", lang="en")))


def _scheme_of(concept: URIRef) -> URIRef:
    """An EU authority table's IRI from one of its values' (…/data-theme/GOVE -> …/data-theme)."""
    return URIRef(str(concept).rsplit("/", 1)[0])


def _copy(source: Graph, target: Graph, subject: Node) -> None:
    for p, o in source.predicate_objects(subject):
        target.add((subject, p, o))


def _texts(g: Graph, s: Node, p: URIRef, text: LangText | None) -> None:
    for lang, value in (text or {}).items():
        g.add((s, p, Literal(value, lang=lang)))


def _name(register: Register, org_id: str, lang: str) -> str:
    org = next(o for o in register.organisations if o.id == org_id)
    return org.name.get(lang, org.name["nl"])
