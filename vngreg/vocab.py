"""Every vocabulary vngreg uses, in one place, and the fixed prefix set of its output. No other
module names a vocabulary's IRI.

A vocabulary gives its terms as N-Triples terms (vngreg/nt.py): `DCTERMS.title` is the string
"<http://purl.org/dc/terms/title>", `SH["class"]` one whose name is a Python keyword, and
`DCTERMS.iri` the namespace IRI itself. A closed vocabulary (our own gs:, and those rdflib defines
as closed) lists the terms vngreg uses, and any other name is an error: a typo fails at once. Code
that works with rdflib graphs (tests, `vngreg diff`, validation reports) takes `DCTERMS.rdflib`, an
rdflib namespace of the same terms; rdflib is imported only then, so the build never loads it.
"""

from __future__ import annotations

from functools import cached_property


class Vocabulary:
    def __init__(self, iri: str, names: str | None = None):
        self.iri = iri
        self.names = frozenset(names.split()) if names is not None else None  # None: open

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or (self.names is not None and name not in self.names):
            raise AttributeError(f"{self.iri} has no term {name!r} (a closed vocabulary: vngreg/vocab.py "
                                 "lists its terms)")
        term = f"<{self.iri}{name}>"
        setattr(self, name, term)  # next time a plain attribute
        return term

    __getitem__ = __getattr__

    @cached_property
    def rdflib(self):
        """The vocabulary as an rdflib namespace (closed if this one is), for code that works with
        rdflib graphs."""
        from rdflib.namespace import ClosedNamespace, Namespace
        return Namespace(self.iri) if self.names is None else ClosedNamespace(self.iri, sorted(self.names))


# The vngreg ontology (ontology/gs.ttl): the terms no existing vocabulary covers; and the ontology
# and shapes documents themselves (ontology/gs.ttl, shapes/gs-shapes.ttl).
_DEF = "https://data.vng.nl/gemeentelijke-standaarden/def/"
GS_ONTOLOGY, GS_SHAPES = f"{_DEF}gs", f"{_DEF}shapes"
GS = Vocabulary(f"{GS_ONTOLOGY}#", """
    GemeentelijkeStandaard Vaststelling Verbindendheidsniveau Categorie vaststelling geldtVanaf
    verbindendheid vastgesteldDoor opAdviesVan inBeheerBij inBeheerBijTekst categorie soortBesluit
    onderRegieVan toelichting
    Standaardversie Levensloopstatus Besluit geldtTot geldendeVaststelling besluit status gelijkAan
    vergelijkbaarMet
    Referentiecomponent Applicatiecomponent Applicatieinterface Componentrol Verbindingsrol componentrol
    component verbindingsrol""")

DCTERMS = Vocabulary("http://purl.org/dc/terms/", """
    LicenseDocument LinguisticSystem Location MediaType MediaTypeOrExtent RightsStatement Standard
    accessRights conformsTo creator date description format identifier isPartOf issued language
    license modified publisher source spatial temporal title type hasPart hasVersion isReplacedBy
    isVersionOf relation replaces""")
FOAF = Vocabulary("http://xmlns.com/foaf/0.1/", "Agent Document Organization homepage name page")
ORG = Vocabulary("http://www.w3.org/ns/org#", "Organization subOrganizationOf")
OWL = Vocabulary("http://www.w3.org/2002/07/owl#", """
    Class DatatypeProperty ObjectProperty Ontology equivalentClass equivalentProperty sameAs versionInfo""")
PROV = Vocabulary("http://www.w3.org/ns/prov#", """
    Activity Collection Entity SoftwareAgent generated hadMember used wasAssociatedWith wasDerivedFrom
    wasGeneratedBy""")
RDF = Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#", """
    JSON Statement first langString nil object predicate rest subject type value""")
RDFS = Vocabulary("http://www.w3.org/2000/01/rdf-schema#", """
    Class comment domain isDefinedBy label range subClassOf subPropertyOf""")
SKOS = Vocabulary("http://www.w3.org/2004/02/skos/core#", """
    Concept ConceptScheme altLabel closeMatch definition exactMatch example hasTopConcept inScheme
    notation note prefLabel scopeNote topConceptOf""")

# Open: rdflib does not close these either. SHACL's terms are the ones validate/engine.py lists.
ADMS = Vocabulary("http://www.w3.org/ns/adms#")
DCAT = Vocabulary("http://www.w3.org/ns/dcat#")
SDO = Vocabulary("https://schema.org/")
SH = Vocabulary("http://www.w3.org/ns/shacl#")
SPDX = Vocabulary("http://spdx.org/rdf/terms#")
VCARD = Vocabulary("http://www.w3.org/2006/vcard/ns#")
VOID = Vocabulary("http://rdfs.org/ns/void#")
XSD = Vocabulary("http://www.w3.org/2001/XMLSchema#")
# The EU Publications Office's authority tables that DCAT-AP asks values from.
EU_LANGUAGE = Vocabulary("http://publications.europa.eu/resource/authority/language/")
EU_ACCESS_RIGHT = Vocabulary("http://publications.europa.eu/resource/authority/access-right/")
EU_FILE_TYPE = Vocabulary("http://publications.europa.eu/resource/authority/file-type/")
EU_DATA_THEME = Vocabulary("http://publications.europa.eu/resource/authority/data-theme/")
IANA_MEDIA_TYPE = Vocabulary("https://www.iana.org/assignments/media-types/")
# SEMIC's ADMS controlled vocabularies (SEMICeu/ADMS-AP, ADMS_SKOS_v1.00.rdf).
ADMS_STATUS = Vocabulary("http://purl.org/adms/status/")
# SEMIC's SHACL extension: DCAT-AP-NL's shapes give their messages as eush:message, not sh:message.
EUSH = Vocabulary("https://purl.eu/ns/shacl#")
# The Talis changeset vocabulary (https://vocab.org/changeset/), for `vngreg diff --format ttl`.
# Only the change sets use it, so it is not one of the published output's prefixes.
CS = Vocabulary("http://purl.org/vocab/changeset/schema#")
# The XML namespace of Archi's model files (vngreg/gemma/coarchi.py).
ARCHIMATE = Vocabulary("http://www.archimatetool.com/archimate")

# The only prefixes our files declare (prefix -> namespace IRI).
PREFIXES = {prefix: vocabulary.iri for prefix, vocabulary in {
    "adms": ADMS, "dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "gs": GS, "org": ORG, "owl": OWL,
    "prov": PROV, "rdf": RDF, "rdfs": RDFS, "schema": SDO, "sh": SH, "skos": SKOS, "spdx": SPDX,
    "vcard": VCARD, "void": VOID, "xsd": XSD}.items()}


class _InRdflib:
    """`in_rdflib.DCTERMS` is `DCTERMS.rdflib`: for code that works with rdflib graphs."""

    def __getattr__(self, name: str):
        vocabulary = globals().get(name)
        if not isinstance(vocabulary, Vocabulary):
            raise AttributeError(name)
        return vocabulary.rdflib


in_rdflib = _InRdflib()
