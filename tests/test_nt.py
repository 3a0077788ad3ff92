"""nt.Builder: a small graph, made partly from an index's lists of pairs, which it must never change;
nt.batches."""

from __future__ import annotations

import pytest

from vngreg.nt import Builder, batches

S, T = "<urn:s>", "<urn:t>"
P, Q = "<urn:p>", "<urn:q>"


def test_described_subjects_add_to_copies_of_the_index_lists():
    index = {S: [(P, '"a"'), (Q, '"b"')], T: [(P, '"c"')]}
    frozen = {s: list(pairs) for s, pairs in index.items()}
    g = Builder()
    g.describe(S, index[S])
    g.describe(T, index[T])
    g.add(T, P, '"0"')  # sorts before "c"
    g.add(T, P, '"c"')  # already there: once
    g.texts(S, Q, {"en": "b"})
    assert g.triples() == [(S, P, '"a"'), (S, Q, '"b"'), (S, Q, '"b"@en'),
                           (T, P, '"0"'), (T, P, '"c"')]
    assert index == frozen  # the index's lists are never written


def test_objects_are_found_in_described_and_added_pairs():
    g = Builder()
    g.describe(S, [(P, "<urn:x>"), (Q, "<urn:y>")])
    g.add(T, P, "<urn:z>")
    assert g.objects(P, Q) == {P: {"<urn:x>", "<urn:z>"}, Q: {"<urn:y>"}}


def test_a_none_object_and_an_empty_description_add_nothing():
    g = Builder()
    g.add(S, P, None)
    g.describe(T, ())
    g.describe(T, [])
    assert g.triples() == []


def test_batches_give_the_joined_text_as_utf8_and_let_the_pieces_go():
    pieces = [f"<é{i}>\n" for i in range(10_001)]
    whole = "".join(pieces).encode("utf-8")
    chunks = batches(pieces, size=1000)
    assert b"".join(chunks) == whole
    assert len(chunks) == 11 and pieces == []
    assert batches([b"a", b"b", b"c"], size=2) == [b"ab", b"c"]
    assert batches([]) == []


def test_batches_refuse_a_lone_surrogate_before_any_chunk_is_out():
    with pytest.raises(UnicodeEncodeError):
        batches(["fine", "\ud800"], size=1)
