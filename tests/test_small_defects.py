"""The smaller defects of the reader-first review, each pinned by a test."""

from __future__ import annotations

import json


def as_json(run):
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


def test_export_of_one_part_prints_its_heading_once(invoke):
    text = invoke("export", "definitions").stdout
    assert text.count("Definitions by source") == 1


def test_one_source_is_one_source(invoke):
    flat = " ".join(invoke("compare", "--source", "franz").stdout.split())
    assert "Out of the 1 source that" in flat and "1 sources" not in flat


def test_json_never_lists_a_null_voice(invoke):
    for row in as_json(invoke("compare", "-f", "json"))["pairs"]:
        for cite in row["sources"]:
            if isinstance(cite, dict):
                assert None not in cite["attributed_to"]


def test_json_gives_each_side_its_own_fields(invoke):
    why = as_json(invoke("why", "proactive", "-f", "json"))
    assert why["sides"] == [{"term": "customer-experience", "trait": "proactive"},
                            {"term": "customer-service", "trait": "reactive"}]
    pair = as_json(invoke("ids", "-f", "json"))["pairs"][0]
    assert {"term_a", "trait_a", "term_b", "trait_b"} <= set(pair)


def test_help_summaries_are_whole_at_80_columns(invoke):
    lines = invoke("--help", width=80).stdout.split("Commands:")[1].splitlines()
    assert lines and not [line for line in lines if line.rstrip().endswith("...")]


def test_compare_json_carries_each_figure_as_an_integer(invoke):
    for row in as_json(invoke("compare", "-f", "json"))["pairs"]:
        for key in ("both_sides", "one_side", "contested", "mixed", "support"):
            assert isinstance(row[key], int), key
        assert row["support"] == row["both_sides"] + row["one_side"] + row["mixed"]


def test_the_verb_agrees_with_the_number_of_sources(invoke):
    one = " ".join(invoke("compare", "--source", "franz").stdout.split())
    assert "Out of the 1 source that describes or contrasts both terms." in one
    five = " ".join(invoke("compare").stdout.split())
    assert "Out of the 5 sources that describe or contrast both terms." in five


def test_search_gives_a_sources_rank_once(invoke):
    rows = [line.split(" | ") for line in
            invoke("search", "customer", "-f", "markdown").stdout.splitlines()
            if line.startswith("| ") and not line.startswith(("| #", "| ---"))]
    ranks = [row[0].removeprefix("| ") for row in rows]
    shown = [rank for rank in ranks if rank.strip()]
    assert len(rows) > len(shown) > 1 and len(shown) == len(set(shown)), ranks
    # The data formats keep the rank on every row.
    results = as_json(invoke("search", "customer", "-f", "json"))["results"]
    assert len(results) == len(rows) and all(isinstance(r["rank"], int) for r in results)


_STOP = {"every", "each", "with", "their", "that", "which", "what", "from", "into", "this",
         "them", "they", "when", "your", "does", "other"}


def _content_words(text: str) -> set[str]:
    """The words of `text` that carry its meaning, crudely stemmed: 'sources' and 'source's'
    are 'source'."""
    import re

    found = set()
    for word in re.findall(r"[A-Za-z’']{4,}", text):
        word = re.sub(r"['’]s$", "", word.lower()).rstrip("s")
        if word not in _STOP:
            found.add(word)
    return found


def _commands():
    import typer

    from cxref.cli import app

    return typer.main.get_command(app).commands  # type: ignore[attr-defined]


def test_no_help_states_its_summary_twice(invoke):
    for name, command in _commands().items():
        summary, *rest = [p.strip() for p in command.help.split("\n\n") if p.strip()]
        shown = " ".join(invoke(name, "--help").stdout.split())
        assert shown.count(summary) == 1, name
        said = _content_words(summary)
        for paragraph in rest:
            if paragraph.startswith("Example:"):
                continue
            again = said & _content_words(paragraph)
            assert len(again) < len(said) / 2, (name, sorted(again), paragraph)


def test_search_limit_reads_as_a_number(invoke):
    shown = invoke("search", "--help").stdout
    assert "--limit N" in shown and "RANGE" not in shown


def test_similarities_show_each_claims_quote_and_voice(invoke):
    gartner = "they both have a shared outcome: customer loyalty"
    for fmt in ("html", "markdown"):
        assert gartner in " ".join(invoke("similarities", "-f", fmt).stdout.split()), fmt
    assert "Gartner noted that customer service" in invoke("similarities").stdout
    rows = as_json(invoke("similarities", "-f", "json"))["similarities"]
    loyalty = [r for r in rows if r["trait"] == "customer loyalty"]
    assert [(r["source"], r["attributed_to"], r["reported"]) for r in loyalty] == \
        [("franz", "Gartner", True)]
    assert gartner in loyalty[0]["quote"]
    assert all(r["quote"] for r in rows)


def test_every_example_in_the_help_runs(invoke, tmp_path, monkeypatch):
    """A help text's example is what a newcomer types first: each runs on the shipped data
    (in a scratch folder, files it writes landing there; `edit` with an editor that does
    nothing). The example of `disputes` had named a question by words it no longer holds."""
    import shlex

    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-sources").mkdir()
    ran = []
    for name in ("new", *sorted(set(_commands()) - {"new"})):  # new makes what edit opens
        for line in _commands()[name].help.splitlines():
            if line.strip().startswith("Example: cxref "):
                args = shlex.split(line.strip().removeprefix("Example: cxref "))
                if ">" in args:  # a shell redirection: the output is what is checked
                    args = args[:args.index(">")]
                run = invoke(*args, env={"EDITOR": "true", "VISUAL": "true"})
                if name == "edit":  # the draft `new` made, opened; unfilled, it is kept apart
                    assert "opening my-article.yaml" in run.stderr, run.stderr
                    continue
                assert run.exit_code == 0, (line, run.stderr)
                ran.append(name)
    assert {"compare", "disputes", "search", "why", "export"} <= set(ran)
