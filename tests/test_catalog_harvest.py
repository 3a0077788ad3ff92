"""A harvester's walk: read the catalogue, follow every distribution's download URL to the file in
out/, and check what the catalogue says about it (media type, size, checksum) against the file."""

from __future__ import annotations

import hashlib

from rdflib import Dataset, Graph

from vngreg import namespaces as ns
from vngreg.namespaces import SPDX
from vngreg.write.formats import REGISTER_FILES

BASE = "https://data.vng.nl/gemeentelijke-standaarden/"
# Media type -> how rdflib parses it: the file must be what its media type says.
PARSERS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
           "application/n-triples": "nt", "application/n-quads": "nquads",
           "application/trig": "trig", "application/rdf+xml": "xml"}
IANA = "https://www.iana.org/assignments/media-types/"


def test_every_distribution_leads_to_its_file_as_described(built):
    catalog = Graph().parse(built / "catalog.ttl", format="turtle")
    distributions = sorted(catalog.subjects(ns.DCAT.downloadURL, None))
    assert len(distributions) == len(REGISTER_FILES)
    for dist in distributions:
        url = str(catalog.value(dist, ns.DCAT.downloadURL))
        assert url.startswith(BASE), url
        path = built / url[len(BASE):]
        assert path.is_file(), f"{url} leads to no file in out/"
        data = path.read_bytes()

        media_type = str(catalog.value(dist, ns.DCAT.mediaType))
        assert media_type.startswith(IANA), media_type
        media_type = media_type[len(IANA):]
        assert media_type == REGISTER_FILES[path.name][1]
        reader = Dataset() if PARSERS[media_type] in ("nquads", "trig") else Graph()
        reader.parse(data=data, format=PARSERS[media_type])
        assert len(reader) or sum(1 for _ in reader.quads()), f"{url} holds no triples"

        assert int(catalog.value(dist, ns.DCAT.byteSize)) == len(data), f"{url}: size"
        checksum = catalog.value(dist, SPDX.checksum)
        assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest(), \
            f"{url}: checksum"
