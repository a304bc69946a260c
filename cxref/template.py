"""`cxref new ID`: a source file to fill in, written from the schema's own declarations.

Every key of a source file and of each kind of claim is listed with its meaning (the `about`
of its :class:`~cxref.schema.Key`), so the template cannot drift from what `validate` checks.
One definition is live, with a placeholder quote, so the file passes `validate` as written;
every other example is a comment. The first line points editors to the shipped JSON Schema.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from . import schema
from .errors import UsageError
from .jsonschema import PATH as SCHEMA_PATH
from .safetext import visible

PLACEHOLDER = "Replace this with the article's exact words about the term."

# A commented example of each kind of claim, after its keys are explained.
_EXAMPLES = {
    "definitions": ["- term: customer-service         # an id, name or alias: CS works",
                    "  quote: \"Customer service is ...\"",
                    "  attributed_to: Jane Quoted       # only if the article quotes someone",
                    "- term: CS",
                    "  quote: \"the old view of service\"",
                    "  stance: contests                 # a definition it argues against"],
    "contrasts": ["- pair: proactive-reactive          # see `cxref ids`",
                  "  quote: \"Service reacts; experience plans ahead.\"",
                  "- pair: ongoing-isolated",
                  "  quote: \"Service runs before, during and after the sale.\"",
                  "  side: customer-service           # it speaks to this side only",
                  "  stance: contests                 # ... and argues against it"],
    "similarities": ["- trait: empathy",
                     "  quote: \"Both need empathy.\"",
                     "  descriptions:",
                     "    customer-experience: \"Design for the customer's pain points.\"",
                     "    customer-service: \"Feel the customer's frustration.\""],
    "stands": ["- dispute: service-needs-person    # see `cxref disputes` and `cxref ids`",
               "  position: not-necessarily",
               "  quote: \"A chatbot can serve a customer too.\"",
               "  attributed_to: Some Research",
               "  reported: true                   # the author reports it, not quotes it"],
    "remarks": ["- quote: \"Most teams still confuse the two.\"",
                "  about: [CX, CS]"],
}


def text(source_id: str) -> str:
    """The template for source `source_id`."""
    lines = [f"# yaml-language-server: $schema={SCHEMA_PATH.as_uri()}",
             "# A cxref source: one published article, book or talk, and every claim it makes.",
             "# Every quote must be the source's exact words. Check the file with: cxref validate",
             "# Lines starting with # are comments; remove the # to use an example.", ""]
    for key in schema.SOURCE.keys:
        if key.record is None:
            value = source_id if key.name == "id" else ""
            line = f"{key.name}: {value}".rstrip() if key.name == "id" else f"# {key.name}: "
            lines.append(f"{line:<34} # {key.about}")
            continue
        lines += ["", f"# {key.name}: {key.about}.",
                  "#   Each takes " + ", ".join(
                      f"{k.name}{'' if k.required else ' (optional)'}"
                      for k in key.record.keys) + "."]
        if key.name == "definitions":
            lines += ["definitions:", "  - term: customer-experience",
                      f"    quote: \"{PLACEHOLDER}\""]
            lines += [f"  # {example}" for example in _EXAMPLES[key.name]]
        else:
            lines += [f"# {key.name}:"] + [f"#   {example}" for example in _EXAMPLES[key.name]]
    return "\n".join(lines) + "\n"


def create(folder: Path, source_id: str) -> Path:
    """Write the template for `source_id` into ``folder/sources``; never over a file."""
    if not schema.ID_RE.match(source_id):
        raise UsageError(f"'{visible(source_id)}' is not a source id: use lowercase letters, "
                         "digits and hyphens, at most 64 (e.g. acme-blog)")
    target = folder / "sources" / f"{source_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as handle:  # "x": fails if it exists
            handle.write(text(source_id))
    except FileExistsError:
        raise UsageError(f"{visible(str(target))} already exists; cxref new never overwrites "
                         "a file (edit it, or choose another id)") from None
    return target


def edit(path: Path) -> bool:
    """Open `path` in $VISUAL or $EDITOR; False when neither is set or it failed to run."""
    import shlex

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        return False
    try:
        words = shlex.split(command)
        subprocess.run([*words, str(path)], check=False)
    except (ValueError, OSError):
        return False
    return True
