"""`cxref new ID`: a source file to fill in, every key listed with its meaning from the schema's
own declarations. One definition is live, with the placeholder quote that makes the file a
draft until it is replaced; every other example is a comment.
"""

from __future__ import annotations

from . import schema
from .jsonschema import PATH as SCHEMA_PATH
from .schema import PLACEHOLDER

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


def text(source_id: str, override: bool = False) -> str:
    """The template for source `source_id` (one that replaces a shipped one, with `override`)."""
    lines = [f"# yaml-language-server: $schema={SCHEMA_PATH.as_uri()}",
             "# A cxref source: one published article, book or talk, and every claim it makes.",
             "# Every quote must be the source's exact words. Check the file with: cxref validate",
             "# Lines starting with # are comments; remove the # to use an example.", ""]
    for key in schema.SOURCE.keys:
        if key.record is None:
            live = {"id": source_id, "override": "true" if override else None}.get(key.name)
            line = f"{key.name}: {live}" if live else f"# {key.name}: "
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
