"""The promises of README's "What cxref defends against" and "Exit codes" that no other test
guarded (each was broken by a one-line change to its code, and the rest of the suite still
passed), and the holes found by an attack run: a link into a sibling folder named like the
definitions folder, an id that matches only at its start, a draft with one quote filled in,
markup in the note after a cited name, folders that validate could not read, a folder named
under two spellings, and characters that render as nothing. CONTRIBUTING.md lists every
promise with the tests that guard it."""

from __future__ import annotations

import unicodedata

import pytest

from cxref.safetext import visible

DEF = "definitions:\n  - term: customer-service\n    quote: Service helps.\n"
IMG = "<img src=x onerror=alert(1)>"


# -- characters that render as nothing ----------------------------------------------------------

# Default_Ignorable_Code_Point as DerivedCoreProperties.txt (Unicode 14.0) lists it, copied
# from the published file (Perl's Unicode::UCD gives the same), not from cxref.
DEFAULT_IGNORABLE = """00AD 034F 061C 115F..1160 17B4..17B5 180B..180D 180E 180F 200B..200F
202A..202E 2060..2064 2065 2066..206F 3164 FE00..FE0F FEFF FFA0 FFF0..FFF8 1BCA0..1BCA3
1D173..1D17A E0000 E0001 E0002..E001F E0020..E007F E0080..E00FF E0100..E01EF E01F0..E0FFF"""


def _ignorable() -> set[int]:
    out: set[int] = set()
    for item in DEFAULT_IGNORABLE.split():
        first, _, last = item.partition("..")
        out.update(range(int(first, 16), int(last or first, 16) + 1))
    return out


def test_every_code_point_that_renders_as_nothing_is_escaped_and_no_other():
    """Every code point of planes 0-3 and 14 (every one assigned outside private use):
    escaped when it is a control, format, separator or surrogate character, or
    default-ignorable; kept as it is otherwise (newline and tab kept)."""
    ignorable = _ignorable()
    for code in [*range(0x40000), *range(0xE0000, 0xF0000)]:
        ch = chr(code)
        hidden = ch not in "\n\t" and (unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Cs"}
                                       or code in ignorable)
        assert (visible(ch) != ch) == hidden, hex(code)


@pytest.mark.parametrize("ch", ["\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\ufe0f",
                                "\U000e0100", "\u180b", "\u180f", "\u2065", "\U000e0041"])
def test_a_name_with_a_character_that_renders_as_nothing_prints_differently(invoke, make_tree,
                                                                            ch):
    """An author `Julia Ahlfeldt` + U+034F prints unlike the shipped one; a term named
    `customer service` + U+034F is refused, as any name with an escape in it is."""
    shown = visible(ch)
    assert shown.startswith("\\") and len(shown) > 2
    tree = make_tree({"sources": {"twin.yaml": "id: twin\nauthor: Julia Ahlfeldt" + ch + "\n"
                                               + DEF},
                      "terms.yaml": f"terms:\n  - id: cs2\n    name: customer service{ch}\n"})
    run = invoke("-d", str(tree), "sources", "cs")
    assert run.exit_code == 0
    assert f"Julia Ahlfeldt{shown}" in run.stdout and ch not in run.stdout
    assert "bad-name name 'customer service" in run.stderr and ch not in run.stderr
    terms = invoke("-d", str(tree), "terms", "-f", "json").stdout
    assert "cs2" not in terms and ch not in terms
    assert invoke("validate", str(tree)).exit_code == 1

