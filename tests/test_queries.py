"""The queries as pure functions over a corpus built in memory: no files, no terminal."""

from __future__ import annotations

import msgspec
import pytest

from cxref import queries, searching, views
from cxref.errors import EXIT_USAGE, UsageError
from cxref.model import (
    Catalogue,
    Contrast,
    Corpus,
    Definition,
    SharedTrait,
    Similarity,
    Source,
    Term,
    TraitPair,
)

CX, CS, CARE = "customer-experience", "customer-service", "customer-care"


def corpus(*sources: Source) -> Corpus:
    catalogue = Catalogue(
        terms=(Term(CX, "customer experience", ("CX",)), Term(CS, "customer service", ("CS",)),
               Term(CARE, "customer care")),
        pairs=(TraitPair("whole-part", ((CX, "whole"), (CS, "part"))),
               TraitPair("proactive-reactive", ((CX, "proactive"), (CS, "reactive"))),
               TraitPair("feel-do", ((CX, "how it feels"), (CS, "what you do"))),
               TraitPair("care-respond", ((CARE, "caring"), (CS, "responding")))),
        shared_traits=(SharedTrait("empathy", "empathy"), SharedTrait("listening", "listening")),
    )
    return Corpus(catalogue, tuple(sorted(sources, key=lambda s: s.id)))


def both(sid: str, *contrasts: Contrast, **kw) -> Source:
    """A source that defines both CX and CS."""
    return Source(sid, definitions=(Definition(CX, f"{sid} on CX"), Definition(CS, f"{sid} on CS")),
                  contrasts=contrasts, **kw)


# -- compare -------------------------------------------------------------------------------------

def test_compare_counts_k_of_n_and_orders_by_support():
    c = corpus(
        both("a", Contrast("whole-part", "q"), Contrast("proactive-reactive", "q")),
        both("b", Contrast("proactive-reactive", "q")),
        both("c", Contrast("proactive-reactive", "q"), Contrast("feel-do", "q")),
        both("d"),  # describes both terms, backs nothing: still one of the N
        Source("e", definitions=(Definition(CARE, "care"),)),  # not about CX at all
    )
    result = queries.compare(c)
    assert [(r.pair.id, r.support) for r in result.rows] == [
        ("proactive-reactive", 3), ("whole-part", 1), ("feel-do", 1)]  # ties: catalogue order
    assert result.considered == 4
    assert [b.source for b in result.rows[0].backing] == ["a", "b", "c"]
    assert (result.term_a.id, result.term_b.id) == (CX, CS)
    assert [(r.trait_a, r.trait_b) for r in result.rows][0] == ("proactive", "reactive")


def test_compare_leaves_out_pairs_of_other_terms():
    c = corpus(both("a", Contrast("care-respond", "q"), Contrast("whole-part", "q")))
    assert [r.pair.id for r in queries.compare(c).rows] == ["whole-part"]
    assert [r.pair.id for r in queries.compare(c, "customer care", "cs").rows] == ["care-respond"]


def test_compare_flipped_swaps_traits_not_support():
    c = corpus(both("a", Contrast("whole-part", "q")))
    row = queries.compare(c, "cs", "cx").rows[0]
    assert (row.trait_a, row.trait_b, row.support) == ("part", "whole", 1)


def test_compare_min_support_filters_rows_not_n():
    c = corpus(both("a", Contrast("whole-part", "q"), Contrast("feel-do", "q")),
               both("b", Contrast("whole-part", "q")))
    assert [r.pair.id for r in queries.compare(c, min_support=2).rows] == ["whole-part"]
    assert queries.compare(c, min_support=2).considered == 2
    assert queries.compare(c, min_support=3).rows == ()
    assert queries.compare(c, min_support=3).considered == 2


def test_compare_side_only_backing():
    c = corpus(
        both("a", Contrast("whole-part", "q", side=CS)),
        both("b", Contrast("whole-part", "q", side=CS), Contrast("whole-part", "r", side=CX)),
        both("c", Contrast("whole-part", "q", side=CX), Contrast("whole-part", "r")),
    )
    backing = {b.source: b.side for b in queries.compare(c).rows[0].backing}
    assert backing == {"a": CS, "b": None, "c": None}


def test_compare_source_backing_one_side_only_counts_in_n():
    """A source that only speaks to one side of a pair still backs it: N must include it, or
    the table would read '1 of 0'."""
    c = corpus(Source("lone", contrasts=(Contrast("proactive-reactive", "q", side=CS),)))
    result = queries.compare(c)
    assert [(r.pair.id, r.support) for r in result.rows] == [("proactive-reactive", 1)]
    assert result.considered == 1
    for row in result.rows:
        assert row.support <= result.considered


def test_compare_voices_keep_own_words_and_attributions():
    c = corpus(both("a", Contrast("whole-part", "q"), Contrast("whole-part", "r",
                                                               attributed_to="Gartner"),
                    Contrast("whole-part", "s", attributed_to="Gartner")))
    assert queries.compare(c).rows[0].backing[0].voices == ("", "Gartner")


def test_compare_only_chosen_sources():
    c = corpus(both("a", Contrast("whole-part", "q")), both("b", Contrast("whole-part", "q")),
               both("c"))
    result = queries.compare(c, sources=["B"])
    assert [b.source for b in result.rows[0].backing] == ["b"]
    assert result.considered == 1
    with pytest.raises(UsageError, match="did you mean 'b'"):
        queries.compare(c, sources=["bb"])


def test_compare_one_term_twice_is_refused():
    with pytest.raises(UsageError, match="two different terms"):
        queries.compare(corpus(), "CX", "customer experience")


# -- lookups and suggestions ---------------------------------------------------------------------

@pytest.mark.parametrize("given", ["customer service", "CS", "cs", "Customer SERVICE",
                                   "customer-service", "  customer \t service ", "Cs"])
def test_find_term_by_name_alias_or_id_any_case(given):
    assert queries.find_term(corpus(), given).id == CS


@pytest.mark.parametrize("given,suggestion", [("customer servce", "customer service"),
                                              ("custome experience", "customer experience"),
                                              ("customer-car", "customer care"),  # an id: named
                                              ("Customer Cair", "customer care")])
def test_find_term_suggests_the_closest(given, suggestion):
    with pytest.raises(UsageError) as caught:
        queries.find_term(corpus(), given)
    assert str(caught.value) == f"unknown term '{given}'; did you mean '{suggestion}'?"
    assert caught.value.exit_code == EXIT_USAGE


def test_find_term_lists_known_when_nothing_is_close():
    with pytest.raises(UsageError) as caught:
        queries.find_term(corpus(), "quantum flux")
    message = str(caught.value)
    assert "did you mean" not in message
    assert message.startswith("unknown term 'quantum flux'; known: customer experience, ")


@pytest.mark.parametrize("given", ["proactive", "reactive", "REACTIVE", "proactive-reactive",
                                   "proactive vs reactive", "reactive vs proactive",
                                   "proactive vs. reactive", "reactive / proactive",
                                   "proactive versus reactive", " Proactive  VS  Reactive "])
def test_find_pair_by_either_side_id_or_both(given):
    assert queries.find_pair(corpus(), given).id == "proactive-reactive"


def test_find_pair_with_multiword_traits():
    assert queries.find_pair(corpus(), "what you do vs how it feels").id == "feel-do"
    assert queries.find_pair(corpus(), "How It Feels").id == "feel-do"


@pytest.mark.parametrize("given", ["proactive vs part", "whole vs reactive", "reactive vs",
                                   "proactive-whole"])
def test_find_pair_mismatch_is_unknown(given):
    with pytest.raises(UsageError, match="unknown trait"):
        queries.find_pair(corpus(), given)


def test_find_pair_suggests():
    with pytest.raises(UsageError, match="did you mean 'proactive'"):
        queries.find_pair(corpus(), "proactiv")


def test_find_source_any_case_and_suggestions():
    c = corpus(both("franz"), both("rehbein"))
    assert queries.find_source(c, "FRANZ").id == "franz"
    with pytest.raises(UsageError, match=r"unknown source 'frnaz'; did you mean 'franz'\?"):
        queries.find_source(c, "frnaz")
    with pytest.raises(UsageError, match="known: franz, rehbein$"):
        queries.find_source(c, "zzz")


def test_term_and_trait_names_cover_every_spelling():
    c = corpus()
    assert set(queries.term_names(c)) >= {"customer service", "CS", CS, "customer care", CARE}
    assert set(queries.trait_names(c)) >= {"proactive", "reactive", "proactive-reactive"}


# -- definitions, similarities, terms, why, matrix -------------------------------------------

def test_definitions_of_in_source_order():
    c = corpus(both("b"), both("a"), Source("c", definitions=(Definition(CS, "c1"),
                                                               Definition(CS, "c2"))))
    term, found = queries.definitions_of(c, "cs")
    assert term.id == CS
    assert [(s.id, d.quote) for s, d in found] == [("a", "a on CS"), ("b", "b on CS"),
                                                   ("c", "c1"), ("c", "c2")]


def test_similarities_each_claim_of_each_shared_trait_in_source_order():
    sim = Similarity("empathy", "q", ((CX, "feel"), (CS, "listen")))
    c = corpus(Source("b", similarities=(Similarity("empathy", "r", ((CX, "feel"),)),)),
               Source("a", similarities=(sim,)))
    a, b, rows = queries.similarities(c)
    assert (a.id, b.id) == (CX, CS)
    assert [trait.id for trait, _ in rows] == ["empathy"]  # 'listening' has no claim: no row
    claims = rows[0][1]
    assert [(s.id, claim.quote) for s, claim in claims] == [("a", "q"), ("b", "r")]
    flipped_a, _, _ = queries.similarities(c, "cs", "cx")
    assert claims[0][1].description_of(flipped_a.id) == "listen"


def test_terms_summary():
    c = corpus(both("a"), Source("b", definitions=(Definition(CS, "x"), Definition(CS, "y"))))
    summary = {t.id: tuple(s.id for s in by) for t, by in queries.terms(c)}
    assert summary == {CX: ("a",), CS: ("a", "b"), CARE: ()}


def test_why_groups_by_source():
    c = corpus(both("a", Contrast("whole-part", "q1"), Contrast("feel-do", "x"),
                    Contrast("whole-part", "q2", side=CS)),
               both("b"), both("c", Contrast("whole-part", "q3")))
    pair, grouped = queries.why(c, "part")
    assert pair.id == "whole-part"
    assert [(s.id, [x.quote for x in claims]) for s, claims in grouped] == [
        ("a", ["q1", "q2"]), ("c", ["q3"])]


def test_matrix_cells():
    c = corpus(both("a", Contrast("whole-part", "q", side=CS), Contrast("feel-do", "q")),
               both("b"))
    assert [p.id for p in c.catalogue.pairs] == ["whole-part", "proactive-reactive", "feel-do",
                                                 "care-respond"]
    cells = {s.id: row for s, row in queries.matrix(c)}
    assert cells["a"][0].side == CS and cells["a"][1] is None and cells["a"][2].side is None
    assert cells["b"] == (None, None, None, None)
    assert [s.id for s, _ in queries.matrix(c, ["b"])] == ["b"]


# -- search --------------------------------------------------------------------------------------

def test_search_title_match_beats_a_quote_match():
    c = corpus(Source("by-quote", title="Other", definitions=(Definition(CS, "about loyalty"),)),
               Source("by-title", title="Loyalty matters", definitions=(Definition(CS, "x"),)))
    hits = searching.search(c, "loyalty")
    assert [h.source.id for h in hits] == ["by-title", "by-quote"]
    assert hits[0].score > hits[1].score


def test_search_needs_every_word():
    c = corpus(Source("one", definitions=(Definition(CS, "service with a smile"),)),
               Source("two", definitions=(Definition(CS, "service only"),)))
    assert [h.source.id for h in searching.search(c, "SMILE service")] == ["one"]
    assert searching.search(c, "smile frown") == []


def test_search_ties_by_id_and_limit():
    c = corpus(*(Source(sid, definitions=(Definition(CS, "same words"),)) for sid in "cab"))
    assert [h.source.id for h in searching.search(c, "same")] == ["a", "b", "c"]
    assert [h.source.id for h in searching.search(c, "same", limit=2)] == ["a", "b"]


def test_search_snippets_mark_the_matches():
    c = corpus(Source("s", author="Ann Smile", definitions=(Definition(CS, "Smile, smile!"),)))
    hit = searching.search(c, "smile")[0]
    fields = {s.field.kind: s for s in hit.snippets}
    assert fields["definition"].spans == ((0, 5), (7, 12))
    assert fields["definition"].field.claim == Definition(CS, "Smile, smile!")
    assert fields["author"].spans == ((4, 9),)


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_search_blank_is_usage_error(blank):
    with pytest.raises(UsageError, match="needs some text"):
        searching.search(corpus(), blank)


def test_search_view_shows_the_whole_quote_with_the_match_marked():
    text = "word " * 40 + "NEEDLE" + " tail" * 40
    c = corpus(Source("s", definitions=(Definition(CS, text),)))
    report = views.search(c, "needle", searching.search(c, "needle"))
    row = report.tables[0].rows[0]
    match = row["match"]
    assert match.value == text  # never cut mid-text: a quote is read whole
    start, end = match.spans[0]
    assert match.value[start:end] == "NEEDLE"
    assert row["field"] == "definition of customer service"  # names, not ids


# -- stance: both sides, one side, contested ------------------------------------------------------

def test_each_stance_is_counted_apart():
    c = corpus(
        both("a", Contrast("proactive-reactive", "q")),                      # both sides
        both("b", Contrast("proactive-reactive", "q", side=CS)),              # one side
        both("c", Contrast("proactive-reactive", "q", side=CX),
             Contrast("proactive-reactive", "q", side=CS)),                   # both, in two
        both("d", Contrast("proactive-reactive", "q", side=CS, stance="contests")),  # contests
    )
    row = queries.compare(c).rows[0]
    assert [row.count(kind) for kind in queries.KINDS[:3]] + [row.support] == [2, 1, 1, 3]
    by_source = {b.source: b for b in row.backing}
    assert by_source["b"].side == CS and by_source["b"].kind == queries.ONE_SIDE
    assert by_source["c"].kind == queries.BOTH_SIDES
    assert by_source["d"].contested == (CS,) and not by_source["d"].backs


def test_compare_ranks_two_sided_backing_above_more_one_sided():
    c = corpus(
        both("a", Contrast("whole-part", "q", side=CS), Contrast("feel-do", "q")),
        both("b", Contrast("whole-part", "q", side=CX)),
        both("c", Contrast("whole-part", "q", side=CS)),
    )
    # whole-part has three backers, all one-sided; feel-do one, on both sides: it comes first.
    assert [r.pair.id for r in queries.compare(c).rows] == ["feel-do", "whole-part"]


def test_min_support_counts_backers_not_contesters():
    c = corpus(both("a", Contrast("whole-part", "q", side=CS, stance="contests")),
               both("b", Contrast("whole-part", "q", side=CS, stance="contests")))
    assert queries.compare(c, min_support=1).rows == ()
    rows = {r.pair.id: r for r in queries.compare(c, min_support=0).rows}
    assert rows["whole-part"].count(queries.CONTESTING) == 2


def test_a_contesting_claim_is_not_a_description_of_the_term():
    c = corpus(Source("x", definitions=(Definition(CX, "q"),),
                      contrasts=(Contrast("whole-part", "q", side=CS, stance="contests"),)))
    assert not queries.describes(c.sources[0], CS, {p.id: p for p in c.catalogue.pairs})


def test_why_lists_backers_before_contesters():
    c = corpus(both("a", Contrast("whole-part", "q", side=CS, stance="contests")),
               both("b", Contrast("whole-part", "q2", side=CS, stance="contests"),
                    Contrast("whole-part", "q1")))
    _, grouped = queries.why(c, "whole")
    assert [(s.id, [cl.quote for cl in claims]) for s, claims in grouped] == [
        ("b", ["q1", "q2"]), ("a", ["q"])]


def test_reported_voices_are_kept_apart_from_quoted_ones():
    c = corpus(both("a", Contrast("whole-part", "q", attributed_to="Gartner", reported=True),
                    Contrast("whole-part", "r", attributed_to="Ameyo")))
    backing = queries.compare(c).rows[0].backing[0]
    assert backing.voices == ("Gartner", "Ameyo") and backing.reported == ("Gartner",)


# -- disputes -------------------------------------------------------------------------------------

def disputed(*sources: Source) -> Corpus:
    from cxref.model import Dispute, Position

    base = corpus(*sources)
    question = Dispute("needs-person", "Does customer service need a person?",
                       (Position("human", "Yes."), Position("not-necessarily", "No.")))
    return base._replace(catalogue=msgspec.structs.replace(base.catalogue,
                                                           disputes=(question,)))


def test_disputes_list_the_holders_of_each_position():
    from cxref.model import Stand

    c = disputed(Source("a", stands=(Stand("needs-person", "human", "qa"),)),
                 Source("b", stands=(Stand("needs-person", "not-necessarily", "qb",
                                           attributed_to="Bo", reported=True),)),
                 Source("c", stands=(Stand("needs-person", "human", "qc"),)))
    (row,) = queries.disputes(c)
    assert row.held == 2
    assert [(p.position.id, [s.id for s, _ in p.holders]) for p in row.positions] == [
        ("human", ["a", "c"]), ("not-necessarily", ["b"])]
    assert row.positions[1].holders[0][1].reported


def test_a_question_answered_one_way_only_is_no_dispute_unless_asked_for():
    from cxref.model import Stand

    c = disputed(Source("a", stands=(Stand("needs-person", "human", "qa"),)))
    assert queries.disputes(c) == []
    assert queries.disputes(c, "needs-person")[0].held == 1
    assert queries.disputes(c, "need a person")[0].dispute.id == "needs-person"


def test_unknown_dispute_suggests():
    with pytest.raises(UsageError, match="did you mean 'needs-person'"):
        queries.disputes(disputed(), "needs-persn")


def test_rows_tied_on_two_sided_backing_rank_by_one_side_then_fewest_contesting():
    """Ties on two-sided backing are broken by one-sided backing, then by fewer contesting
    or mixed sources; the catalogue's order breaks the ties that remain."""
    sources = (
        Source("a", contrasts=(Contrast("whole-part", "q"), Contrast("feel-do", "q"),
                               Contrast("proactive-reactive", "q"))),
        # whole-part and feel-do are tied on both sides (1); feel-do has one-sided backing
        Source("b", contrasts=(Contrast("feel-do", "q", side=CS),)),
        # whole-part, first in the catalogue, ties proactive-reactive on both counts but is
        # contested: it goes after it
        Source("c", contrasts=(Contrast("whole-part", "q", side=CS, stance="contests"),)),
    )
    rows = queries.compare(corpus(*sources)).rows
    assert [r.pair.id for r in rows] == ["feel-do", "proactive-reactive", "whole-part"]
    # With no tie-breaker left, the catalogue's order stands.
    plain = (Source("a", contrasts=(Contrast("feel-do", "q"), Contrast("whole-part", "q"))),)
    assert [r.pair.id for r in queries.compare(corpus(*plain)).rows] == ["whole-part",
                                                                          "feel-do"]


# -- what the views make ---------------------------------------------------------------------------

def test_a_compare_cite_names_the_stance_for_a_person_and_keeps_it_as_data():
    from cxref.report import cell_json

    c = corpus(both("x", Contrast("whole-part", "q", side=CS, attributed_to="Gartner")),
               both("y", Contrast("whole-part", "q")))
    compared = views.compare(c, queries.compare(c))
    x, y = compared.tables[0].rows[0]["sources"].items
    assert (x.source, x.note, y.note) == ("x", "part only; quoting Gartner", "")
    assert dict(x.data) == {"stance": "one side", "side": CS, "contests": (),
                            "attributed_to": ("Gartner",), "reported": (), "hedges": (),
                            "voices": ({"attributed_to": "Gartner", "reported": False,
                                        "stance": "one side", "side": CS, "contests": (),
                                        "hedges": ()},)}
    assert cell_json(x) == {"source": "x", **dict(x.data)}


def test_a_hedge_is_shown_beside_the_voice_that_says_it():
    """A quoted voice's hedge is that voice's, not the source's: the note, the matrix cell and
    the data keep it beside the voice (Franz's own words are not Disney's 'traditional
    definition'), and the legend explains exactly the marks used."""
    c = corpus(both("x", Contrast("whole-part", "q"),
                    Contrast("whole-part", "q2 usual", attributed_to="Disney", hedge="usual"),
                    Contrast("whole-part", "q3", attributed_to="Genesys", reported=True),
                    Contrast("whole-part", "q4", attributed_to="Ameyo"),
                    Contrast("whole-part", "q5", attributed_to="Gartner")))
    compared = views.compare(c, queries.compare(c))
    (x,) = compared.tables[0].rows[0]["sources"].items
    said = ('own words; quoting Ameyo and Gartner; reporting Genesys; quoting Disney, who '
            'says "usual"')
    assert x.note == said
    voices = {v["attributed_to"]: v["hedges"] for v in dict(x.data)["voices"]}
    assert voices == {None: (), "Disney": ("usual",), "Genesys": (), "Ameyo": (), "Gartner": ()}
    for mark in ("'own words'", "'quoting X'", "'reporting X'", "'says \"usually\"'"):
        assert mark in compared.notes[0]
    assert "'contests'" not in compared.notes[0] and "'mixed'" not in compared.notes[0]
    assert "'disputed'" not in compared.notes[0]
    table = views.matrix(c, queries.matrix(c))
    assert table.tables[0].rows[0]["pair:whole-part"] == f"both sides; {said}"
    assert "'both sides'" in table.notes[0] and "'reporting X'" in table.notes[0]
    assert "'X only'" not in table.notes[0] and "'contests X'" not in table.notes[0]
    hedged = [r for r in table.tables[1].rows if r["attributed_to"] == "Disney"]
    assert [(r["source"], r["pair"], r["hedges"]) for r in hedged] == [
        ("x", "whole-part", views.Items(("usual",)))]
    plain = corpus(both("y", Contrast("whole-part", "q usually", hedge="usually")))
    (y,) = views.compare(plain, queries.compare(plain)).tables[0].rows[0]["sources"].items
    notes = views.compare(plain, queries.compare(plain)).notes[0]
    assert y.note == 'says "usually"' and "'quoting X'" not in notes and "'own words'" not in notes


def test_a_similarity_describes_a_term_by_its_first_description():
    """A source may give a term's side twice (validate allows it); the first is the one shown,
    as the file lists it."""
    similarity = Similarity(trait="empathy", quote="q", descriptions=(
        ("customer-experience", "first"), ("customer-service", "other"),
        ("customer-experience", "second")))
    assert similarity.description_of("customer-experience") == "first"
    assert similarity.description_of("customer-care") is None
