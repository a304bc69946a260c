"""Every dispute cxref shows on the shipped data is one a reviewer has read: two holders whose
answers exclude each other, each with the words of its quote that exclude the other's answer.

tests/data/disputes.yaml is the reviewed table. The disputes are computed with cxref's own
query (queries.disputes over the shipped folder), so the table is checked against what every
view shows; the phrases are checked against the shipped files read with plain PyYAML.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import yaml
from conftest import REPO, SHIPPED, shipped_docs, user_source, write_tree
from test_fidelity import normalise

from cxref import loader, queries
from cxref.model import Corpus

TABLE = REPO / "tests" / "data" / "disputes.yaml"

Holder = tuple[str, str | None, str]  # source id, voice (None: the author's own), answer id


def shown_disputes(corpus: Corpus) -> dict[str, dict[str, Any]]:
    """dispute id -> its question, the claims of the answers held, and every pair of holders
    of two different answers, as cxref's `disputes` query finds them."""
    shown = {}
    for row in queries.disputes(corpus):
        holders = sorted({(source.id, stand.attributed_to, held.position.id)
                          for held in row.positions for source, stand in held.holders},
                         key=str)
        pairs = {frozenset((a, b)) for a, b in combinations(holders, 2) if a[2] != b[2]}
        shown[row.dispute.id] = {
            "question": row.dispute.question,
            "answers": {held.position.id: held.position.claim
                        for held in row.positions if held.holders},
            "pairs": pairs}
    return shown


def _holder(entry: dict[str, Any]) -> Holder:
    return entry["source"], entry["voice"], entry["answer"]


def _reviewed() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_shown_disputes_are_the_reviewed_ones():
    """The same questions, worded the same, with the same answers held and worded the same,
    and the same pairs of holders: a new holder, a holder gone or a rewording fails here
    until the table is reviewed again."""
    shown = shown_disputes(loader.check_folders([SHIPPED])[0])
    table = _reviewed()
    assert set(shown) == set(table), "disputes shown differ from the reviewed table"
    for dispute_id, entry in table.items():
        found = shown[dispute_id]
        assert _words(entry["question"]) == _words(found["question"]), dispute_id
        assert {k: _words(v) for k, v in entry["answers"].items()} == \
            {k: _words(v) for k, v in found["answers"].items()}, dispute_id
        reviewed = [frozenset(map(_holder, pair)) for pair in entry["pairs"]]
        assert len(reviewed) == len(set(reviewed)), f"{dispute_id}: a pair listed twice"
        assert set(reviewed) == found["pairs"], (
            dispute_id, "not reviewed:", sorted(map(sorted, found["pairs"] - set(reviewed))),
            "no longer shown:", sorted(map(sorted, set(reviewed) - found["pairs"])))


def test_each_phrase_is_words_of_its_holders_quote():
    """Each phrase is verbatim in the quote(s) of that source and voice on that answer, and
    the two holders of a pair hold different answers."""
    docs = shipped_docs()
    checked = 0
    for dispute_id, entry in _reviewed().items():
        for pair in entry["pairs"]:
            assert len(pair) == 2 and pair[0]["answer"] != pair[1]["answer"], (dispute_id, pair)
            for holder in pair:
                quotes = [s["quote"] for s in docs[holder["source"]].get("stands") or []
                          if s["dispute"] == dispute_id and s["position"] == holder["answer"]
                          and s.get("attributed_to") == holder["voice"]]
                assert quotes, (dispute_id, holder)
                assert holder["phrase"].strip(), (dispute_id, holder)
                assert normalise(holder["phrase"]) in normalise(" ".join(quotes)), \
                    (dispute_id, holder)
                checked += 1
    assert checked >= 2


def test_a_new_holder_is_a_pair_to_review(tmp_path):
    """The computation the table is checked against sees a holder added in a user folder:
    the shipped table would then no longer match."""
    stand = {"dispute": "service-only-problems", "position": "only-problems",
             "quote": "Service starts when something breaks."}
    tree = write_tree(tmp_path / "defs", {"sources": {"mine.yaml": user_source(
        "mine", stands=[stand])}})
    corpus = loader.check_folders([SHIPPED, tree])[0]
    shown = shown_disputes(corpus)["service-only-problems"]["pairs"]
    reviewed = _reviewed()["service-only-problems"]["pairs"]
    table = {frozenset(map(_holder, pair)) for pair in reviewed}
    new = shown - table
    assert new and all(("mine", None, "only-problems") in pair for pair in new)
