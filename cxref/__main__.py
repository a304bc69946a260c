"""`python -m cxref`."""

from .cli import run

run()
