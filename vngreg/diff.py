"""History: what changed in the register between two builds (output folders) or two git revisions,
compared by meaning (standards by IRI; their name, category, binding level, date and maintainers),
as text lines for a steward or as an RDF change set (Talis changeset vocabulary, docs/history.md)."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from vngreg import __version__
from vngreg.write import provenance
from vngreg.errors import EXIT_TOOL, EXIT_USAGE, Location, VngregError
from vngreg.source.load import load_register
from vngreg.mapping.emitter import map_register
from vngreg.vocab import PREFIXES
from vngreg.vocab import in_rdflib as ns

CS, DCTERMS, FOAF, GS, RDF, SKOS, XSD = ns.CS, ns.DCTERMS, ns.FOAF, ns.GS, ns.RDF, ns.SKOS, ns.XSD

ADDED = "toegevoegd"
REMOVED = "verwijderd"

Triple = tuple[Node, Node, Node]


# --- one side of the comparison: a built folder or a git revision ------------------------------

@dataclass(frozen=True)
class Side:
    """A register to compare: how the user named it, its graph and the date it stands for."""

    name: str
    graph: Graph
    date: dt.date


def read_side(name: str, source: Path) -> Side:
    """OLD or NEW: a folder that `vngreg build` wrote, else a git revision of `source`'s repository."""
    folder = Path(name)
    if folder.is_dir():
        return _built(folder, name)
    if folder.exists():
        raise VngregError(f"{name!r} is a file, not an output folder or a git revision", None,
                          "give a folder that 'vngreg build' wrote, or a commit, branch or tag",
                          exit_code=EXIT_USAGE)
    return _revision(name, source)


def _built(folder: Path, name: str) -> Side:
    path = folder / "register.nt"
    if not path.is_file():
        raise VngregError(f"the folder {name!r} holds no register.nt", None,
                          f"give a folder that 'vngreg build' wrote (vngreg build --out {name})",
                          exit_code=EXIT_USAGE)
    try:
        graph = Graph(bind_namespaces="none").parse(path, format="nt")
    except Exception as e:  # rdflib raises several types for bad N-Triples
        raise VngregError(f"{path} is not valid N-Triples: {e}", None,
                          "build that folder again with 'vngreg build'", exit_code=EXIT_USAGE) from None
    return Side(name, graph, provenance.recorded_build_date(folder) or _newest_date(graph))


def _newest_date(graph: Graph) -> dt.date:
    """The default build date (provenance.default_build_date), for outputs without provenance.ttl."""
    dates = [d.toPython() for d in graph.objects(None, GS.geldtVanaf) if isinstance(d, Literal)]
    return max((d for d in dates if isinstance(d, dt.date)), default=dt.date(1970, 1, 1))


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise VngregError("git is not installed, so git revisions cannot be compared", None,
                          "install git, or compare two output folders", exit_code=EXIT_TOOL) from None


def _revision(rev: str, source: Path) -> Side:
    """Build the register of `source` as it was in revision `rev`: load and map, in a temp folder."""
    here = source if source.is_dir() else Path.cwd()
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], here)
    if commit.returncode != 0 or rev.startswith("-"):
        raise VngregError(f"{rev!r} is neither an output folder nor a git revision", None,
                          "give a folder that 'vngreg build' wrote (with register.nt), or a commit, "
                          "branch or tag of this repository", exit_code=EXIT_USAGE)
    sha = commit.stdout.decode().strip()
    prefix = _git(["rev-parse", "--show-prefix"], here).stdout.decode().strip()
    here = Path(_git(["rev-parse", "--show-toplevel"], here).stdout.decode().strip())
    folder = prefix if source.is_dir() else f"{prefix}{source.as_posix().rstrip('/')}/"
    listing = _git(["ls-tree", "--name-only", f"{sha}:{folder}"], here)
    names = sorted(n for n in listing.stdout.decode().splitlines() if n.endswith(".yaml"))
    if listing.returncode != 0 or not names:
        raise VngregError(f"revision {rev!r} has no YAML files in {folder or './'}", None,
                          "give a revision that holds the register's source, or --source DIR",
                          exit_code=EXIT_USAGE)
    when = _git(["show", "-s", "--format=%ct", sha], here).stdout.decode().strip()
    date = dt.datetime.fromtimestamp(int(when), dt.timezone.utc).date()
    with tempfile.TemporaryDirectory(prefix="vngreg-diff-") as tmp:
        copy = Path(tmp) / "source"
        copy.mkdir()
        for name in names:
            blob = _git(["cat-file", "blob", f"{sha}:{folder}{name}"], here)
            (copy / name).write_bytes(blob.stdout)
        try:
            graph = map_register(load_register(copy)).graph
        except VngregError as e:  # say where in the revision, not where in the temp folder
            shown = (Location(f"{rev}:{folder}{Path(e.location.file).name}", e.location.line,
                              e.location.entry) if e.location else None)
            raise VngregError(f"revision {rev!r} cannot be read: {e.what}", shown, e.hint,
                              exit_code=e.exit_code) from None
    return Side(rev, graph, date)


# --- the facts compared: a standard's fields, each with the triples that state it ---------------

@dataclass(frozen=True)
class Fact:
    """One field of a standard: the value compared, the triples that state it, the value shown."""

    value: frozenset
    triples: frozenset[Triple]
    shown: str


@dataclass(frozen=True)
class StandardFacts:
    iri: URIRef
    id: str
    name: str
    fields: dict[str, Fact]
    identity: frozenset[Triple]  # the triples that make it a standard at all


def _label(graph: Graph, node: Node) -> str:
    """The Dutch name of a node in its own graph (a level, a category, an organisation)."""
    for predicate in (SKOS.prefLabel, FOAF.name, DCTERMS.title):
        texts = sorted(graph.objects(node, predicate))
        for text in texts:
            if isinstance(text, Literal) and text.language == "nl":
                return str(text)
        if texts:
            return str(texts[0])
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _plain(_graph: Graph, value: Node) -> str:
    return str(value)


# The fields compared, in the order an added standard lists them: YAML key -> (property, whether
# it sits on the standard's vaststelling rather than on the standard, how a value is shown).
FIELDS = {
    "naam": (DCTERMS.title, False, _plain),
    "categorie": (GS.categorie, False, _label),
    "verbindendheid": (GS.verbindendheid, True, _label),
    "geldt_vanaf": (GS.geldtVanaf, True, _plain),
    "in_beheer_bij": (GS.inBeheerBij, False, _label),
}


def _fact(graph: Graph, paths: list[tuple[Triple, ...]], shown) -> Fact:
    """paths: for each value, the triples that lead to it from the standard (the value's last)."""
    values = frozenset(path[-1][2] for path in paths)
    return Fact(values, frozenset(t for path in paths for t in path),
                ", ".join(sorted(shown(graph, v) for v in values)))


def standards(graph: Graph) -> dict[URIRef, StandardFacts]:
    """The standards of a register graph, with the facts a steward follows."""
    found = {}
    for std in sorted(set(graph.subjects(RDF.type, GS.GemeentelijkeStandaard))):
        if not isinstance(std, URIRef):
            continue
        # A standard has one vaststelling now; were it to keep a history, the newest one counts.
        decisions = sorted(graph.objects(std, GS.vaststelling),
                           key=lambda d: (str(graph.value(d, GS.geldtVanaf) or ""), str(d)))
        decision = decisions[-1] if decisions else None
        link = ((std, GS.vaststelling, decision),) if decision is not None else ()
        fields = {}
        for key, (predicate, on_decision, shown) in FIELDS.items():
            holder, lead = (decision, link) if on_decision else (std, ())
            paths = ([(*lead, (holder, predicate, o)) for o in graph.objects(holder, predicate)]
                     if holder is not None else [])
            fields[key] = _fact(graph, paths, shown)
        ident = graph.value(std, DCTERMS.identifier)
        found[std] = StandardFacts(std, str(ident) if ident else _label(graph, std),
                                   fields["naam"].shown, fields,
                                   frozenset({(std, RDF.type, GS.GemeentelijkeStandaard), *link}))
    return found


# --- the changes ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """A standard added or removed, or one field of it changed; with the triples that went and came."""

    standard: URIRef
    id: str
    name: str
    kind: str  # ADDED, REMOVED or the YAML key of the field that changed
    detail: str
    removals: frozenset[Triple]
    additions: frozenset[Triple]

    def text(self) -> str:
        return f"{self.id} ({self.name}): {self.kind}{self.detail}"


@dataclass(frozen=True)
class Comparison:
    old: Side
    new: Side
    changes: list[Change]


def _whole(facts: StandardFacts) -> frozenset[Triple]:
    return facts.identity.union(*(f.triples for f in facts.fields.values()))


def compare(old: Side, new: Side) -> Comparison:
    """Every change from `old` to `new`, sorted by standard id and then field."""
    before, after = standards(old.graph), standards(new.graph)
    changes = []
    for iri in sorted(set(before) - set(after)):
        was = before[iri]
        changes.append(Change(iri, was.id, was.name, REMOVED, "", _whole(was), frozenset()))
    for iri in sorted(set(after) - set(before)):
        now = after[iri]
        facts = "; ".join(f"{key} {now.fields[key].shown}" for key in list(FIELDS)[1:] if now.fields[key].shown)
        changes.append(Change(iri, now.id, now.name, ADDED, f" ({facts})", frozenset(), _whole(now)))
    for iri in sorted(set(before) & set(after)):
        was, now = before[iri], after[iri]
        for key in FIELDS:
            a, b = was.fields[key], now.fields[key]
            if a.value != b.value:
                changes.append(Change(iri, now.id, now.name, key, f" {a.shown or '-'} -> {b.shown or '-'}",
                                      a.triples - b.triples, b.triples - a.triples))
    changes.sort(key=lambda c: (c.id, list(FIELDS).index(c.kind) if c.kind in FIELDS else -1))
    return Comparison(old, new, changes)


# --- the report: text lines, or an RDF change set -----------------------------------------------

def as_text(comparison: Comparison) -> str:
    return "".join(change.text() + "\n" for change in comparison.changes)


def _node(key: str) -> URIRef:
    """A name made from the content it names (a UUID v5), so the same change gets the same IRI."""
    return URIRef(uuid.uuid5(uuid.NAMESPACE_URL, key).urn)


def _statement(graph: Graph, triple: Triple) -> URIRef:
    s, p, o = triple
    node = _node(f"statement {s.n3()} {p.n3()} {o.n3()}")
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, s))
    graph.add((node, RDF.predicate, p))
    graph.add((node, RDF.object, o))
    return node


def change_set(comparison: Comparison) -> Graph:
    """One cs:ChangeSet per change: the standard, the new side's date, the text line as the reason,
    and the statements removed and added (rdf:Statement reifications)."""
    graph = Graph(bind_namespaces="none")
    date = Literal(comparison.new.date.isoformat(), datatype=XSD.date)
    for change in comparison.changes:
        triples = sorted(f"-{' '.join(t.n3() for t in triple)}" for triple in change.removals)
        triples += sorted(f"+{' '.join(t.n3() for t in triple)}" for triple in change.additions)
        node = _node(f"changeset {change.standard} {change.kind} {date} " + " ".join(triples))
        graph.add((node, RDF.type, CS.ChangeSet))
        graph.add((node, CS.subjectOfChange, change.standard))
        graph.add((node, CS.createdDate, date))
        graph.add((node, CS.creatorName, Literal(f"vngreg {__version__}")))
        graph.add((node, CS.changeReason, Literal(change.text(), lang="nl")))
        for triple in change.removals:
            graph.add((node, CS.removal, _statement(graph, triple)))
        for triple in change.additions:
            graph.add((node, CS.addition, _statement(graph, triple)))
    return graph


def as_turtle(comparison: Comparison) -> bytes:
    graph = change_set(comparison)
    for prefix, namespace in {**PREFIXES, "cs": str(CS)}.items():
        graph.bind(prefix, namespace)
    return graph.serialize(format="turtle", encoding="utf-8")


def render(comparison: Comparison, form: str) -> str:
    return as_text(comparison) if form == "text" else as_turtle(comparison).decode("utf-8")


def summary(comparison: Comparison) -> str:
    count = len(comparison.changes)
    return (f"{count} {'change' if count == 1 else 'changes'} from {comparison.old.name} "
            f"({comparison.old.date}) to {comparison.new.name} ({comparison.new.date})")
