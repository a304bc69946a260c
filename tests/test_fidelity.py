"""Every quote cxref ships is verbatim in the article it is credited to.

The articles are in the seeds folder (``$CXREF_SEEDS``, by default ``<repo>/../shared/seeds``),
whose README maps each file to a source id. Only whitespace, curly quotes and dashes are
normalised; a quote that differs in any other way (a word, a comma, an ellipsis) fails. A missing
seeds folder fails the test run: without it nothing here is checked.

The shipped files are read with plain PyYAML, not with cxref's loader, so a loader bug cannot
make a quote look verbatim.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, SHIPPED, shipped_docs

SEEDS = Path(os.environ.get("CXREF_SEEDS") or REPO.parent / "shared" / "seeds")
SOURCE_IDS = {"ahlfeldt", "rehbein", "amadebai", "keynote-speaker", "franz"}
MIN_QUOTES = 40

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
                         "\u201f": '"', "\u2033": '"'})
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212-]")


def normalise(text: str) -> str:
    """Whitespace collapsed, curly quotes straight, every dash a hyphen; nothing else."""
    text = _DASHES.sub("-", text.translate(_QUOTES))
    return " ".join(text.split())


def seed_map() -> dict[str, Path]:
    """source id -> article file, from the table in the seeds README. Without the articles
    (a fresh clone from a public host has none) the checks skip and say how to run them;
    under CI (`CI` set) they fail instead, so CI always checks every quote."""
    readme = SEEDS / "README.md"
    if not readme.is_file():
        reason = (f"the articles are not at {SEEDS}: set CXREF_SEEDS=DIR to the folder of "
                  "the five articles (its README maps files to source ids) to check every quote")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    mapping = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*(\S+\.txt)\s*\|\s*`([a-z0-9-]+)`\s*\|", line)
        if match:
            mapping[match[2]] = SEEDS / match[1]
    return mapping


shipped = shipped_docs


def quoted_texts(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(place, text) for every `quote` value and every `descriptions` value, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}" if where else str(key)
            if key == "quote":
                yield here, value
            elif key == "descriptions" and isinstance(value, dict):
                for term, text in value.items():
                    yield f"{here}.{term}", text
            else:
                yield from quoted_texts(value, here)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from quoted_texts(item, f"{where}[{index}]")


def test_seeds_readme_maps_all_five_sources():
    mapping = seed_map()
    assert set(mapping) == SOURCE_IDS
    for sid, path in mapping.items():
        assert path.is_file(), f"{sid}: {path} is missing"


def test_all_five_sources_are_shipped():
    assert set(shipped()) == SOURCE_IDS
    for sid in SOURCE_IDS:
        assert (SHIPPED / "sources" / f"{sid}.yaml").is_file()


def test_every_quote_is_verbatim_in_its_article():
    mapping = seed_map()
    articles = {sid: normalise(path.read_text(encoding="utf-8")) for sid, path in mapping.items()}
    checked, missing = 0, []
    for sid, doc in shipped().items():
        assert sid in articles, f"no article for source '{sid}' in {SEEDS / 'README.md'}"
        for place, text in quoted_texts(doc):
            assert isinstance(text, str) and text.strip(), f"{sid}: {place} is empty"
            checked += 1
            if normalise(text) not in articles[sid]:
                missing.append(f"{sid}: {place}: {text!r}")
    assert not missing, "not verbatim in the article:\n" + "\n".join(missing)
    assert checked >= MIN_QUOTES, f"only {checked} quotes checked"


def test_the_normalisation_is_narrow():
    """Curly quotes, dashes and whitespace only: anything else must still differ."""
    assert normalise("it\u2019s \u201cx\u201d \u2013  y\n z") == "it's \"x\" - y z"
    assert normalise("company\u2026 and") != normalise("company... and")
    assert normalise("Customer") != normalise("customer")


@pytest.mark.parametrize("text", ["Customer service is what happens when the customer "
                                  "experience breaks down, mostly.",
                                  "Customer service is what happens when customer experience "
                                  "breaks down."])
def test_a_changed_quote_would_be_caught(text):
    article = normalise(seed_map()["franz"].read_text(encoding="utf-8"))
    assert normalise(text) not in article


def test_franz_quotes_every_secondary_voice():
    from cxref import loader

    corpus = loader.check_folders([SHIPPED])[0]
    franz = corpus.source("franz")
    voices = [c.attributed_to or "" for c in (*franz.definitions, *franz.contrasts,
                                               *franz.similarities, *franz.stands)]
    for name in ("Chris Zane", "Bill Quiseng", "Disney Institute", "Ameyo", "Gartner",
                 "Maximizer", "HelpScout", "Genesys"):
        assert any(v.startswith(name) for v in voices), f"franz quotes nothing from {name}"


def test_ahlfeldt_backs_no_proactive_reactive_contrast():
    from cxref import loader, queries

    corpus = loader.check_folders([SHIPPED])[0]
    assert not [c for c in corpus.source("ahlfeldt").contrasts if c.pair == "proactive-reactive"]
    _, grouped = queries.why(corpus, "proactive vs reactive")
    assert "ahlfeldt" not in [s.id for s, _ in grouped]
    assert grouped, "some source must back proactive / reactive"


def test_reported_speech_is_marked_as_reported():
    """A quote in which the author reports a voice ('Gartner noted that ...') is marked
    `reported`, and a quote marked so names whose words are reported."""
    checked = 0
    for sid, doc in shipped().items():
        for kind in ("definitions", "contrasts", "similarities", "stands", "remarks"):
            for claim in doc.get(kind) or []:
                reports = re.search(r"\b(noted|writes|wrote|said|added) that\b", claim["quote"])
                if reports:
                    checked += 1
                    assert claim.get("reported") is True, (sid, claim["quote"])
                if claim.get("reported"):
                    assert claim.get("attributed_to"), (sid, claim["quote"])
    assert checked >= 2  # Gartner and Genesys, as Franz reports them


def test_disney_uses_the_traditional_definition_it_names():
    """Disney Institute sets customer experience beyond 'the traditional definition of customer
    service' and then speaks of 'these service interactions' itself: it uses that definition, it
    does not argue against it. So the definition backs, hedged by the words that qualify it."""
    franz = shipped()["franz"]
    disney = [d for d in franz["definitions"] if d["term"] == "customer-service"
              and d.get("attributed_to") == "Disney Institute (in an HBR article)"]
    assert len(disney) == 1 and disney[0].get("stance", "backs") == "backs"
    assert "moves us beyond the traditional definition" in disney[0]["quote"]
    assert disney[0]["hedge"] == "traditional definition"


def test_skips_without_the_articles_unless_under_ci(tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "CXREF_SEEDS": str(tmp_path / "none")}
    env.pop("CI", None)
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__,
            "-k", "every_quote_is_verbatim", "-rs"]
    local = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    assert local.returncode == 0 and "CXREF_SEEDS=DIR" in local.stdout, local.stdout
    ci = subprocess.run(args, env={**env, "CI": "true"}, capture_output=True, text=True,
                        check=False)
    assert ci.returncode == 1 and "CXREF_SEEDS=DIR" in ci.stdout, ci.stdout


# -- every claim pinned to the line of the article it rests on ---------------------------------

CLAIMS = REPO / "tests" / "data" / "claims.yaml"


def _claim_pins(kind: str, claim: dict[str, Any]) -> dict[str, Any]:
    """A claim as its pin describes it (without the line)."""
    about = {"definition": claim.get("term"), "contrast": claim.get("pair"),
             "similarity": claim.get("trait"), "remark": None,
             "stand": f"{claim.get('dispute')}/{claim.get('position')}"}[kind]
    pin = {"kind": kind, "about": about, "voice": claim.get("attributed_to"),
           "reported": bool(claim.get("reported")), "hedge": claim.get("hedge")}
    if kind in ("definition", "contrast"):
        pin["stance"] = claim.get("stance", "backs")
    if kind == "contrast":
        pin["side"] = claim.get("side")
    return pin


def test_every_claim_is_pinned_to_the_article_line_it_rests_on():
    """tests/data/claims.yaml holds, for every claim of the shipped data, what an audit of
    the article decided: what it is about, side, stance, voice, reported, hedge, and the line
    of the article its quote begins on. A claim added, dropped or re-read must be pinned
    again, and the quote must begin on that line."""
    pins = yaml.safe_load(CLAIMS.read_text(encoding="utf-8"))
    mapping = seed_map()
    kinds = (("definitions", "definition"), ("contrasts", "contrast"),
             ("similarities", "similarity"), ("stands", "stand"), ("remarks", "remark"))
    checked = 0
    for sid, doc in shipped().items():
        lines = [normalise(line) for line in
                 mapping[sid].read_text(encoding="utf-8").splitlines()]
        claims = [(kind, claim) for key, kind in kinds for claim in doc.get(key) or []]
        assert len(claims) == len(pins[sid]), f"{sid}: {len(claims)} claims, " \
            f"{len(pins[sid])} pins"
        for (kind, claim), pin in zip(claims, pins[sid]):
            expected = {k: v for k, v in pin.items() if k != "line"}
            assert _claim_pins(kind, claim) == expected, (sid, claim["quote"][:60])
            start = normalise(claim["quote"])[:40]
            assert start in lines[pin["line"] - 1], (sid, pin["line"], start)
            checked += 1
    assert checked >= 100


def test_every_hedge_is_words_of_its_quote():
    for sid, doc in shipped().items():
        for key in ("definitions", "contrasts", "similarities", "stands", "remarks"):
            for claim in doc.get(key) or []:
                if claim.get("hedge"):
                    assert normalise(claim["hedge"]).casefold() in \
                        normalise(claim["quote"]).casefold(), (sid, claim["hedge"])


# -- the readings of issue 25, each decided in docs/curation.md --------------------------------

DISPUTES = SHIPPED / "disputes.yaml"
KINDS = ("definitions", "contrasts", "similarities", "stands", "remarks")
QUISENG = "Bill Quiseng (asked by Debbie Laskey)"
DISNEY = "Disney Institute (in an HBR article)"


def _claims(sid: str, kind: str, **match: Any) -> list[dict[str, Any]]:
    return [c for c in shipped()[sid].get(kind) or []
            if all(c.get(k) == v for k, v in match.items())]


def _answers() -> dict[tuple[str, str], str]:
    """(dispute, position) -> the answer's claim."""
    doc = yaml.safe_load(DISPUTES.read_text(encoding="utf-8"))
    return {(d["id"], p["id"]): p["claim"] for d in doc["disputes"] for p in d["positions"]}


def test_rehbeins_puzzle_is_the_one_he_illustrated():
    """Rehbein's 'one piece of the puzzle' follows his Customer Lifecycle illustration (l.11):
    every quote of it keeps 'As illustrated above,', and it is not filed as service being a
    part of customer experience."""
    quotes = [c["quote"] for kind in KINDS for c in _claims("rehbein", kind)
              if "one piece of the puzzle" in c["quote"]]
    assert len(quotes) >= 2
    assert all(normalise(q).startswith("As illustrated above, Customer Service") for q in quotes)
    assert not _claims("rehbein", "stands", dispute="part-or-sibling")
    assert not _claims("rehbein", "contrasts", pair="broad-aspect")


_OFTEN = re.compile(r"\b(usually|often|typically|sometimes|can)\b", re.I)
_ALWAYS = re.compile(r"(?<!not )\b(always|only)\b", re.I)


def test_no_hedged_stand_is_filed_under_an_answer_its_hedge_denies():
    """'Usually' is not 'always' nor 'only': a stand hedged by how often or whether something
    happens is never filed under an answer that says always or only (an answer that says
    'not always' or 'not only' is what the hedge supports)."""
    answers = _answers()
    hedged = 0
    for sid, doc in shipped().items():
        for stand in doc.get("stands") or []:
            if stand.get("hedge") and _OFTEN.search(stand["hedge"]):
                hedged += 1
                claim = answers[stand["dispute"], stand["position"]]
                assert not _ALWAYS.search(claim), (sid, stand["hedge"], claim)
    assert hedged >= 2
    assert _ALWAYS.search("Yes, always.") and _ALWAYS.search("Only when it breaks.")
    assert not _ALWAYS.search("Not always.") and not _ALWAYS.search("Not only then.")


def test_a_usually_is_filed_under_the_answer_it_supports():
    """The keynote's 'usually involves direct human interaction' (l.3) answers 'not always';
    Rehbein's 'usually when an issue arises' (l.11) is no 'only when something goes wrong', and
    says too little of the rest to be filed anywhere on that question."""
    keynote = _claims("keynote-speaker", "stands", dispute="service-needs-person")
    assert [(s["position"], s["hedge"]) for s in keynote] == [("not-necessarily", "usually")]
    assert "usually involves direct human interaction" in keynote[0]["quote"]
    assert not _claims("rehbein", "stands", dispute="service-only-problems")


def test_helpscout_and_zane_and_amadebai_say_nothing_of_only():
    """HelpScout's 'advice ... as needed' (l.38) is too thin for 'not only when something goes
    wrong'; Zane's aphorism (l.21) and Amadebai's 'response tool for any bumps' (l.23) never say
    'only': none is a stand on when customer service comes into play, nor is Maximizer's
    'assisting customers and meeting their needs' (l.36), which says nothing of when."""
    stands = _claims("franz", "stands", dispute="service-only-problems")
    assert [(s.get("attributed_to"), s["position"]) for s in stands] == \
        [("Ameyo", "only-problems")]
    assert not _claims("amadebai", "stands", dispute="service-only-problems")


def test_ahlfeldts_ways_a_consumer_interfaces_are_not_narrowed():
    """Ahlfeldt defines customer experience as 'all the ways that a consumer interfaces with a
    brand' (l.8: price, product, store environment ...), not as the customer's interactions: no
    answer she holds and no description of a pair she backs speaks of interactions, and every
    quote of the definition keeps its words and its examples."""
    doc = shipped()["ahlfeldt"]
    answers = _answers()
    held = [answers[s["dispute"], s["position"]] for s in doc["stands"]]
    pairs = {p["id"]: p["description"] for p in
             yaml.safe_load((SHIPPED / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]}
    backed = [pairs[c["pair"]] for c in doc["contrasts"]]
    assert held and backed
    assert not [text for text in (*held, *backed) if "interaction" in text.casefold()]
    assert not _claims("ahlfeldt", "stands", dispute="cx-interactions-or-feelings")
    interfaces = [c["quote"] for kind in KINDS for c in doc.get(kind) or []
                  if "interfaces" in c["quote"]]
    assert interfaces and all("all the ways that a consumer interfaces with a brand" in q
                              and "price, product, store environment" in q for q in interfaces)


def test_rehbein_and_the_keynote_are_filed_alike_on_touch_points_and_feelings():
    """Rehbein's 'the various touch points ... specifically what your customer thinks and feels'
    (l.13) and the keynote's 'every touchpoint ... CX is about how customers feel' (l.4) say the
    same thing, and hold the same answer: both; no one holds 'only the interactions' or 'only
    the feelings' (Quiseng's 'all about how the customer feels' (l.28) does not deny the
    interactions, HelpScout's 'includes every interaction' (l.38), Disney's, Ahlfeldt's and
    Amadebai's definitions say nothing of feelings)."""
    rehbein = _claims("rehbein", "stands", dispute="cx-interactions-or-feelings")
    keynote = _claims("keynote-speaker", "stands", dispute="cx-interactions-or-feelings")
    assert [s["position"] for s in rehbein] == [s["position"] for s in keynote] == ["both"]
    assert "specifically what your customer thinks and feels" in rehbein[0]["quote"]
    held = {s["position"] for doc in shipped().values() for s in doc.get("stands") or []
            if s["dispute"] == "cx-interactions-or-feelings"}
    assert held == {"both"}
    voices = {s.get("attributed_to") for s in _claims("franz", "stands",
                                                      dispute="cx-interactions-or-feelings")}
    assert voices == {None, "Maximizer"}


def test_the_traditional_definition_hedge_is_disneys_alone():
    """'the traditional definition of customer service' (l.30) is Disney Institute's words:
    the hedge is on Disney's claims only."""
    hedged = [(sid, c.get("attributed_to")) for sid, doc in shipped().items() for kind in KINDS
              for c in doc.get(kind) or [] if c.get("hedge") == "traditional definition"]
    assert hedged and set(hedged) == {("franz", DISNEY)}


def test_the_keynotes_distinct_aspects_are_not_a_sibling():
    """'two distinct aspects' (l.2) says the two differ, not that service sits beside customer
    experience: the same article calls service 'a part of the customer experience' (l.5)."""
    stands = {(s["dispute"], s["position"]) for s in _claims("keynote-speaker", "stands")}
    assert ("how-close", "distinct") in stands and ("part-or-sibling", "part") in stands
    assert ("part-or-sibling", "sibling") not in stands
    assert not {d for d, _ in stands} & {"service-moment-or-span", "service-importance"}


@pytest.mark.parametrize("sid,voice,reported,hedge,kind,words", [
    # not stands any longer, and not shown elsewhere: each kept as a remark
    ("franz", "Ameyo", False, None, "remarks", "are not that far apart"),
    ("amadebai", None, False, None, "remarks", "Good customer service is indispensable"),
    ("keynote-speaker", None, False, "can sometimes", "remarks",
     "excellent customer service can sometimes make up for a weak product"),
    # not stands any longer, already shown as another claim
    ("franz", "Gartner", True, None, "similarities",
     "customer service can significantly impact the customer's perspective"),
    ("franz", "HelpScout", False, None, "definitions",
     "the assistance and advice provided to a customer"),
    ("franz", "Chris Zane (Zane’s Cycles)", False, None, "definitions",
     "what happens when the customer experience breaks down"),
    ("franz", QUISENG, False, None, "definitions", "all about how the customer feels"),
    ("franz", DISNEY, False, None, "definitions", "the sum of all interactions"),
    ("ahlfeldt", None, False, None, "definitions", "Customer service an important component"),
    ("rehbein", None, False, "usually", "definitions", "usually when an issue arises"),
    ("amadebai", None, False, None, "contrasts", "a response tool for any bumps"),
    ("keynote-speaker", None, False, None, "definitions", "before, during, and after a purchase"),
])
def test_no_words_are_lost_with_a_stand(sid, voice, reported, hedge, kind, words):
    """A stand removed by issue 25 leaves its words shown, with the same voice, reported flag
    and hedge: as a remark where no other claim shows them."""
    found = [c for c in _claims(sid, kind) if normalise(words) in normalise(c["quote"])
             and c.get("attributed_to") == voice and bool(c.get("reported")) is reported
             and c.get("hedge") == hedge]
    assert found, (sid, voice, words)
