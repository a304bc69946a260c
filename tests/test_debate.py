"""The debate through the CLI: disputes in every format, the ids an author may use, the
registry of problem codes, and the new options (global options anywhere, --output by
extension). Counts are checked against the shipped files read with plain PyYAML."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import SHIPPED, assert_one_line_error, shipped_docs

from cxref import codes

REVIEWED = SHIPPED.parent / "tests" / "data" / "disputes.yaml"


def as_json(run):
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


def plain_stands() -> dict[str, dict[str, set[str]]]:
    """dispute -> position -> the sources holding it, from the YAML files themselves."""
    out: dict[str, dict[str, set[str]]] = {}
    for sid, doc in shipped_docs().items():
        for stand in doc.get("stands") or []:
            out.setdefault(stand["dispute"], {}).setdefault(stand["position"], set()).add(sid)
    return out


def test_shipped_disputes_are_the_reviewed_ones():
    """A question is a dispute where two of its answers, which exclude each other, are both
    held; the catalogue asks more questions than the sources dispute. The questions answered
    two ways in the plain YAML are exactly those of the reviewed table (tests/data/disputes.yaml,
    checked holder by holder in test_disputes_reviewed.py), and there is at least one."""
    held = plain_stands()
    disputed = {d for d, positions in held.items() if len(positions) >= 2}
    reviewed = yaml.safe_load(REVIEWED.read_text(encoding="utf-8"))
    assert disputed == set(reviewed) and disputed, (disputed, set(reviewed))
    catalogue = yaml.safe_load((SHIPPED / "disputes.yaml").read_text(encoding="utf-8"))
    assert len(catalogue["disputes"]) > len(disputed)


def test_disputes_lists_every_question_answered_two_ways(invoke):
    doc = as_json(invoke("disputes", "-f", "json"))
    held = plain_stands()
    expected = {d for d, positions in held.items() if len(positions) >= 2}
    assert {r["dispute"] for r in doc["stands"]} == expected
    for row in doc["stands"]:
        if row["source"] is not None:
            assert row["source"] in held[row["dispute"]][row["position_id"]]


@pytest.mark.parametrize("given", ["service-needs-person", "involve a person",
                                   "Does customer service always involve a person?"])
def test_one_dispute_by_id_or_words(invoke, given):
    doc = as_json(invoke("disputes", given, "-f", "json"))
    assert {r["dispute"] for r in doc["stands"]} == {"service-needs-person"}


def test_disputes_show_voices_and_reports(invoke):
    markdown = invoke("disputes", "part-or-sibling", "-f", "markdown").stdout
    assert "Genesys, as reported by Annette Franz" in markdown
    assert "Ameyo" in markdown


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "html", "svg"])
def test_disputes_in_every_format(invoke, fmt):
    run = invoke("disputes", "-f", fmt)
    if fmt == "svg" and run.exit_code == 2:  # too long for a picture: the chart is the picture
        assert "cxref chart disputes" in run.stderr
        return
    assert run.exit_code == 0 and run.stderr == "" and run.stdout.strip()


def test_export_has_disputes_and_evidence(invoke):
    text = invoke("export").stdout
    assert "## When does customer service come into play?" in text
    assert "## proactive / reactive: backing" in text
    assert "## ongoing / isolated: backing" in text


def test_unknown_dispute_suggests(invoke):
    assert_one_line_error(invoke("disputes", "needs-persn"), 2, "did you mean")


def test_ids_lists_every_id_an_author_may_use(invoke):
    doc = as_json(invoke("ids", "-f", "json"))
    pairs = yaml.safe_load((SHIPPED / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    assert [p["id"] for p in doc["pairs"]] == [p["id"] for p in pairs]
    assert {"id": "customer-service", "name": "customer service", "aliases": ["CS"]} in \
        doc["terms"]
    assert any(d["id"] == "service-needs-person" for d in doc["disputes"])
    assert {t["id"] for t in doc["shared_traits"]} >= {"empathy", "customer-loyalty"}


def test_validate_codes_lists_the_registry(invoke):
    run = invoke("validate", "--codes")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(codes.CODES)


@pytest.mark.parametrize("args", [["why", "proactive", "--no-pager"],
                                  ["--no-pager", "why", "proactive"],
                                  ["why", "--no-color", "proactive"],
                                  ["why", "proactive", "--no-cache"]])
def test_global_options_before_or_after_the_command(invoke, args):
    assert invoke(*args).exit_code == 0


def test_definitions_after_the_command(invoke, make_tree):
    from conftest import user_source

    tree = make_tree({"sources": {"mine.yaml": user_source("mine", title="Mine")}})
    for args in (["show", "mine", "-d", str(tree)], ["show", "mine", f"--definitions={tree}"],
                 ["-d", str(tree), "show", "mine"]):
        assert as_json(invoke(*args, "-f", "json"))["title"] == "Mine"


@pytest.mark.parametrize("name,starts", [("t.md", "# "), ("t.markdown", "# "), ("t.json", "{"),
                                         ("t.csv", "Pair,"), ("t.html", "<!DOCTYPE html>"),
                                         ("t.htm", "<!DOCTYPE html>"), ("t.svg", "<svg"),
                                         ("t.txt", "customer experience")])
def test_output_extension_picks_the_format(invoke, tmp_path, name, starts):
    target = tmp_path / name
    assert invoke("compare", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith(starts)


def test_explicit_format_wins_over_the_extension(invoke, tmp_path):
    target = tmp_path / "t.md"
    assert invoke("compare", "-o", str(target), "-f", "json").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("{")


def test_empty_output_name_is_an_error(invoke):
    assert_one_line_error(invoke("compare", "-o", ""), 2, "--output needs a file name")


# -- descriptions and answers say only what every holder says -----------------------------------

SUPPORT = SHIPPED.parent / "tests" / "data" / "support.yaml"


def _quotes_on(doc: dict, key: str, match: dict) -> list[str]:
    return [c["quote"] for c in doc.get(key) or []
            if all(c.get(k) == v for k, v in match.items())]


def test_every_description_and_answer_is_carried_by_every_holder():
    """tests/data/support.yaml is a reviewed table: for every pair description and every
    held answer, each source behind it and the phrase of its quotes that carries it. A new
    backer or holder, one that drops out, or a reworded description or answer must be
    reviewed again; every phrase must be the holder's own words on that pair or question."""
    from test_fidelity import normalise

    table = yaml.safe_load(SUPPORT.read_text(encoding="utf-8"))
    docs = shipped_docs()
    pairs = yaml.safe_load((SHIPPED / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    for pair in pairs:
        if not pair.get("description"):
            continue
        reviewed = table["pairs"][pair["id"]]
        assert " ".join(reviewed["description"].split()) == " ".join(pair["description"].split())
        backers = {sid for sid, doc in docs.items() for c in doc.get("contrasts") or []
                   if c["pair"] == pair["id"] and c.get("stance", "backs") == "backs"}
        assert set(reviewed["backers"]) == backers, pair["id"]
        for sid, phrases in reviewed["backers"].items():
            quotes = normalise(" ".join(_quotes_on(docs[sid], "contrasts",
                                                   {"pair": pair["id"]})))
            for phrase in phrases:
                assert normalise(phrase) in quotes, (pair["id"], sid, phrase)
    disputes = yaml.safe_load((SHIPPED / "disputes.yaml").read_text(encoding="utf-8"))
    held = plain_stands()
    for dispute in disputes["disputes"]:
        for position in dispute["positions"]:
            holders = held.get(dispute["id"], {}).get(position["id"], set())
            reviewed = table["disputes"].get(dispute["id"], {}).get(position["id"])
            if not holders:
                assert reviewed is None, (dispute["id"], position["id"])
                continue
            assert reviewed is not None, (dispute["id"], position["id"])
            assert " ".join(reviewed["claim"].split()) == " ".join(position["claim"].split())
            assert set(reviewed["holders"]) == holders, (dispute["id"], position["id"])
            for sid, phrases in reviewed["holders"].items():
                quotes = normalise(" ".join(_quotes_on(
                    docs[sid], "stands", {"dispute": dispute["id"],
                                          "position": position["id"]})))
                for phrase in phrases:
                    assert normalise(phrase) in quotes, (dispute["id"], sid, phrase)


def _live_pairs(extra: dict[str, set[str]] | None = None) -> dict[str, str]:
    """pair -> the question naming it that two or more answers are held on (the plain YAML's
    holders, and `extra`: more dispute -> positions held)."""
    disputes = yaml.safe_load((SHIPPED / "disputes.yaml").read_text(encoding="utf-8"))
    held = {d: set(p) for d, p in plain_stands().items()}
    for dispute, positions in (extra or {}).items():
        held.setdefault(dispute, set()).update(positions)
    return {d["pair"]: d["id"] for d in disputes["disputes"]
            if d.get("pair") and len(held.get(d["id"], ())) >= 2}


def _check_marks(invoke, live: dict[str, str], *args: str) -> None:
    doc = as_json(invoke("compare", "-f", "json", *args))
    for row in doc["pairs"]:
        assert row["disputed"] == (row["pair"] in live or row["contested"] + row["mixed"] > 0)
        assert row["disputes"] == ([live[row["pair"]]] if row["pair"] in live else [])
    disputes = yaml.safe_load((SHIPPED / "disputes.yaml").read_text(encoding="utf-8"))
    questions = {d["id"]: d["question"] for d in disputes["disputes"]}
    text = " ".join(invoke("compare", "--no-pager", *args).stdout.split())
    for pair, dispute_id in live.items():  # the question in words; the terminal's pointer
        assert f'the sources disagree on "{questions[dispute_id]}"' in text
        assert f"cxref why {pair}" in text


def test_the_shipped_data_marks_only_pairs_a_held_dispute_names(invoke):
    """On the shipped data no question answered two ways names a pair, so no row is marked
    disputed (and none is contested): a row is marked only where sources disagree."""
    live = _live_pairs()
    assert live == {}
    _check_marks(invoke, live)
    assert not any(row["disputed"] for row in as_json(invoke("compare", "-f", "json"))["pairs"])


def test_a_disputed_pair_says_so_and_names_the_question(invoke, make_tree):
    """A user source that holds an answer excluding the shipped one on 'Is customer experience
    the interactions, how the customer feels about them, or both?' makes the question a
    dispute, and the pair it names (feelings-actions) is marked and names it."""
    from conftest import user_source

    stand = {"dispute": "cx-interactions-or-feelings", "position": "only-interactions",
             "quote": "CX is the interactions, nothing more."}
    tree = make_tree({"sources": {"mine.yaml": user_source("mine", stands=[stand])}})
    live = _live_pairs({"cx-interactions-or-feelings": {"only-interactions"}})
    assert live == {"feelings-actions": "cx-interactions-or-feelings"}
    _check_marks(invoke, live, "-d", str(tree))
