"""The DCAT-AP profile: what DCAT-AP 3 and DCAT-AP-NL 3 ask of the register as a dataset, beyond core.

The catalogue itself (out/catalog.ttl: the catalogue, the distributions of the written files, their
sizes and checksums) can only be made after writing; vngreg/write/catalog.py does that from this graph.
"""

from __future__ import annotations

import datetime as dt

from vngreg import nt
from vngreg.mapping.iris import Iris
from vngreg.mapping.emitter import Emitter
from vngreg.nt import literal
from vngreg.vocab import DCAT, DCTERMS, EU_ACCESS_RIGHT, OWL, RDF, VCARD
from vngreg.source.records import Register

NAME = "dcat-ap"
SUMMARY = ("the register as a DCAT-AP 3 / DCAT-AP-NL 3 dataset (creator, contact point, access "
           "rights, theme, dates); with it the build writes the catalogue out/catalog.ttl")


def contact_point_iri(iris: Iris, register: Register):
    return iris.thing("contactpunt", register.settings.id)


def modified(register: Register) -> dt.date:
    """The register's last change: the setting 'gewijzigd', else its newest decision's date (or its
    date of issue, for a register without decisions)."""
    dates = [d for s in register.standards for e in s.establishments for d in (e.applies_from, e.applies_until) if d]
    return register.settings.modified or max(dates, default=register.settings.issued)


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
    out.add(dataset, DCTERMS.modified, literal(modified(register).isoformat(), datatype=nt.XSD + "date"),
            s.at("modified"))
    for category in register.categories:
        out.texts(dataset, DCAT.keyword, category.name, category.at("name"))
    # TOOI: how data.overheid.nl knows a government organisation.
    for org in register.organisations:
        if org.tooi:
            out.add(iris.organisation(org.id), OWL.sameAs, nt.iri(org.tooi), org.at("tooi"))
