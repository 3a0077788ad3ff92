"""Step 5, the catalogue: out/catalog.ttl and .jsonld, what harvesters read to learn what the
dataset and its files are (DCAT-AP 3, DCAT-AP-NL 3, VoID, an ADMS asset repository).

Each profile says what it adds to the catalogue in its own `catalogue(register, part)` hook, as
ckanext-dcat's profiles do in graph_from_catalog/graph_from_dataset; this module runs the hooks
and then makes the catalogue self-contained: every agent it names is described, and the classes
DCAT-AP's range shapes check on linked values are stated (validators do not infer). It describes,
not repeats: the standards are described in the register files, which are its distributions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vngreg import nt
from vngreg.mapping.iris import Iris
from vngreg.mapping.profiles import select as select_profiles
from vngreg.nt import Builder
from vngreg.source.records import Register
from vngreg.vocab import DCAT, DCTERMS, FOAF, RDF
from vngreg.write import formats as write
from vngreg.write import linkset
from vngreg.write.downloads import SPREADSHEETS
from vngreg.write.formats import Publication
from vngreg.write.outdir import FileInfo

AGENT_LINKS = (DCTERMS.publisher, DCTERMS.creator)
# The classes DCAT-AP's range shapes expect of linked values.
RANGES = {DCTERMS.license: DCTERMS.LicenseDocument, DCTERMS.language: DCTERMS.LinguisticSystem,
          DCTERMS.accessRights: DCTERMS.RightsStatement, DCTERMS.spatial: DCTERMS.Location,
          DCTERMS.format: DCTERMS.MediaTypeOrExtent, DCAT.mediaType: DCTERMS.MediaType,
          DCTERMS.conformsTo: DCTERMS.Standard, DCAT.landingPage: FOAF.Document,
          FOAF.homepage: FOAF.Document}


@dataclass
class Part:
    """What a profile's catalogue hook writes into, and what it may describe: the register graph
    as published and the files as written, (name, media type, size and SHA-256): the register
    files, then the spreadsheets."""

    register: Register
    publication: Publication
    links: Publication  # the linkset (vngreg/write/linkset.py)
    files: list[tuple[str, str, FileInfo]]
    graph: Builder = field(default_factory=Builder)

    def __post_init__(self):
        self.linkset_files = [name for name in linkset.FILES if self.links.triples]
        s = self.register.settings
        self.iris = Iris.for_base(s.base_iri).as_terms()
        self.iri = self.iris.thing("catalogus", s.id)  # the catalogue's IRI
        self.dataset = self.iris.dataset(s.id)

    def copy(self, subject: str) -> None:
        """The subject as the register graph describes it."""
        self.graph.describe(subject, self.publication.index.get(subject, ()))

    def same_as_dataset(self, node: str, *predicates: str) -> None:
        """Give `node` the dataset's values of `predicates`, as the register graph has them."""
        for p, o in self.publication.index.get(self.dataset, ()):
            if p in predicates:
                self.graph.add(node, p, o)


def catalogue(register: Register, publication: Publication, links: Publication,
              files: dict[str, FileInfo], profiles: list[str] | None) -> Publication | None:
    """The catalogue of the register files and spreadsheets written (`files`) and of the linkset
    (`links`); None when no profile describes a dcat:Catalog (the DCAT-AP profile does)."""
    part = Part(register, publication, links, [(name, media_type, files[name]) for name, (_writer, media_type)
                                               in (write.REGISTER_FILES | SPREADSHEETS).items() if name in files])
    for profile in select_profiles(profiles):
        if hasattr(profile, "catalogue"):
            profile.catalogue(register, part)
    g = part.graph
    if DCAT.Catalog not in g.objects(RDF.type)[RDF.type]:
        return None
    for agent in sorted(set().union(*g.objects(*AGENT_LINKS).values())):
        part.copy(agent)
        g.add(agent, RDF.type, FOAF.Agent)
    for prop, values in g.objects(*RANGES).items():
        for value in values:
            g.add(value, RDF.type, RANGES[prop])
    return Publication(g.triples(), nt.value(part.iri), publication.context)


def catalogue_files(catalogue: Publication | None) -> dict[str, bytes]:
    """out/catalog.ttl and catalog.jsonld, or none."""
    if catalogue is None:
        return {}
    return {"catalog.ttl": write.turtle(catalogue), "catalog.jsonld": write.json_ld(catalogue)}
