"""The vocabularies of vngreg/namespaces.py as N-Triples terms, for the profiles: `DCTERMS.title` is
the string "<http://purl.org/dc/terms/title>" (see vngreg/nt.py). A name not in a closed
namespace (our own gs:, rdflib's defined ones) is an error, as it is with rdflib."""

from __future__ import annotations

from rdflib.namespace import DefinedNamespaceMeta

from vngreg import namespaces


class Terms:
    def __init__(self, namespace):
        self._base = str(namespace)
        # A closed namespace (DefinedNamespace) knows its names; an open one accepts any.
        self._closed = namespace if isinstance(namespace, DefinedNamespaceMeta) else None

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._closed is not None:
            getattr(self._closed, name)  # raises for a name the namespace does not define
        term = f"<{self._base}{name}>"
        setattr(self, name, term)  # next time a plain attribute
        return term

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


ADMS = Terms(namespaces.ADMS)
ADMS_STATUS = Terms(namespaces.ADMS_STATUS)
DCAT = Terms(namespaces.DCAT)
DCTERMS = Terms(namespaces.DCTERMS)
EU_ACCESS_RIGHT = Terms(namespaces.EU_ACCESS_RIGHT)
EU_FILE_TYPE = Terms(namespaces.EU_FILE_TYPE)
EU_LANGUAGE = Terms(namespaces.EU_LANGUAGE)
FOAF = Terms(namespaces.FOAF)
GS = Terms(namespaces.GS)
IANA_MEDIA_TYPE = Terms(namespaces.IANA_MEDIA_TYPE)
ORG = Terms(namespaces.ORG)
OWL = Terms(namespaces.OWL)
PROV = Terms(namespaces.PROV)
RDF = Terms(namespaces.RDF)
RDFS = Terms(namespaces.RDFS)
SDO = Terms(namespaces.SDO)
SKOS = Terms(namespaces.SKOS)
SPDX = Terms(namespaces.SPDX)
VCARD = Terms(namespaces.VCARD)
VOID = Terms(namespaces.VOID)
XSD = Terms(namespaces.XSD)
