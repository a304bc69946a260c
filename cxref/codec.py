"""Model values as plain data (lists, text, numbers, booleans, None) and back, derived from the
declarations in :mod:`cxref.model`: the form the cache and the loader's worker processes use.

Nothing here lists a record's fields: :func:`to_plain` walks any named tuple, and
:func:`from_plain` builds one from its type hints, read once per class. So a field added to a
model record is stored and restored with no edit here. Decoding checks every value against the
declared type and raises :class:`ValueError` on anything else, so a damaged or planted cache
entry is refused rather than shown.
"""

from __future__ import annotations

import gc
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from . import model
from .safetext import visible

T = TypeVar("T")
Plain = Any  # list / str / int / bool / None, nested
_Convert = Callable[[Any], Any]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Build many values without the cyclic garbage collector: they hold no cycles, and with
    10,000 sources its repeated passes over the growing heap double the loading time
    (measured: 0.36 s -> 0.18 s to read a 10,000-source cache)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def to_plain(value: Any) -> Plain:
    """A model value (named tuples and tuples, at any depth) as nested lists."""
    if isinstance(value, tuple):
        return [to_plain(item) for item in value]
    return value


def from_plain(cls: type[T], data: Plain, *, quotes: bool = True) -> T:
    """The `cls` value that :func:`to_plain` turned into `data`; ValueError if it does not fit.
    With ``quotes=False``, every field the model marks as a quote (:data:`model.Quote`) is
    left empty: for a command that prints none, 10,000 sources hold 86 MB less."""
    result: T = _converter(cls, quotes)(data)
    return result


_CONVERTERS: dict[tuple[Any, bool], _Convert] = {}


def _blank(value: Any) -> str:
    return ""


def _mismatch(expected: str, got: Any) -> ValueError:
    return ValueError(f"expected {expected}, got {type(got).__name__}")


def _scalar(kind: type) -> _Convert:
    def convert(value: Any) -> Any:
        if type(value) is not kind:
            raise _mismatch(kind.__name__, value)
        # Text from a cache is made safe again, as the loader made it: whatever a cache file
        # holds, no escape code reaches a terminal.
        return visible(str(value)) if kind is str else value
    return convert


def _optional(inner: _Convert) -> _Convert:
    def convert(value: Any) -> Any:
        return None if value is None else inner(value)
    return convert


def _sequence(inner: _Convert) -> _Convert:
    def convert(value: Any) -> Any:
        if type(value) is not list:
            raise _mismatch("list", value)
        return tuple([inner(item) for item in value])
    return convert


def _fixed(inners: tuple[_Convert, ...]) -> _Convert:
    def convert(value: Any) -> Any:
        if type(value) is not list or len(value) != len(inners):
            raise _mismatch(f"list of {len(inners)}", value)
        return tuple([inner(item) for inner, item in zip(inners, value)])
    return convert


def _record(cls: type, quotes: bool) -> _Convert:
    """A decoder for the record `cls`, written out as Python source from its type hints and
    compiled once: text and flag fields are checked inline, nested values by their own
    decoder. Measured on 10,000 sources: 0.47-0.51 s through a chain of small per-value
    functions, 0.31 s this way; decoding is most of what a warm `compare` reads."""
    hints = typing.get_type_hints(cls, vars(model), include_extras=True)
    names = [f"a{i}" for i in range(len(cls._fields))]  # type: ignore[attr-defined]
    env: dict[str, Any] = {"cls": cls, "visible": visible, "mismatch": _mismatch}
    lines = ["def convert(v):",
             f"    if type(v) is not list or len(v) != {len(names)}:",
             f"        raise mismatch({cls.__name__ + f' ({len(names)} fields)'!r}, v)",
             f"    {', '.join(names)}, = v"]
    for var, field in zip(names, cls._fields):  # type: ignore[attr-defined]
        lines += _field_check(var, hints[field], env, quotes)
    lines.append(f"    return cls({', '.join(names)})")
    exec("\n".join(lines), env)  # the source is built here from type hints, never from data
    convert: _Convert = env["convert"]
    return convert


def _field_check(var: str, hint: Any, env: dict[str, Any], quotes: bool,
                 indent: str = "    ") -> list[str]:
    """Source lines that check (and, for text, make safe) the field value in `var`."""
    if typing.get_origin(hint) is typing.Annotated:
        if not quotes and model.QUOTE in hint.__metadata__:
            return [f"{indent}{var} = ''"]
        hint = typing.get_args(hint)[0]
    if hint is str:
        return [f"{indent}if type({var}) is not str:",
                f"{indent}    raise mismatch('str', {var})",
                f"{indent}if not {var}.isprintable():",
                f"{indent}    {var} = visible({var})"]
    if hint in (bool, int):
        return [f"{indent}if type({var}) is not {hint.__name__}:",
                f"{indent}    raise mismatch({hint.__name__!r}, {var})"]
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 2 \
            and type(None) in args:
        inner = next(a for a in args if a is not type(None))
        return [f"{indent}if {var} is not None:",
                *_field_check(var, inner, env, quotes, indent + "    ")]
    name = f"c_{var}_{len(env)}"
    env[name] = _converter(hint, quotes)
    return [f"{indent}{var} = {name}({var})"]


def _converter(hint: Any, quotes: bool = True) -> _Convert:
    found = _CONVERTERS.get((hint, quotes))
    if found is not None:
        return found
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        convert = (_blank if not quotes and model.QUOTE in hint.__metadata__
                   else _converter(args[0], quotes))
    elif hint in (str, int, bool):
        convert = _scalar(hint)
    elif isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        convert = _record(hint, quotes)
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        convert = _sequence(_converter(args[0], quotes))
    elif origin is tuple:
        convert = _fixed(tuple(_converter(a, quotes) for a in args))
    elif origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        convert = _optional(_converter(next(a for a in args if a is not type(None)), quotes))
    else:  # a model field of a type this module does not know: a programming error
        raise TypeError(f"cxref.codec cannot store values of type {hint!r}")
    _CONVERTERS[(hint, quotes)] = convert
    return convert


def model_signature() -> str:
    """A short text that changes whenever a record of :mod:`cxref.model` gains, loses, renames
    or retypes a field: part of every cache key, so a cache written by another model is never
    read."""
    import zlib

    parts = []
    for name, cls in sorted(vars(model).items()):
        if isinstance(cls, type) and issubclass(cls, tuple) and hasattr(cls, "_fields"):
            fields = ",".join(f"{f}:{cls.__annotations__.get(f)}" for f in cls._fields)
            parts.append(f"{name}({fields})")
    return f"{zlib.crc32(';'.join(parts).encode()):08x}"
