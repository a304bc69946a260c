"""cxref: customer experience vs customer service, every claim traced to a verbatim quote.

The data flows files -> ``locate`` / ``yamlfile`` / ``schema`` -> ``loader`` -> ``store`` (the
one loading function, and its cache) -> ``model`` -> ``queries`` / ``searching`` / ``validation``
-> ``views`` / ``report`` -> ``render`` -> ``output``; ``cli`` only parses arguments and wires
these together.
"""

__version__ = "0.1.0"
