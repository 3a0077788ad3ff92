"""A harvester's walk: read the catalogue, follow every distribution's download URL to the file in
out/, and check what the catalogue says about it (media type, size, checksum) against the file; and
what the catalogue is made of: each profile's part, and no standard described again."""

from __future__ import annotations

import hashlib

from rdflib import Dataset, Graph

from vngreg.vocab import in_rdflib as ns
from vngreg import pipeline
from vngreg.write.downloads import SPREADSHEETS
from vngreg.write.formats import REGISTER_FILES

SPDX = ns.SPDX

BASE = "https://data.vng.nl/gemeentelijke-standaarden/"
# Media type -> how rdflib parses it: the file must be what its media type says (the spreadsheets'
# contents: tests/test_downloads.py).
PARSERS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
           "application/n-triples": "nt", "application/n-quads": "nquads",
           "application/trig": "trig", "application/rdf+xml": "xml"}
IANA = "https://www.iana.org/assignments/media-types/"


def test_every_distribution_leads_to_its_file_as_described(built):
    catalog = Graph().parse(built / "catalog.ttl", format="turtle")
    distributions = sorted(catalog.subjects(ns.DCAT.downloadURL, None))
    files = REGISTER_FILES | SPREADSHEETS
    assert len(distributions) == len(files) == 8
    for dist in distributions:
        url = str(catalog.value(dist, ns.DCAT.downloadURL))
        assert url.startswith(BASE), url
        path = built / url[len(BASE):]
        assert path.is_file(), f"{url} leads to no file in out/"
        data = path.read_bytes()

        media_type = str(catalog.value(dist, ns.DCAT.mediaType))
        assert media_type.startswith(IANA), media_type
        media_type = media_type[len(IANA):]
        assert media_type == files[path.name][1]
        if path.name in REGISTER_FILES:
            reader = Dataset() if PARSERS[media_type] in ("nquads", "trig") else Graph()
            reader.parse(data=data, format=PARSERS[media_type])
            assert len(reader) or sum(1 for _ in reader.quads()), f"{url} holds no triples"

        assert int(catalog.value(dist, ns.DCAT.byteSize)) == len(data), f"{url}: size"
        checksum = catalog.value(dist, SPDX.checksum)
        assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest(), \
            f"{url}: checksum"


def test_the_catalogue_describes_no_standard(built):
    """The standards are described in the register files (the distributions), not again here."""
    catalog = Graph().parse(built / "catalog.ttl", format="turtle")
    described = {str(s) for s in catalog.subjects()}
    assert [s for s in described if s.startswith((BASE + "id/standaard/", BASE + "id/vaststelling/"))] == []
    listed = {str(o) for o in catalog.objects(None, ns.DCAT.dataset) if str(o).startswith(BASE + "id/standaard/")}
    assert len(listed) == 13  # the asset repository's list, by IRI


def test_each_profile_adds_its_own_part(project, tmp_path):
    result = pipeline.build(project, tmp_path / "out", ["core", "dcat-ap"], with_site=False)
    assert result.written
    catalog = Graph().parse(tmp_path / "out" / "catalog.ttl", format="turtle")
    assert (None, ns.RDF.type, ns.DCAT.Catalog) in catalog
    assert (None, ns.RDF.type, ns.ADMS.AssetRepository) not in catalog  # that is the adms profile's
