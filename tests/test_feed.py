"""The change feed, out/feed.atom: valid Atom 1.0 as a real feed reader's parser (feedparser) and
an XML parser against RFC 4287's required elements see it; one entry per decision, identified by
the decision's IRI and dated by the decision's date from the source, never by the build's clock;
served by deploy/nginx.conf with Atom's media type."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser

from tests.conftest import ROOT
from tests.test_nginx import PREFIX, http, server  # noqa: F401 (fixtures: nginx on a fresh build)
from vngreg import pipeline
from vngreg.source.load import load_register

ATOM = "{http://www.w3.org/2005/Atom}"
REGISTER = load_register(ROOT / "source")
BASE = REGISTER.settings.base_iri


def _decision_iri(std) -> str:
    return f"{BASE}id/vaststelling/{std.id}-{std.establishment.applies_from.isoformat()}"


def test_a_feed_reader_reads_one_entry_per_decision(built):
    feed = feedparser.parse((built / "feed.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title and feed.feed.id == f"{BASE}feed.atom"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"{BASE}feed.atom"]
    assert {entry.id: entry.updated_parsed[:3] for entry in feed.entries} == {
        _decision_iri(std): std.establishment.applies_from.timetuple()[:3] for std in REGISTER.standards}
    assert len(feed.entries) == len(REGISTER.standards) == 13
    for entry in feed.entries:
        std = next(s for s in REGISTER.standards if entry.id == _decision_iri(s))
        assert entry.title.startswith(std.name)
        assert std.establishment.binding_level in [tag.term for tag in entry.tags]
        assert entry.link == entry.id.replace(f"{BASE}id/", f"{BASE}doc/")


def test_the_required_atom_elements_are_there_once(built):
    """RFC 4287: a feed and each entry have exactly one id, title and updated (RFC 3339 dates),
    the feed an author (or each entry one); ids are unique IRIs; entries newest first."""
    root = ET.parse(built / "feed.atom").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    for element in [root, *entries]:
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{name}")) == 1, (element.findtext(f"{ATOM}id"), name)
        assert element.findtext(f"{ATOM}id").startswith("https://")
        dt.datetime.fromisoformat(element.findtext(f"{ATOM}updated"))  # raises if not a date-time
    assert len(root.findall(f"{ATOM}author/{ATOM}name")) == 1
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids) == 13
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{ATOM}updated") == updated[0] == "2023-10-12T00:00:00Z"  # GBI, the seed's newest


def test_each_entry_links_the_decisions_page_in_the_site(built):
    """Entry ids are the decisions' IRIs: each has its page (the site lays pages out as the IRIs)."""
    for entry in feedparser.parse((built / "feed.atom").read_bytes()).entries:
        page = built / "site" / f"doc/{entry.id[len(BASE + 'id/'):]}.html"
        assert page.is_file(), entry.id


def test_the_feed_does_not_follow_the_build_clock(workdir, built):
    """Two builds on other dates (provenance records the date) write the same feed."""
    project = pipeline.Project.around(workdir / "source")
    for day in (dt.date(2030, 1, 2), dt.date(2031, 5, 6)):
        out = workdir / f"out-{day.isoformat()}"
        assert pipeline.build(project, out, build_date=day).written
        assert (out / "feed.atom").read_bytes() == (built / "feed.atom").read_bytes()
        assert (out / "provenance.ttl").read_bytes() != (built / "provenance.ttl").read_bytes()


def test_a_hostile_name_stays_text_in_the_feed(workdir):
    hostile = '<b>bold</b> & "quoted" ]]>'
    text = (workdir / "source" / "standaarden.yaml").read_text(encoding="utf-8")
    (workdir / "source" / "standaarden.yaml").write_text(
        text.replace("naam: Haven\n", f"naam: '{hostile}'\n", 1), encoding="utf-8")
    out = workdir / "out"
    assert pipeline.build(pipeline.Project.around(workdir / "source"), out).written
    ET.parse(out / "feed.atom")  # well-formed
    feed = feedparser.parse((out / "feed.atom").read_bytes())
    assert not feed.bozo
    haven = next(entry for entry in feed.entries if "/haven-" in entry.id)
    assert haven.title_detail.type == "text/plain" and haven.title.startswith(hostile)


def test_nginx_serves_the_feed_and_the_script_with_their_media_types(http, built):  # noqa: F811
    for name, content_type in (("feed.atom", "application/atom+xml; charset=utf-8"),
                               ("site.js", "text/javascript; charset=utf-8")):
        response = http.get(PREFIX + name)
        assert (response.status_code, response.headers["content-type"]) == (200, content_type), name
        assert response.content == (built / "site" / name).read_bytes()
    assert (built / "feed.atom").read_bytes() == (built / "site" / "feed.atom").read_bytes()
