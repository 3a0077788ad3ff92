"""Step 4c, the site: the register as HTML pages for people in out/site/, laid out like the /doc/
IRIs (site/doc/standaard/haven.html, with .ttl and .jsonld beside it), every link relative, so that
the same files work opened from disk and served by deploy/nginx.conf. Templates are in templates/.
The index's table and its paging are in table.py, the change feed (feed.atom) in feed.py, the
SPARQL examples' page (sparql-voorbeelden.html) in queries.py.

Each resource's .ttl and .jsonld hold its own triples (its Concise Bounded Description; a
standard's includes its decisions, vaststellingen), written by vngreg.write.formats, so they are as repeatable as out/.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from vngreg import __version__, nt
from vngreg.write import formats as write
from vngreg.write import linkset
from vngreg.errors import EXIT_TOOL, VngregError
from vngreg.mapping.iris import Iris
from vngreg.write.downloads import SPREADSHEETS
from vngreg.write.outdir import Stage
from vngreg.vocab import DCTERMS, FOAF, PREFIXES, RDF, RDFS, SKOS
from vngreg.source.records import Component, Establishment, Register, Role, Standard, Version
from vngreg.site import feed, queries, table
from vngreg.gemma.check import PAGE as GEMMA_PAGE

SITE = "site"
# Files of the site under fixed names (never a digest of the build: an edit to one standard must
# not change every page that links to them).
ASSETS = ("site.css", "site.js")
FEED = "feed.atom"
# The catalogue (DCAT-AP), linked from the index and copied like the register files.
CATALOGUE = {"catalog.ttl": "text/turtle", "catalog.jsonld": "application/ld+json"}
# The resource formats written beside each page: extension -> (writer, media type).
FORMATS = {"ttl": (write.turtle, "text/turtle"), "jsonld": (write.json_ld, "application/ld+json")}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
# The ontology's documentation per language: def/{stem}.html stays English (what /def/{stem} serves).
ONTOLOGY_PAGES = {"en": "{stem}.html", "nl": "{stem}.nl.html"}
# What names a resource on a page that has no template of its own, best first.
LABELS = (SKOS.prefLabel, DCTERMS.title, FOAF.name, RDFS.label)



def _cache_dir(kind: str) -> Path | None:
    """Where compiled templates and pyLODE's pages are kept between builds: $VNGREG_CACHE, else
    $XDG_CACHE_HOME/vngreg, else ~/.cache/vngreg; None (no caching) where it cannot be made.
    Entries are named by a digest of everything that goes into them, so a stale one is never used."""
    try:
        base = (os.environ.get("VNGREG_CACHE") or
                str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vngreg"))
        folder = Path(base) / kind
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    return folder if os.access(folder, os.W_OK) else None


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    folder = _cache_dir("templates")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder else None


_TEMPLATES = jinja2.Environment(loader=jinja2.PackageLoader("vngreg.site", "templates"), autoescape=True,
                                undefined=jinja2.StrictUndefined, trim_blocks=True,
                                lstrip_blocks=True, keep_trailing_newline=True,
                                bytecode_cache=_bytecode_cache())


# A web address in a note: up to white space (or <, >, "), without the punctuation that ends a sentence or a
# bracket after it ("(https://example.org/a);" links https://example.org/a).
_URL = re.compile(r"https?://[^\s<>\"]+?(?=[.,;:!?)]*(?:[\s<>\"]|$))")


def _links(text: str) -> Markup:
    """`text` escaped, with each web address in it a link."""
    parts, at = [], 0
    for found in _URL.finditer(text):
        parts += [escape(text[at:found.start()]), Markup('<a href="{0}">{0}</a>').format(found.group())]
        at = found.end()
    return Markup("").join([*parts, escape(text[at:])])


_TEMPLATES.filters["links"] = _links


@dataclass
class Page:
    """One page: where it goes (without extension), its template, whose triples it carries (from
    which graph: the register's unless given), and what else its template needs."""

    path: str
    template: str
    subjects: tuple[str, ...]  # IRIs
    values: dict = field(default_factory=dict)
    index: dict | None = None  # subject term -> (predicate, object) terms; the register's if None
    data: bool = True  # whether its triples are also written beside it (.ttl, .jsonld)


def site_files(register: Register, publication: write.Publication, others: list[write.Publication],
               ontologies: dict[str, bytes], stage: Stage) -> dict[str, bytes]:
    """out/site/: a page (.html, .ttl, .jsonld) for each thing with an IRI under /id/ in the
    register or in `others` (the catalogue, the provenance), the index (and for a large register
    its table pages), the documentation of each of `ontologies` (stem -> Turtle), the stylesheet
    and script, and the feed, which also goes to out/feed.atom; the register and catalogue files
    it links to are copied in `stage` (the build's staging folder, holding what is written so far)."""
    site = Site(register, Iris.for_base(register.settings.base_iri),
                [publication.index, *(other.index for other in others)],
                list(ontologies), [name for name in (*write.REGISTER_FILES, *linkset.FILES, *SPREADSHEETS)
                                   if name in stage.files],
                [name for name in CATALOGUE if name in stage.files])
    out: dict[str, bytes] = {}
    for page in site.pages():
        described = write.Publication(describe(page.index or publication.index, page.subjects),
                                      publication.graph_iri, publication.context)
        data = {ext: writer(described) for ext, (writer, _type) in FORMATS.items()}
        out[f"{page.path}.html"] = site.render(page, data["jsonld"])
        if page.data:
            out.update({f"{page.path}.{ext}": body for ext, body in data.items()})
    for name in ASSETS:
        out[name] = resources.files("vngreg.site").joinpath(f"templates/{name}").read_bytes()
    out[FEED] = feed.feed_atom(site)
    out.update(queries.files(site.examples))
    for name in site.downloads + site.catalogue:
        stage.copy(name, f"{SITE}/{name}")
    for stem, body in ontologies.items():
        out.update(_ontology_files(stem, body, publication, site))
    # The feed at the top of out/ as well, beside the register files: where feed readers and the
    # catalogue's users look; the site's copy makes its links work from disk.
    return {FEED: out[FEED]} | {f"{SITE}/{name}": body for name, body in sorted(out.items())}


def describe(index: dict, subjects: Iterable[str]) -> list[nt.Triple]:
    """The subjects' Concise Bounded Description: their triples, and those of the blank nodes
    they lead to; `index` is subject term -> (predicate, object) terms."""
    out: set[nt.Triple] = set()
    todo, seen = [nt.iri(str(s)) for s in subjects], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in index.get(node, ()):
            out.add((node, p, o))
            if o.startswith("_:"):
                todo.append(o)
    return sorted(out)


def script_json(text: str) -> Markup:
    """JSON for a <script> element: `<`, `>` and `&` only occur inside JSON strings, where their
    \\u escapes mean the same, so no text can end the element or open a comment."""
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def dutch_date(value) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def curie(iri) -> str:
    """A prefixed name for an IRI (given as text or term)."""
    iri = nt.value(iri) if iri[:1] == "<" else iri
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
        if str(iri).startswith(str(namespace)):
            return f"{prefix}:{str(iri)[len(str(namespace)):]}"
    return str(iri)


@dataclass(frozen=True)
class Value:
    """An object on a page without a template of its own: a text (with its language), or a link."""

    text: str
    lang: str | None = None
    href: str | None = None  # a path in the site, or an absolute IRI


class Site:
    """The register arranged for the templates: lookups, groupings, page paths."""

    def __init__(self, register: Register, iris: Iris, indexes: list[dict], ontologies: list[str],
                 downloads: list[str], catalogue: list[str] = ()):
        self.register = register
        self.iris = iris
        self.indexes = indexes  # subject term -> (predicate, object) terms; the register's first
        self.ontologies = ontologies  # stems: def/{stem}.html
        # The register files the index links to, copied into the site so that the links work from
        # disk as well as served.
        self.downloads = downloads
        def labels(files: dict) -> list[tuple[str, str]]:  # (name, media type) of those written
            return [(name, files[name][1]) for name in downloads if name in files]
        self.download_labels = labels(write.REGISTER_FILES)
        self.linkset_labels = labels(linkset.FILES)
        self.spreadsheet_labels = labels(SPREADSHEETS)
        self.catalogue = list(catalogue)
        self.catalogue_labels = [(name, CATALOGUE[name]) for name in catalogue]
        self.formats = {ext: media_type for ext, (_writer, media_type) in FORMATS.items()}
        self.organisations = {o.id: o for o in register.organisations}
        self.levels = {lv.id: lv for lv in sorted(register.levels, key=lambda r: r.order)}
        self.categories = {c.id: c for c in sorted(register.categories, key=lambda r: r.order)}
        self.statuses = {s.id: s for s in sorted(register.statuses, key=lambda r: r.order)}
        self.standards = {s.id: s for s in register.standards}
        self.components = {c.id: c for c in register.components}
        self.examples = queries.examples(iris.base)  # the SPARQL examples: sparql-voorbeelden.html

    dutch_date = staticmethod(dutch_date)
    none = table.NONE

    @staticmethod
    def template(name: str) -> jinja2.Template:
        return _TEMPLATES.get_template(name)

    def path(self, node) -> str:
        """The page of a thing we minted: {base}id/{type}/{slug} -> doc/{type}/{slug} (the IRI as
        text or as a term)."""
        iri = nt.value(node) if node[:1] == "<" else str(node)
        return "doc/" + iri.removeprefix(self.iris.base + "id/")

    def minted(self, term: str) -> bool:
        return term.startswith(f"<{self.iris.base}id/")

    def standard_path(self, std: Standard) -> str:
        return self.path(self.iris.standard(std.id))

    def establishment_iri(self, std: Standard, decision: Establishment | None = None) -> str:
        decision = decision or std.establishment
        return self.iris.establishment(std.id, decision.applies_from.isoformat())

    def decisions(self, std: Standard) -> list[Establishment]:
        return table.decisions(std)

    def document_iri(self, std: Standard, decision: Establishment) -> URIRef:
        return self.iris.decision_document(std.id, decision.applies_from.isoformat(), decision.decision.key)

    def version_iri(self, std: Standard, version_id: str) -> URIRef:
        return self.iris.version(std.id, version_id)

    @staticmethod
    def match_label(link: str) -> str:
        """How a link to another register reads: GEMMA's pages by their Object ID."""
        return f"GEMMA, object {link.removeprefix(GEMMA_PAGE)}" if link.startswith(GEMMA_PAGE) else link

    def components_by_role(self, std: Standard) -> list[tuple[Role, list[Component]]]:
        """The components of `std` under each role, in the scheme's order, each by name."""
        roles = sorted(self.register.roles, key=lambda r: r.order)
        return [(role, sorted((self.components[p.component] for p in std.components if p.role == role.id),
                              key=lambda c: c.name)) for role in roles
                if any(p.role == role.id for p in std.components)]

    @staticmethod
    def component_link(component: Component) -> str | None:
        """A component's page in GEMMA (or another register), if it has one."""
        return next(iter(component.exact_match or component.close_match), None)

    def replaced_by(self, std: Standard, version: Version) -> list[Version]:
        return [v for v in std.versions if v.replaces == version.id]

    def relations(self, std: Standard) -> list[tuple[str, list[Standard]]]:
        """The standards related to `std`, both ways, under a Dutch heading; none left out."""
        others = self.register.standards
        related = [*std.related, *(x.id for x in others if std.id in x.related and x.id not in std.related)]
        groups = (("Onderdeel van", std.part_of), ("Omvat", [x.id for x in others if std.id in x.part_of]),
                  ("Vervangt", std.replaces), ("Vervangen door", [x.id for x in others if std.id in x.replaces]),
                  ("Gerelateerd", related))
        return [(heading, [self.standards[i] for i in ids]) for heading, ids in groups if ids]

    def grouped(self, standards: list[Standard], first: str = "category") -> list[tuple]:
        """[(category, [(level, standards)])] for first="category", [(level, [(category, ...)])]
        for first="level": groups in the schemes' order, standards in source order, none empty."""
        facets = {"category": (self.categories, lambda std: std.category),
                  # A standard without a decision: in a last group (None), "zonder vaststelling".
                  "level": (self.levels | {None: None}, _level_of)}
        (outer, outer_key), (inner, inner_key) = facets.pop(first), *facets.values()
        groups = []
        for outer_id, outer_record in outer.items():
            members = [std for std in standards if outer_key(std) == outer_id]
            subgroups = [(inner_record, [std for std in members if inner_key(std) == inner_id])
                         for inner_id, inner_record in inner.items()]
            if members:
                groups.append((outer_record, [(record, stds) for record, stds in subgroups if stds]))
        return groups

    def pages(self) -> list[Page]:
        reg, iris = self.register, self.iris
        dataset = iris.dataset(reg.settings.id)
        level_scheme, category_scheme = iris.scheme("verbindendheid"), iris.scheme("categorie")
        parts = table.table_pages(reg)
        rows = [] if parts else table.table_order(reg)
        # "options" (the filters' choices) marks a page with the table: it gets site.js.
        pages = [Page("index", "index.html", (dataset,),
                      {"rows": rows, "parts": parts, "page_rows": table.PAGE_ROWS}
                      | ({"options": table.filter_options(reg, rows)} if rows else {}), data=False),
                 *[Page(part.path, "tabel.html", (dataset,),
                        {"part": part, "options": table.filter_options(reg, part.standards)}, data=False)
                   for part in parts],
                 Page(self.path(dataset), "dataset.html", (dataset,)),
                 Page(self.path(level_scheme), "begrippenkader.html", (level_scheme,),
                      {"scheme": reg.level_scheme, "concepts": list(self.levels.values()),
                       "concept_iri": iris.binding_level}),
                 Page(self.path(category_scheme), "begrippenkader.html", (category_scheme,),
                      {"scheme": reg.category_scheme, "concepts": list(self.categories.values()),
                       "concept_iri": iris.category})]
        if reg.status_scheme:
            status_scheme = iris.scheme("status")
            pages.append(Page(self.path(status_scheme), "begrippenkader.html", (status_scheme,),
                              {"scheme": reg.status_scheme, "concepts": list(self.statuses.values()),
                               "concept_iri": iris.status}))
        for status in self.statuses.values():
            pages.append(Page(self.path(iris.status(status.id)), "status.html", (iris.status(status.id),),
                              {"status": status,
                               "stds": [x for x in reg.standards if x.status == status.id],
                               "versions": [(x, v) for x in reg.standards for v in x.versions
                                            if v.status == status.id]}))
        documents: dict[str, list[tuple[Standard, Establishment]]] = {}
        for std in reg.standards:
            decisions = [self.establishment_iri(std, est) for est in std.establishments]
            pages.append(Page(self.path(iris.standard(std.id)), "standaard.html",
                              (iris.standard(std.id), *decisions), {"std": std}))
            for est, decision in zip(std.establishments, decisions):
                pages.append(Page(self.path(decision), "vaststelling.html", (decision,),
                                  {"std": std, "est": est}))
                if est.decision:  # one page a document, with every decision taken in it
                    documents.setdefault(self.document_iri(std, est), []).append((std, est))
            for version in std.versions:
                node = iris.version(std.id, version.id)
                pages.append(Page(self.path(node), "versie.html", (node,), {"std": std, "version": version}))
        for document, taken in documents.items():
            pages.append(Page(self.path(document), "besluit.html", (document,),
                              {"doc": taken[0][1].decision, "taken": taken}))
        for level in self.levels.values():
            members = [x for x in reg.standards if _level_of(x) == level.id]
            pages.append(Page(self.path(iris.binding_level(level.id)), "verbindendheid.html",
                              (iris.binding_level(level.id),),
                              {"level": level, "groups": self.grouped(members)}))
        for cat in self.categories.values():
            members = [x for x in reg.standards if x.category == cat.id]
            pages.append(Page(self.path(iris.category(cat.id)), "categorie.html", (iris.category(cat.id),),
                              {"category": cat, "groups": self.grouped(members, "level")}))
        for org in reg.organisations:
            pages.append(Page(self.path(iris.organisation(org.id)), "organisatie.html",
                              (iris.organisation(org.id),), {"org": org, **self._roles(org.id)}))
        if self.examples:
            pages.append(Page(queries.PAGE, "sparql-voorbeelden.html", (dataset,),
                              {"examples": self.examples,
                               "answers": any(item.answer for item in self.examples)}, data=False))
        return pages + self._other_pages({page.subjects[0] for page in pages})

    def _roles(self, org_id: str) -> dict:
        stds, orgs = self.register.standards, self.register.organisations
        return {"maintains": [x for x in stds if org_id in x.maintainers],
                "decided": [x for x in stds if any(e.decided_by == org_id for e in x.establishments)],
                "advised": [x for x in stds if any(e.advised_by == org_id for e in x.establishments)],
                "parts": [o for o in orgs if o.part_of == org_id],
                "directs": [o for o in orgs if o.directed_by == org_id]}

    def _other_pages(self, done: set[str]) -> list[Page]:
        """A plain page for every other thing we minted (what other profiles, the catalogue or
        the provenance add): its statements, each value a text or a link."""
        pages = []
        done_terms = {nt.iri(str(node)) for node in done}
        for index in self.indexes:
            for node in sorted(index):
                if self.minted(node) and node not in done_terms:
                    done_terms.add(node)
                    pages.append(Page(self.path(node), "resource.html", (nt.value(node),),
                                      {"title": self.label(node), "types": self._types(index, node),
                                       "statements": self._statements(index, node)}, index))
        return pages

    def label(self, node: str) -> Value:
        for index in self.indexes:
            pairs = index.get(node, ())
            for predicate in LABELS:
                texts = sorted((o for p, o in pairs if p == predicate), key=_lang_first("nl", "en"))
                if texts:
                    return _text(texts[0])
        return Value(nt.value(node).rstrip("/").rsplit("/", 1)[-1])

    def _types(self, index: dict, node: str) -> list[str]:
        return sorted(curie(o) for p, o in index.get(node, ()) if p == RDF.type)

    def _statements(self, index: dict, node: str) -> list[tuple[str, list[Value]]]:
        by_predicate: dict[str, list[str]] = {}
        for p, o in index.get(node, ()):
            if p != RDF.type:
                by_predicate.setdefault(p, []).append(o)
        return [(curie(p), [self._value(o) for o in sorted(by_predicate[p], key=_lang_first("nl", "en"))])
                for p in sorted(by_predicate, key=curie)]

    def _value(self, term: str) -> Value:
        if nt.is_literal(term):
            return _text(term)
        if self.minted(term):
            label = self.label(term)
            return Value(label.text, label.lang, self.path(term) + ".html")
        if nt.is_iri(term):
            return Value(nt.value(term), None, nt.value(term))
        return Value(term)

    def render(self, page: Page, jsonld: bytes) -> bytes:
        here = posixpath.dirname(page.path) or "."

        def url(target: str) -> str:
            """A link from this page to `target`, a path in the site (or an absolute IRI)."""
            return target if "://" in target else posixpath.relpath(target, here)

        values = dict(page.values, site=self, register=self.register, url=url, page=page,
                      iri=str(page.subjects[0]), jsonld=script_json(jsonld.decode("utf-8")),
                      own_formats={ext: url(f"{page.path}.{ext}") for ext in FORMATS} if page.data else {},
                      dutch_date=dutch_date)
        return self.template(page.template).render(values).encode("utf-8")


def _level_of(std: Standard) -> str | None:
    """The binding level in force (the current decision's), None for a standard without decisions."""
    return std.establishment.binding_level if std.establishment else None


def _text(term: str) -> Value:
    """A literal (or, where a label is expected, an IRI) as the text shown."""
    if nt.is_literal(term):
        lexical, lang, _datatype = nt.split_literal(term)
        return Value(lexical, lang)
    return Value(nt.value(term))


def _lang_first(*langs: str) -> Callable:
    """Sort key of terms: texts in `langs` first, in that order; then the rest by value."""
    def key(term: str):
        lang = nt.split_literal(term)[1] if nt.is_literal(term) else None
        return (langs.index(lang) if lang in langs else len(langs), nt.value(term))
    return key


# --- the ontology's documentation, by pyLODE -----------------------------------------------------

def _ontology_files(stem: str, turtle: bytes, publication: write.Publication,
                    site: Site) -> dict[str, bytes]:
    """def/{stem}.html and def/{stem}.nl.html (pyLODE, in English and in Dutch, each linking the
    other), .ttl (the file as written) and .jsonld, beside each other as the ontology's document
    /def/{stem} is served (its HTML: the English page, the one /def/{stem} has always served)."""
    jsonld = write.json_ld(write.Publication(nt.from_turtle(turtle), publication.graph_iri,
                                             publication.context))
    pages = {lang: name.format(stem=stem) for lang, name in ONTOLOGY_PAGES.items()}
    out = {f"def/{stem}.ttl": turtle, f"def/{stem}.jsonld": jsonld}
    for lang, name in pages.items():
        nav = _TEMPLATES.get_template("ontology_nav.html").render(
            index="../index.html", title=site.register.settings.title["nl"],
            others=[(other, pages[other]) for other in pages if other != lang])
        out[f"def/{name}"] = _cached_ontology_html(turtle, nav, lang)
    return out


def _cached_ontology_html(turtle: bytes, nav: str, lang: str = "en") -> bytes:
    """ontology_html, kept in the cache under a digest of all it depends on (pyLODE takes a
    second: most of a small register's build)."""
    from importlib.metadata import version
    head = resources.files("vngreg.site").joinpath("templates/ontology_head.html").read_bytes()
    key = hashlib.sha256(b"\0".join([
        f"pylode {version('pylode')}, rdflib {version('rdflib')}, vngreg {__version__}, {lang}".encode(),
        turtle, nav.encode("utf-8"), head, Path(__file__).read_bytes()])).hexdigest()
    folder = _cache_dir("pylode")
    cached = folder / f"{key}.html" if folder else None
    if cached and cached.is_file():
        return cached.read_bytes()
    from rdflib import Graph  # here, as pyLODE: slow, and only a page not in the cache needs them
    html = ontology_html(Graph(bind_namespaces="none").parse(data=turtle, format="turtle"), nav, lang)
    if cached:
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        try:
            partial.write_bytes(html)
            os.replace(partial, cached)
        except OSError:
            pass
    return html


def ontology_html(graph, nav: str = "", lang: str = "en") -> bytes:
    """pyLODE's documentation of an ontology (an rdflib Graph), in one language (pyLODE shows
    every language's text at once, and its own headings are English). It runs on a copy, as it adds triples to the graph
    it is given, and its failures (it may even call exit()) become our error."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    from pylode import OntPub  # here: slow, and only a page not in the cache needs it
    from rdflib import Graph
    # Importing pyLODE calls logging.basicConfig(level=DEBUG) (pylode/profiles/supermodel/
    # loader.py), which would turn on every library's debug output; undo that.
    root.handlers[:] = handlers
    root.setLevel(level)

    copy = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():  # pyLODE lists them
        copy.bind(prefix, namespace)
    for s, p, o in graph:
        if getattr(o, "language", None) in (None, lang):
            copy.add((s, p, o))
    try:
        html = OntPub(ontology=copy, sort_subjects=True).make_html()
    except (Exception, SystemExit) as exc:
        raise VngregError(f"pyLODE could not document the ontology: {exc!r}", None,
                          "check ontology/*.ttl (an owl:Ontology with a dct:title) and that the "
                          "pyLODE version is the one pyproject.toml pins", exit_code=EXIT_TOOL) from None
    # Our additions: the page's language, a viewport and phone layout, a way back to the register.
    head = _TEMPLATES.get_template("ontology_head.html").render()
    for old, new in (("<html>\n", f'<html lang="{lang}">\n'), ("</head>\n", f"{head}</head>\n"),
                     ("<body>\n", f"<body>\n{nav}")):
        if html.count(old) != 1:
            raise VngregError(f"pyLODE's page has not exactly one {old.strip()}", None,
                              "use the pyLODE version pyproject.toml pins", exit_code=EXIT_TOOL)
        html = html.replace(old, new, 1)
    return (html.rstrip("\n") + "\n").encode("utf-8")
