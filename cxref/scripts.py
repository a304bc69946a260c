"""Which writing systems a name's letters come from, so a name cannot pass for another: names
that mix scripts are refused, and names are compared with look-alike Cyrillic and Greek letters
read as Latin (part of Unicode's confusables list, UTS #39).
"""

from __future__ import annotations

import unicodedata

# Cyrillic and Greek letters (lower case; names are folded first) that look like Latin ones.
_LOOKALIKES = str.maketrans({
    "а": "a", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "ӏ": "l", "о": "o",
    "р": "p", "ԛ": "q", "ѕ": "s", "ԝ": "w", "х": "x", "у": "y", "ь": "b", "в": "b", "к": "k",
    "м": "m", "н": "h", "т": "t",
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "γ": "y",
})


def mixed(name: str) -> str:
    """'' for a name whose letters share one script, else the scripts, e.g. 'CYRILLIC and
    LATIN': the first word of each letter's Unicode name."""
    found = sorted({unicodedata.name(ch, "").split(" ")[0] for ch in name if ch.isalpha()} - {""})
    return " and ".join(found) if len(found) > 1 else ""


def skeleton(folded: str) -> str:
    """A folded name with look-alike letters read as Latin, for comparing names."""
    return unicodedata.normalize("NFKC", folded).translate(_LOOKALIKES)
