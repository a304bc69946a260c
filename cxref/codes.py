"""Every problem code cxref can report (``cxref validate --codes``), in one place.

Each has a one-line meaning, and a failing and a passing example: a definitions folder loaded
on top of the shipped one, which the tests check raises its own code, and nothing.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    code: str
    meaning: str
    failing: dict[str, str]  # a definitions folder: relative path -> file text
    passing: dict[str, str]


_DEF = "definitions:\n  - term: customer-service\n    quote: Service helps.\n"


def _code(code: str, meaning: str, failing: str | dict[str, str],
          passing: str | dict[str, str] = _DEF) -> Code:
    """A code; an example given as text is the body of sources/mine.yaml, after `id: mine`."""
    def folder(example: str | dict[str, str]) -> dict[str, str]:
        if isinstance(example, dict):
            return example
        return {"sources/mine.yaml": f"id: mine\n{example}"}
    return Code(code, meaning, folder(failing), folder(passing))


CODES: dict[str, Code] = {c.code: c for c in [
    # -- the layout of a definitions folder --
    _code("no-sources-folder", "A definitions folder holds source files but no sources/ folder "
          "(or sources is a file).", {"mine.yaml": "id: mine\n" + _DEF}),
    _code("unreadable-folder", "A definitions folder or its sources/ could not be listed or "
          "searched (permissions, a link that loops): nothing in it was read.",
          {"sources": "<link to sources>"}),
    _code("no-definitions", "A folder given as a definitions folder holds nothing cxref reads: "
          "no sources/ folder and no catalogue file.", {"notes.txt": "Notes.\n"},
          {"notes.txt": "Notes.\n", "sources/mine.yaml": "id: mine\n" + _DEF}),
    _code("link-outside", "A definitions file (a source or a catalogue file) is a link to a "
          "file outside its definitions folder: cxref never reads it.",
          {"sources/mine.yaml": "<link to /etc/hostname>"}),
    _code("wrong-extension", "A file in sources/ does not end in .yaml (a .yml, a .txt); a "
          "README or *.md file may sit there.", {"sources/mine.yml": "id: mine\n" + _DEF}),
    # -- reading the file --
    _code("unreadable", "The file could not be opened or read (permissions, a dangling link).",
          {"sources/mine.yaml": "<dangling link>"}),
    _code("not-a-file", "A source file is not a regular file (a folder, a FIFO, a device).",
          {"sources/mine.yaml/": ""}),
    _code("too-large", "The file is over the size limit (1 MiB); a source is a few KB.",
          {"sources/mine.yaml": "#" * (1024 * 1024 + 1)}),
    _code("not-utf8", "The file is not UTF-8 text.", "title: caf\udce9\n" + _DEF),
    _code("syntax", "The file is not valid YAML; the message says what to fix.",
          "title: CX: a view\n" + _DEF, "title: 'CX: a view'\n" + _DEF),
    _code("many-documents", "The file holds more than one YAML document ('---' twice).",
          {"sources/mine.yaml": "---\nid: mine\n" + _DEF + "---\nid: other\n"}),
    _code("alias", "An alias (*name) is used: anchors and aliases are not allowed.",
          "author: *t\n" + _DEF, "title: A title\n" + _DEF),
    _code("anchor", "An anchor (&name) is defined: anchors and aliases are not allowed.",
          "title: &t A title\n" + _DEF, "title: A title\n" + _DEF),
    _code("tag", "A tag (!!str, !thing) is used: tags are not allowed; quote the text instead.",
          "title: !year 2019\n" + _DEF, "title: '2019'\n" + _DEF),
    _code("too-deep", "Mappings and lists nest deeper than 16 levels.",
          "note: " + "[" * 20 + "]" * 20 + "\n" + _DEF),
    _code("bad-key", "A key is not plain text (a list or mapping used as a key).",
          "? [a, b]\n: c\n" + _DEF),
    _code("duplicate-key", "The same key appears twice in one mapping.",
          "title: A\ntitle: B\n" + _DEF, "title: A\n" + _DEF),
    # -- the schema --
    _code("wrong-type", "A value has the wrong shape: text, a list or a mapping was expected.",
          "title: [a, b]\n" + _DEF, "title: a, b\n" + _DEF),
    _code("unknown-key", "A key the schema does not know (a suggestion is given when one is "
          "close).", "titel: A\n" + _DEF, "title: A\n" + _DEF),
    _code("missing-key", "A required key is missing.",
          "definitions:\n  - term: customer-service\n"),
    _code("empty", "A value that must hold text is empty or blank.",
          "definitions:\n  - term: customer-service\n    quote: ''\n"),
    _code("bad-id", "An id is not lowercase letters, digits and hyphens (at most 64).",
          {"sources/Mine.yaml": "id: Mine\n" + _DEF}),
    _code("bad-url", "A url is not a plain http:// or https:// address.",
          "url: www.example.com\n" + _DEF, "url: https://www.example.com\n" + _DEF),
    _code("bad-value", "A value is not one of the words allowed there (true/false, "
          "backs/contests).", "override: yes\n" + _DEF, "override: false\n" + _DEF),
    _code("id-mismatch", "A source's id differs from its file name.",
          {"sources/mine.yaml": "id: yours\n" + _DEF}),
    _code("draft", "A source still holds the template's placeholder quote: it is left out "
          "until the article's words are put in.", "definitions:\n  - term: CS\n    quote: "
          "\"Replace this with the article's exact words about the term.\"\n"),
    _code("hedge-not-in-quote", "A claim's hedge is not words of its quote.",
          "definitions:\n  - term: CS\n    quote: Service usually helps.\n    hedge: typically\n",
          "definitions:\n  - term: CS\n    quote: Service usually helps.\n    hedge: usually\n"),
    _code("no-claims", "A source makes no claim: it needs a definition, contrast, similarity, "
          "stand or remark.", "title: Empty\n", "title: Empty\n" + _DEF),
    _code("unknown-term", "A term that is not in the vocabulary (terms.yaml); names and aliases "
          "are accepted.", "definitions:\n  - term: customer-servise\n    quote: Q.\n",
          "definitions:\n  - term: CS\n    quote: Q.\n"),
    _code("unknown-pair", "A trait pair id that is not in pairs.yaml.",
          "contrasts:\n  - pair: proactive-reaktive\n    quote: Q.\n",
          "contrasts:\n  - pair: proactive-reactive\n    quote: Q.\n"),
    _code("unknown-trait", "A shared trait id that is not in shared-traits.yaml.",
          "similarities:\n  - trait: empathetic\n    quote: Q.\n",
          "similarities:\n  - trait: empathy\n    quote: Q.\n"),
    _code("unknown-dispute", "A disputed question id that is not in disputes.yaml.",
          "stands:\n  - dispute: needs-person\n    position: human\n    quote: Q.\n",
          "stands:\n  - dispute: service-needs-person\n    position: always\n    quote: Q.\n"),
    _code("unknown-position", "A position that is not one of its dispute's positions.",
          "stands:\n  - dispute: service-needs-person\n    position: people\n    quote: Q.\n",
          "stands:\n  - dispute: service-needs-person\n    position: always\n    quote: Q.\n"),
    _code("bad-side", "A contrast's side is not one of the two terms of its pair.",
          "contrasts:\n  - pair: proactive-reactive\n    side: customer-care\n    quote: Q.\n",
          "contrasts:\n  - pair: proactive-reactive\n    side: customer-service\n"
          "    quote: Q.\n"),
    _code("contest-needs-side", "A contrast with 'stance: contests' must say which side it "
          "argues against.",
          "contrasts:\n  - pair: ongoing-isolated\n    stance: contests\n    quote: Q.\n",
          "contrasts:\n  - pair: ongoing-isolated\n    stance: contests\n"
          "    side: customer-service\n    quote: Q.\n"),
    _code("reported-without-voice", "'reported: true' says whose words are reported, so it "
          "needs 'attributed_to'.",
          "definitions:\n  - term: CS\n    quote: Q.\n    reported: true\n",
          "definitions:\n  - term: CS\n    quote: Q.\n    reported: true\n"
          "    attributed_to: Gartner\n"),
    _code("bad-sides", "A trait pair needs exactly two sides, one per term.",
          {"pairs.yaml": "pairs:\n  - id: one-sided\n    sides:\n      customer-service: x\n"},
          {"pairs.yaml": "pairs:\n  - id: two-sided\n    sides:\n      customer-service: x\n"
           "      customer-experience: y\n"}),
    _code("few-positions", "A disputed question needs at least two positions.",
          {"disputes.yaml": "disputes:\n  - id: q\n    question: Q?\n    positions:\n"
           "      - id: yes\n        claim: Yes.\n"},
          {"disputes.yaml": "disputes:\n  - id: q\n    question: Q?\n    positions:\n"
           "      - id: 'yes'\n        claim: Yes.\n      - id: 'no'\n        claim: No.\n"}),
    # -- across files --
    _code("duplicate-id", "An id is defined twice (a source needs 'override: true' to replace "
          "another on purpose).", {"sources/franz.yaml": "id: franz\n" + _DEF},
          {"sources/franz.yaml": "id: franz\noverride: true\n" + _DEF}),
    _code("duplicate-trait", "A trait name is already a side of another pair.",
          {"pairs.yaml": "pairs:\n  - id: mine\n    sides:\n      customer-service: reactive\n"
           "      customer-care: caring\n"},
          {"pairs.yaml": "pairs:\n  - id: mine\n    sides:\n      customer-service: helpful\n"
           "      customer-care: caring\n"}),
    _code("duplicate-name", "A term name or alias is already used by another term (or looks "
          "like one: letters from another script).",
          {"terms.yaml": "terms:\n  - id: service\n    name: Customer Service\n"},
          {"terms.yaml": "terms:\n  - id: support\n    name: customer support\n"}),
    _code("bad-name", "A term's name or alias is not one line of plain text (a tab, a line "
          "break, a backslash, an invisible character).",
          {"terms.yaml": "terms:\n  - id: cx2\n    name: \"customer\\u200bcare\"\n"},
          {"terms.yaml": "terms:\n  - id: cx2\n    name: customer care 2\n"}),
    _code("mixed-script", "A name mixes letters of several scripts (e.g. a Cyrillic 'е' in a "
          "Latin word), which reads like another name.",
          {"terms.yaml": "terms:\n  - id: cx2\n    name: customer \u0435xperience 2\n"},
          {"terms.yaml": "terms:\n  - id: cx2\n    name: customer experience 2\n"}),
]}


def registered(code: str) -> str:
    """`code`, after checking it is in the registry: an unlisted code is a programming error."""
    return CODES[code].code
