"""cxref: customer experience vs customer service, every claim traced to a verbatim quote.

The data flows files -> ``locate`` / ``yamlfile`` / ``schema`` -> ``loader`` (and ``store``,
its cache) -> ``model`` -> ``queries`` -> ``views`` / ``report`` -> ``render`` -> ``output``;
``cli`` only parses arguments and wires these together.
"""

__version__ = "0.1.0"
