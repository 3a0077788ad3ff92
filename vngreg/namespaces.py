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
    # issue 15: decisions over time, lifecycle, versions
    Standaardversie: URIRef
    Levensloopstatus: URIRef
    Besluit: URIRef
    geldtTot: URIRef
    geldendeVaststelling: URIRef
    besluit: URIRef
    status: URIRef
    gelijkAan: URIRef
    vergelijkbaarMet: URIRef


ADMS = Namespace("http://www.w3.org/ns/adms#")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
# The EU Publications Office's authority tables that DCAT-AP asks values from.
EU_ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_DATA_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
IANA_MEDIA_TYPE = Namespace("https://www.iana.org/assignments/media-types/")
# SEMIC's ADMS controlled vocabularies (SEMICeu/ADMS-AP, ADMS_SKOS_v1.00.rdf).
ADMS_STATUS = Namespace("http://purl.org/adms/status/")
# SEMIC's SHACL extension: DCAT-AP-NL's shapes give their messages as eush:message, not sh:message.
EUSH = Namespace("https://purl.eu/ns/shacl#")

# The Talis changeset vocabulary (https://vocab.org/changeset/), for `vngreg diff --format ttl`.
# Only the change sets use it, so it is not one of the published output's prefixes.
CS = Namespace("http://purl.org/vocab/changeset/schema#")

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
    "spdx": SPDX,
    "vcard": VCARD,
    "void": VOID,
    "xsd": XSD,
}

__all__ = [
    "ADMS", "CS", "ADMS_STATUS", "DCAT", "DCTERMS", "EU_ACCESS_RIGHT", "EU_DATA_THEME", "EU_FILE_TYPE",
    "EU_LANGUAGE", "EUSH", "FOAF", "GS", "IANA_MEDIA_TYPE", "ORG", "OWL", "PREFIXES", "PROV", "RDF", "RDFS",
    "SDO", "SH", "SKOS", "SPDX", "VCARD", "VOID", "XSD",
]
