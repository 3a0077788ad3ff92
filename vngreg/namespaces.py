"""Every vocabulary IRI vngreg uses, in one place, and the fixed prefix set of its output."""

from rdflib import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD, Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef


class GS(DefinedNamespace):
    """The vngreg ontology (ontology/gs.ttl): the terms no existing vocabulary covers."""

    _NS = Namespace("https://data.vng.nl/gemeentelijke-standaarden/def/gs#")
    _fail = True

    GemeentelijkeStandaard: URIRef
    Vaststelling: URIRef
    Verbindendheidsniveau: URIRef
    Categorie: URIRef
    vaststelling: URIRef
    geldtVanaf: URIRef
    verbindendheid: URIRef
    vastgesteldDoor: URIRef
    opAdviesVan: URIRef
    inBeheerBij: URIRef
    inBeheerBijTekst: URIRef
    categorie: URIRef
    soortBesluit: URIRef
    onderRegieVan: URIRef
    toelichting: URIRef


ADMS = Namespace("http://www.w3.org/ns/adms#")
VOID = Namespace("http://rdfs.org/ns/void#")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")

# The only prefixes our files declare; rdflib's ~25 defaults are never bound (bind_namespaces="none").
PREFIXES = {
    "adms": ADMS,
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "gs": GS._NS,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SDO,
    "sh": SH,
    "skos": SKOS,
    "void": VOID,
    "xsd": XSD,
}

__all__ = [
    "ADMS", "DCAT", "DCTERMS", "EU_LANGUAGE", "FOAF", "GS", "ORG", "OWL", "PREFIXES", "PROV",
    "RDF", "RDFS", "SDO", "SH", "SKOS", "VOID", "XSD",
]
