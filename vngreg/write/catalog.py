"""Step 4b, the catalogue: a DCAT-AP 3 description of the files just written, for harvesters.

out/catalog.ttl and out/catalog.jsonld hold a dcat:Catalog with the register as a dcat:Dataset, one
dcat:Distribution per register file (media type, download URL, size, SHA-256 checksum), the VoID
description of the register graph and, with the ADMS profile, the asset repository listing every
standard. Sizes and checksums exist only after writing, which is why this is not a profile. The
catalogue is self-contained: it repeats what the register graph says about the dataset, the assets
and their agents, and states the classes of the EU vocabulary values DCAT-AP's shapes check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from vngreg import nt
from vngreg.write import formats as write
from vngreg.mapping.iris import Iris
from vngreg.namespaces import PREFIXES
from vngreg.nt import Builder, literal
from vngreg.write.outdir import FileInfo
from vngreg.mapping.profiles import adms, dcat_ap
from vngreg.source.records import Register
from vngreg.vocab import (ADMS, DCAT, DCTERMS, EU_FILE_TYPE, FOAF, IANA_MEDIA_TYPE, RDF, SKOS, SPDX,
                          VOID)
from vngreg.write.formats import Publication

XSD = nt.XSD
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
ONTOLOGY = "<https://data.vng.nl/gemeentelijke-standaarden/def/gs>"
SHAPES = "<https://data.vng.nl/gemeentelijke-standaarden/def/shapes>"
AGENT_LINKS = (DCTERMS.publisher, DCTERMS.creator)


def catalog_files(register: Register, publication: Publication, files: dict[str, FileInfo],
                  profiles: list[str], drafted: "Draft | None" = None,
                  ) -> dict[str, Callable[[], bytes | Iterator[bytes]]]:
    """out/catalog.ttl and .jsonld describing `files` (name -> size and checksum, as written),
    each as what makes its bytes or streams them (the build may make them on two processes);
    none without the DCAT-AP profile. `drafted` is draft()'s result, if the build made it."""
    if "dcat-ap" not in profiles:
        return {}
    triples = (drafted or draft(register, publication, profiles)).complete(files)
    iris = Iris.for_base(register.settings.base_iri)
    pub = Publication(triples, str(catalog_iri(iris, register)), publication.context)
    return {"catalog.ttl": partial(write.turtle_chunks, pub),
            "catalog.jsonld": partial(write.json_ld_chunks, pub)}


def catalog_iri(iris: Iris, register: Register):
    return iris.thing("catalogus", register.settings.id)


def repository_iri(iris: Iris, register: Register):
    return iris.thing("catalogus", f"{register.settings.id}-standaarden")


def draft(register: Register, publication: Publication, profiles: list[str]) -> "Draft | None":
    """All the catalogue says but its distributions (which need the files written); None without
    the DCAT-AP profile. A large build makes it while the register files are being written."""
    return Draft(register, publication, "adms" in profiles) if "dcat-ap" in profiles else None


# The classes DCAT-AP's range shapes expect of linked values, stated (validators do not infer).
RANGES = {DCTERMS.license: DCTERMS.LicenseDocument, DCTERMS.language: DCTERMS.LinguisticSystem,
          DCTERMS.accessRights: DCTERMS.RightsStatement, DCTERMS.spatial: DCTERMS.Location,
          DCTERMS.format: DCTERMS.MediaTypeOrExtent, DCAT.mediaType: DCTERMS.MediaType,
          DCTERMS.conformsTo: DCTERMS.Standard, DCAT.landingPage: FOAF.Document,
          FOAF.homepage: FOAF.Document}


class Draft:
    """The catalogue but for its distributions: its triples so far, and the values it links that
    need a class stated."""

    def __init__(self, register: Register, publication: Publication, with_assets: bool):
        self.register = register
        s = register.settings
        iris = self.iris = Iris.for_base(s.base_iri).as_terms()
        source = publication.index
        g = self.builder = Builder()
        dataset = self.dataset = iris.dataset(s.id)
        catalog = catalog_iri(iris, register)
        contact = dcat_ap.contact_point_iri(iris, register)
        publisher = iris.organisation(s.publisher)
        self.modified = literal(dcat_ap.modified(register).isoformat(), datatype=XSD + "date")
        languages = self.languages = sorted(o for p, o in source.get(dataset, ())
                                            if p == DCTERMS.language)
        self.licence = nt.iri(s.licence)
        self.issued = literal(s.issued.isoformat(), datatype=XSD + "date") if s.issued else None

        # The register dataset and its contact point, as the register graph describes them.
        _copy(source, g, dataset)
        _copy(source, g, contact)

        g.add(catalog, RDF.type, DCAT.Catalog)
        g.texts(catalog, DCTERMS.title, {lang: f"Catalogus: {t}" if lang == "nl" else f"Catalogue: {t}"
                                         for lang, t in s.title.items()})
        g.texts(catalog, DCTERMS.description, {
            "nl": f"De bestanden van het register '{s.title['nl']}' als linked data. "
                  f"Uitgever: {_name(register, s.publisher, 'nl')}.",
            "en": f"The files of the register '{s.title.get('en', s.title['nl'])}' as linked data. "
                  f"Publisher: {_name(register, s.publisher, 'en')}."})
        g.add(catalog, DCTERMS.publisher, publisher)
        g.add(catalog, DCTERMS.creator, iris.organisation(s.creator or s.publisher))
        g.add(catalog, DCAT.contactPoint, contact)
        g.add(catalog, DCAT.dataset, dataset)
        g.add(catalog, DCTERMS.license, self.licence)
        g.add(catalog, DCTERMS.modified, self.modified)
        for language in languages:
            g.add(catalog, DCTERMS.language, language)
        for place in s.spatial:
            g.add(catalog, DCTERMS.spatial, nt.iri(place))
        g.add(catalog, DCTERMS.issued, self.issued)
        if s.landing_page:
            g.add(catalog, FOAF.homepage, nt.iri(s.landing_page))
        if s.theme:
            g.add(catalog, DCAT.themeTaxonomy, _scheme_of(s.theme))

        _void(g, s, iris, dataset, publication)
        for standard in (SHAPES, ONTOLOGY):
            g.add(dataset, DCTERMS.conformsTo, standard)
        if with_assets:
            _repository(g, register, iris, source, catalog, contact, languages)
        _agents(g, source)
        self.linked = g.objects(*RANGES)

    def complete(self, files: dict[str, FileInfo]) -> list[nt.Triple]:
        """The whole catalogue, with a distribution for each of `files` that is a register file
        (this completes the draft: once)."""
        files_part = Builder()
        _distributions(files_part, self.register, self.iris, self.dataset, files, self.modified,
                       self.issued, self.languages, self.licence)
        for name in write.REGISTER_FILES:
            if name in files:
                files_part.add(self.dataset, VOID.dataDump, self.iris.file(name))
        linked = files_part.objects(*RANGES)  # what the draft links was found when it was made
        g = self.builder
        g.merge(files_part)
        for prop, cls in RANGES.items():
            for value in self.linked[prop] | linked[prop]:
                g.add(value, RDF.type, cls)
        _theme(g, self.register)
        return g.triples()


def _distributions(g: Builder, register: Register, iris: Iris, dataset: str,
                   files: dict[str, FileInfo], modified: str, issued: str | None,
                   languages: list[str], licence: str) -> None:
    s = register.settings
    for name, (_writer, media_type) in write.REGISTER_FILES.items():
        if name not in files:
            continue
        info = files[name]
        slug = name.replace("/", "-").replace(".", "-")
        node, checksum = iris.thing("distributie", slug), iris.thing("controlegetal", slug)
        file_type, label = FORMATS[media_type]
        url = iris.file(name)
        g.add(dataset, DCAT.distribution, node)
        g.add(node, RDF.type, DCAT.Distribution)
        g.texts(node, DCTERMS.title, {lang: f"{t} ({label})" for lang, t in s.title.items()})
        g.texts(node, DCTERMS.description, {
            "nl": f"Het hele register in {label}, als bestand {name}.",
            "en": f"The whole register in {label}, as the file {name}."})
        g.add(node, DCAT.accessURL, url)
        g.add(node, DCAT.downloadURL, url)
        g.add(node, DCAT.mediaType, IANA_MEDIA_TYPE[media_type])
        g.add(node, DCTERMS.format, file_type)
        g.add(node, DCTERMS.license, licence)
        g.add(node, DCTERMS.modified, modified)
        g.add(node, DCTERMS.issued, issued)
        for language in languages:
            g.add(node, DCTERMS.language, language)
        g.add(node, DCTERMS.conformsTo, SHAPES)
        g.add(node, DCAT.byteSize, literal(str(info.size), datatype=XSD + "nonNegativeInteger"))
        g.add(node, SPDX.checksum, checksum)
        g.add(checksum, RDF.type, SPDX.Checksum)
        g.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        g.add(checksum, SPDX.checksumValue,
              literal(info.sha256, datatype=XSD + "hexBinary"))


def _void(g: Builder, s, iris: Iris, dataset: str, publication: Publication) -> None:
    """VoID: the size of the register graph and the vocabularies it uses (where to get it, its
    void:dataDump, goes with the distributions)."""
    g.add(dataset, RDF.type, VOID.Dataset)
    g.add(dataset, VOID.triples, literal(str(len(publication.triples)), datatype=XSD + "integer"))
    g.add(dataset, VOID.uriSpace, literal(f"{iris.base}id/"))
    used = publication.iris[1]
    for namespace in sorted({str(ns) for ns in PREFIXES.values()}):
        if any(term.startswith(f"<{namespace}") for term in used):
            g.add(dataset, VOID.vocabulary, nt.iri(namespace))
    if s.sparql_endpoint:
        g.add(dataset, VOID.sparqlEndpoint, nt.iri(s.sparql_endpoint))


def _repository(g: Builder, register: Register, iris: Iris, source: dict, catalog: str,
                contact: str, languages: list[str]) -> None:
    """The ADMS asset repository: every standard the ADMS profile described as an asset."""
    s = register.settings
    repo = repository_iri(iris, register)
    g.add(repo, RDF.type, ADMS.AssetRepository)
    g.texts(repo, DCTERMS.title, {lang: f"{t}: interoperabiliteitsstandaarden" if lang == "nl"
                                  else f"{t}: interoperability assets"
                                  for lang, t in s.title.items()})
    g.texts(repo, DCTERMS.description, s.description)
    g.add(repo, DCTERMS.publisher, iris.organisation(s.publisher))
    g.add(repo, DCAT.contactPoint, contact)
    g.add(repo, DCTERMS.isPartOf, catalog)
    for language in languages:
        g.add(repo, DCTERMS.language, language)
    if s.theme:
        g.add(repo, DCAT.themeTaxonomy, _scheme_of(s.theme))
    describe = adms.asset_describer(register)
    for std in register.standards:
        asset = iris.standard(std.id)
        if (RDF.type, ADMS.Asset) not in source.get(asset, ()):
            continue
        g.add(repo, DCAT.dataset, asset)
        _copy(source, g, asset)
        if not std.description:
            g.texts(asset, DCTERMS.description, describe(std))


def _agents(g: Builder, source: dict) -> None:
    """Every publisher and creator named in the catalogue, as DCAT-AP's foaf:Agent, with its name."""
    for agent in sorted(set().union(*g.objects(*AGENT_LINKS).values())):
        _copy(source, g, agent)
        g.add(agent, RDF.type, FOAF.Agent)


def _theme(g: Builder, register: Register) -> None:
    """The catalogue's theme, a skos:Concept, so NL-SBB checks it as it checks ours: name and
    definition."""
    s = register.settings
    if s.theme:
        theme, scheme = nt.iri(s.theme), _scheme_of(s.theme)
        g.add(theme, RDF.type, SKOS.Concept)
        g.texts(theme, SKOS.prefLabel, s.theme_name)
        g.texts(theme, SKOS.definition, s.theme_definition)
        g.add(theme, SKOS.inScheme, scheme)
        g.add(theme, SKOS.topConceptOf, scheme)
        g.add(scheme, RDF.type, SKOS.ConceptScheme)
        g.add(scheme, SKOS.hasTopConcept, theme)
        g.add(scheme, DCTERMS.title, literal("Data theme", "en"))


def _scheme_of(concept: str) -> str:
    """An EU authority table's IRI from one of its values' (…/data-theme/GOVE -> …/data-theme)."""
    return nt.iri(concept.rsplit("/", 1)[0])


def _copy(source: dict, target: Builder, subject: str) -> None:
    target.describe(subject, source.get(subject, ()))


def _name(register: Register, org_id: str, lang: str) -> str:
    org = next(o for o in register.organisations if o.id == org_id)
    return org.name.get(lang, org.name["nl"])
