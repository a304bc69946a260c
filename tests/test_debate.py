"""The debate through the CLI: disputes in every format, the ids an author may use, the
registry of problem codes, and the new options (global options anywhere, --output by
extension). Counts are checked against the shipped files read with plain PyYAML."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import SHIPPED, assert_one_line_error, shipped_docs

from cxref import codes


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


def test_shipped_data_holds_at_least_six_disputes():
    held = plain_stands()
    disputed = [d for d, positions in held.items() if len(positions) >= 2]
    assert len(disputed) >= 6, disputed


def test_disputes_lists_every_question_answered_two_ways(invoke):
    doc = as_json(invoke("disputes", "-f", "json"))
    held = plain_stands()
    expected = {d for d, positions in held.items() if len(positions) >= 2}
    assert {r["dispute"] for r in doc["stands"]} == expected
    for row in doc["stands"]:
        if row["source"] is not None:
            assert row["source"] in held[row["dispute"]][row["position_id"]]


@pytest.mark.parametrize("given", ["service-needs-person", "involve a person",
                                   "Does customer service involve a person?"])
def test_one_dispute_by_id_or_words(invoke, given):
    doc = as_json(invoke("disputes", given, "-f", "json"))
    assert {r["dispute"] for r in doc["stands"]} == {"service-needs-person"}


def test_disputes_show_voices_and_reports(invoke):
    markdown = invoke("disputes", "service-importance", "-f", "markdown").stdout
    assert "Gartner, as reported by Annette Franz" in markdown
    assert "Bill Quiseng" in markdown


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "html", "svg"])
def test_disputes_in_every_format(invoke, fmt):
    run = invoke("disputes", "-f", fmt)
    assert run.exit_code == 0 and run.stderr == "" and run.stdout.strip()


def test_export_has_disputes_and_evidence(invoke):
    text = invoke("export").stdout
    assert "## Does customer service involve a person?" in text
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
