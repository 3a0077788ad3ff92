"""The change feed, out/feed.atom: Atom 1.0 with an entry per decision (vaststelling), each dated
by its decision and identified by the decision's IRI, so that the feed is as repeatable as the
rest of out/ (never the build's clock) and a reader sees each decision once."""

from __future__ import annotations

import datetime as dt


def atom_time(day: dt.date) -> str:
    """A decision's date as an Atom date-time: the start of that day, UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def feed_atom(site) -> bytes:
    """The feed for `site` (a pages.Site): entries newest first, then by standard."""
    register, iris = site.register, site.iris
    entries = sorted(((std, decision) for std in register.standards for decision in site.decisions(std)),
                     key=lambda pair: (-pair[1].applies_from.toordinal(), pair[0].id))
    settings = register.settings
    # An empty register has no decision to date it by: its catalogue dates, else 1 January 1970.
    newest = (entries[0][1].applies_from if entries else
              settings.modified or settings.issued or dt.date(1970, 1, 1))
    publisher = site.organisations.get(settings.publisher)
    return site.template("feed.atom").render(
        site=site, register=register, entries=entries, updated=atom_time(newest),
        feed_iri=f"{iris.base}feed.atom", atom_time=atom_time,
        web=lambda iri: iris.base + site.path(iri),
        publisher=publisher, publisher_iri=iris.organisation(settings.publisher) if publisher else None,
        dutch_date=site.dutch_date).encode("utf-8")
