"""cxref: customer experience vs customer service, every claim traced to a verbatim quote."""

__version__ = "0.1.0"
