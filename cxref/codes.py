"""Every problem code cxref can report, in one place, as yamllint keeps its rules.

A code is public output (``FILE:LINE:COL: CODE message`` lines of ``cxref validate``, listed by
``cxref validate --codes``). Each entry has a one-line meaning, a failing example and a passing
example: a user definitions folder given as ``{relative path: file text}``, loaded on top of the
shipped definitions. The tests load every failing example and check that it raises its own code,
and every passing one that it raises nothing; and nothing may raise a code not listed here.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    code: str
    meaning: str
    failing: dict[str, str]  # a definitions folder: relative path -> file text
    passing: dict[str, str]


def _src(body: str, name: str = "mine") -> dict[str, str]:
    """A one-file folder: sources/NAME.yaml holding `id: NAME` and then `body`."""
    return {f"sources/{name}.yaml": f"id: {name}\n{body}"}


_DEF = "definitions:\n  - term: customer-service\n    quote: Service helps.\n"

_ALL = [
    # -- the layout of a definitions folder --
    Code("no-sources-folder", "A definitions folder holds source files but no sources/ folder "
         "(or sources is a file).", {"mine.yaml": "id: mine\n" + _DEF}, _src(_DEF)),
    Code("unreadable-folder", "A definitions folder or its sources/ could not be listed or "
         "searched (permissions, a link that loops): nothing in it was read.",
         {"sources": "<link to sources>"}, _src(_DEF)),
    Code("no-definitions", "A folder given as a definitions folder holds nothing cxref reads: "
         "no sources/ folder and no catalogue file.", {"notes.txt": "Notes.\n"},
         {"notes.txt": "Notes.\n", **_src(_DEF)}),
    Code("link-outside", "A definitions file (a source or a catalogue file) is a link to a "
         "file outside its definitions folder: cxref never reads it.",
         {"sources/mine.yaml": "<link to /etc/hostname>"}, _src(_DEF)),
    Code("wrong-extension", "A file in sources/ does not end in .yaml (a .yml, a .txt); a "
         "README or *.md file may sit there.",
         {"sources/mine.yml": "id: mine\n" + _DEF}, _src(_DEF)),
    # -- reading the file --
    Code("unreadable", "The file could not be opened or read (permissions, a dangling link).",
         {"sources/mine.yaml": "<dangling link>"}, _src(_DEF)),
    Code("not-a-file", "A source file is not a regular file (a folder, a FIFO, a device).",
         {"sources/mine.yaml/": ""}, _src(_DEF)),
    Code("too-large", "The file is over the size limit (1 MiB); a source is a few KB.",
         {"sources/mine.yaml": "#" * (1024 * 1024 + 1)}, _src(_DEF)),
    Code("not-utf8", "The file is not UTF-8 text.",
         {"sources/mine.yaml": "id: mine\ntitle: caf\udce9\n" + _DEF}, _src(_DEF)),
    Code("syntax", "The file is not valid YAML; the message says what to fix.",
         _src("title: CX: a view\n" + _DEF), _src("title: 'CX: a view'\n" + _DEF)),
    Code("many-documents", "The file holds more than one YAML document ('---' twice).",
         {"sources/mine.yaml": "---\nid: mine\n" + _DEF + "---\nid: other\n"}, _src(_DEF)),
    Code("alias", "An alias (*name) is used: anchors and aliases are not allowed.",
         _src("author: *t\n" + _DEF), _src("title: A title\n" + _DEF)),
    Code("anchor", "An anchor (&name) is defined: anchors and aliases are not allowed.",
         _src("title: &t A title\n" + _DEF), _src("title: A title\n" + _DEF)),
    Code("tag", "A tag (!!str, !thing) is used: tags are not allowed; quote the text instead.",
         _src("title: !year 2019\n" + _DEF), _src("title: '2019'\n" + _DEF)),
    Code("too-deep", "Mappings and lists nest deeper than 16 levels.",
         _src("note: " + "[" * 20 + "]" * 20 + "\n" + _DEF), _src(_DEF)),
    Code("bad-key", "A key is not plain text (a list or mapping used as a key).",
         _src("? [a, b]\n: c\n" + _DEF), _src(_DEF)),
    Code("duplicate-key", "The same key appears twice in one mapping.",
         _src("title: A\ntitle: B\n" + _DEF), _src("title: A\n" + _DEF)),
    # -- the schema --
    Code("wrong-type", "A value has the wrong shape: text, a list or a mapping was expected.",
         _src("title: [a, b]\n" + _DEF), _src("title: a, b\n" + _DEF)),
    Code("unknown-key", "A key the schema does not know (a suggestion is given when one is "
         "close).", _src("titel: A\n" + _DEF), _src("title: A\n" + _DEF)),
    Code("missing-key", "A required key is missing.",
         _src("definitions:\n  - term: customer-service\n"), _src(_DEF)),
    Code("empty", "A value that must hold text is empty or blank.",
         _src("definitions:\n  - term: customer-service\n    quote: ''\n"), _src(_DEF)),
    Code("bad-id", "An id is not lowercase letters, digits and hyphens (at most 64).",
         {"sources/Mine.yaml": "id: Mine\n" + _DEF}, _src(_DEF)),
    Code("bad-url", "A url is not a plain http:// or https:// address.",
         _src("url: www.example.com\n" + _DEF), _src("url: https://www.example.com\n" + _DEF)),
    Code("bad-value", "A value is not one of the words allowed there (true/false, "
         "backs/contests).", _src("override: yes\n" + _DEF), _src("override: false\n" + _DEF)),
    Code("id-mismatch", "A source's id differs from its file name.",
         {"sources/mine.yaml": "id: yours\n" + _DEF}, _src(_DEF)),
    Code("draft", "A source still holds the template's placeholder quote: it is left out "
         "until the article's words are put in.",
         _src("definitions:\n  - term: CS\n    quote: \"Replace this with the article's exact "
              "words about the term.\"\n"), _src(_DEF)),
    Code("hedge-not-in-quote", "A claim's hedge is not words of its quote.",
         _src("definitions:\n  - term: CS\n    quote: Service usually helps.\n"
              "    hedge: typically\n"),
         _src("definitions:\n  - term: CS\n    quote: Service usually helps.\n"
              "    hedge: usually\n")),
    Code("no-claims", "A source makes no claim: it needs a definition, contrast, similarity, "
         "stand or remark.", _src("title: Empty\n"), _src("title: Empty\n" + _DEF)),
    Code("unknown-term", "A term that is not in the vocabulary (terms.yaml); names and aliases "
         "are accepted.", _src("definitions:\n  - term: customer-servise\n    quote: Q.\n"),
         _src("definitions:\n  - term: CS\n    quote: Q.\n")),
    Code("unknown-pair", "A trait pair id that is not in pairs.yaml.",
         _src("contrasts:\n  - pair: proactive-reaktive\n    quote: Q.\n"),
         _src("contrasts:\n  - pair: proactive-reactive\n    quote: Q.\n")),
    Code("unknown-trait", "A shared trait id that is not in shared-traits.yaml.",
         _src("similarities:\n  - trait: empathetic\n    quote: Q.\n"),
         _src("similarities:\n  - trait: empathy\n    quote: Q.\n")),
    Code("unknown-dispute", "A disputed question id that is not in disputes.yaml.",
         _src("stands:\n  - dispute: needs-person\n    position: human\n    quote: Q.\n"),
         _src("stands:\n  - dispute: service-needs-person\n    position: always\n"
              "    quote: Q.\n")),
    Code("unknown-position", "A position that is not one of its dispute's positions.",
         _src("stands:\n  - dispute: service-needs-person\n    position: people\n"
              "    quote: Q.\n"),
         _src("stands:\n  - dispute: service-needs-person\n    position: always\n"
              "    quote: Q.\n")),
    Code("bad-side", "A contrast's side is not one of the two terms of its pair.",
         _src("contrasts:\n  - pair: proactive-reactive\n    side: customer-care\n"
              "    quote: Q.\n"),
         _src("contrasts:\n  - pair: proactive-reactive\n    side: customer-service\n"
              "    quote: Q.\n")),
    Code("contest-needs-side", "A contrast with 'stance: contests' must say which side it "
         "argues against.",
         _src("contrasts:\n  - pair: ongoing-isolated\n    stance: contests\n    quote: Q.\n"),
         _src("contrasts:\n  - pair: ongoing-isolated\n    stance: contests\n"
              "    side: customer-service\n    quote: Q.\n")),
    Code("reported-without-voice", "'reported: true' says whose words are reported, so it "
         "needs 'attributed_to'.",
         _src("definitions:\n  - term: CS\n    quote: Q.\n    reported: true\n"),
         _src("definitions:\n  - term: CS\n    quote: Q.\n    reported: true\n"
              "    attributed_to: Gartner\n")),
    Code("bad-sides", "A trait pair needs exactly two sides, one per term.",
         {"pairs.yaml": "pairs:\n  - id: one-sided\n    sides:\n      customer-service: x\n"},
         {"pairs.yaml": "pairs:\n  - id: two-sided\n    sides:\n      customer-service: x\n"
          "      customer-experience: y\n"}),
    Code("few-positions", "A disputed question needs at least two positions.",
         {"disputes.yaml": "disputes:\n  - id: q\n    question: Q?\n    positions:\n"
          "      - id: yes\n        claim: Yes.\n"},
         {"disputes.yaml": "disputes:\n  - id: q\n    question: Q?\n    positions:\n"
          "      - id: 'yes'\n        claim: Yes.\n      - id: 'no'\n        claim: No.\n"}),
    # -- across files --
    Code("duplicate-id", "An id is defined twice (a source needs 'override: true' to replace "
         "another on purpose).", {"sources/franz.yaml": "id: franz\n" + _DEF},
         {"sources/franz.yaml": "id: franz\noverride: true\n" + _DEF}),
    Code("duplicate-trait", "A trait name is already a side of another pair.",
         {"pairs.yaml": "pairs:\n  - id: mine\n    sides:\n      customer-service: reactive\n"
          "      customer-care: caring\n"},
         {"pairs.yaml": "pairs:\n  - id: mine\n    sides:\n      customer-service: helpful\n"
          "      customer-care: caring\n"}),
    Code("duplicate-name", "A term name or alias is already used by another term (or looks "
         "like one: letters from another script).",
         {"terms.yaml": "terms:\n  - id: service\n    name: Customer Service\n"},
         {"terms.yaml": "terms:\n  - id: support\n    name: customer support\n"}),
    Code("bad-name", "A term's name or alias is not one line of plain text (a tab, a line "
         "break, a backslash, an invisible character).",
         {"terms.yaml": "terms:\n  - id: cx2\n    name: \"customer\\u200bcare\"\n"},
         {"terms.yaml": "terms:\n  - id: cx2\n    name: customer care 2\n"}),
    Code("mixed-script", "A name mixes letters of several scripts (e.g. a Cyrillic 'е' in a "
         "Latin word), which reads like another name.",
         {"terms.yaml": "terms:\n  - id: cx2\n    name: customer \u0435xperience 2\n"},
         {"terms.yaml": "terms:\n  - id: cx2\n    name: customer experience 2\n"}),
]

CODES: dict[str, Code] = {c.code: c for c in _ALL}


def registered(code: str) -> str:
    """`code`, after checking it is in the registry: an unlisted code is a programming error."""
    if code not in CODES:
        raise KeyError(f"problem code {code!r} is not in cxref.codes")
    return code
