"""Every model record survives the form the cache stores it in (msgpack, decoded by msgspec
against the model's own types), and a cache value of the wrong shape or type is refused rather
than shown. The records list their fields once, in the model; nothing here lists them again."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxref import model, store

# The text the loader hands on: what `safetext.visible` leaves (no control or format
# characters).
st.register_type_strategy(str, st.text(alphabet=st.characters(
    exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))

RECORDS = sorted((cls for cls in vars(model).values()
                  if isinstance(cls, type) and issubclass(cls, model.Record)
                  and cls is not model.Record), key=lambda cls: cls.__name__)


def _build(cls: Any) -> st.SearchStrategy[Any]:
    """Values of `cls` with every field drawn from its type (msgspec structs are built by
    keyword, which hypothesis's builds() reads from the signature)."""
    return st.builds(cls)


def test_every_record_is_covered():
    assert {cls.__name__ for cls in RECORDS} >= {
        "Term", "TraitPair", "SharedTrait", "Position", "Dispute", "Definition", "Contrast",
        "Similarity", "Stand", "Remark", "Source", "Catalogue"}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
@settings(max_examples=20, deadline=None, derandomize=True)
@given(data=st.data())
def test_record_round_trips(cls: Any, data: st.DataObject) -> None:
    value = data.draw(_build(cls))
    assert msgspec.msgpack.Decoder(cls).decode(msgspec.msgpack.encode(value)) == value


@pytest.mark.parametrize("bad", [None, "text", [], [1, 2, 3], {"id": "x"}])
def test_data_of_the_wrong_shape_is_refused(bad: Any) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.msgpack.Decoder(model.Term).decode(msgspec.msgpack.encode(bad))


def test_a_wrong_type_deep_inside_is_refused() -> None:
    plain = msgspec.to_builtins(model.Source("s", definitions=(model.Definition("t", "q"),)))
    plain[model.Source.__struct_fields__.index("definitions")][0][1] = 42  # the quote
    with pytest.raises(msgspec.ValidationError):
        msgspec.msgpack.Decoder(model.Source).decode(msgspec.msgpack.encode(plain))


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
@settings(max_examples=3, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_value_of_a_type_no_field_has_is_refused_in_every_field(cls: Any,
                                                                  data: st.DataObject) -> None:
    """No field of any record holds a float: put one in each field in turn."""
    plain = msgspec.to_builtins(data.draw(_build(cls)))
    for index in range(len(cls.__struct_fields__)):
        bad = list(plain)
        bad[index] = 3.5
        with pytest.raises(msgspec.ValidationError):
            msgspec.msgpack.Decoder(cls).decode(msgspec.msgpack.encode(bad))


def test_the_cache_format_changes_with_the_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    before = store.model_signature()

    class Term(model.Record):
        id: str
        name: str
        aliases: tuple[str, ...] = ()
        year: str | None = None

    monkeypatch.setattr(model, "Term", Term)
    assert store.model_signature() != before
