"""Every model record survives the form the cache and the loader's workers store it in: built
from generated values, turned into plain data, through JSON and marshal, and back, equal. The
codec lists no fields of its own, so a field added to a record is covered here at once."""

from __future__ import annotations

import json
import marshal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxref import codec, model

# The text the loader hands on: what `safetext.visible` leaves (no control or format
# characters); the codec makes any other text safe, which the test below checks apart.
st.register_type_strategy(str, st.text(alphabet=st.characters(
    exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))

RECORDS = sorted((cls for cls in vars(model).values()
                  if isinstance(cls, type) and issubclass(cls, tuple) and hasattr(cls, "_fields")
                  and cls.__module__ == model.__name__), key=lambda cls: cls.__name__)


def test_every_record_is_covered():
    assert {cls.__name__ for cls in RECORDS} >= {
        "Term", "TraitPair", "SharedTrait", "Position", "Dispute", "Definition", "Contrast",
        "Similarity", "Stand", "Remark", "Source", "Catalogue", "Corpus"}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
@settings(max_examples=20, deadline=None, derandomize=True)
@given(data=st.data())
def test_record_round_trips(cls: Any, data: st.DataObject) -> None:
    value = data.draw(st.builds(cls))
    plain = codec.to_plain(value)
    assert codec.from_plain(cls, plain) == value
    assert codec.from_plain(cls, json.loads(json.dumps(plain))) == value
    assert codec.from_plain(cls, marshal.loads(marshal.dumps(plain))) == value


@pytest.mark.parametrize("bad", [None, "text", [], [1, 2, 3], {"id": "x"}])
def test_data_of_the_wrong_shape_is_refused(bad: Any) -> None:
    with pytest.raises(ValueError):
        codec.from_plain(model.Term, bad)


def test_a_wrong_type_deep_inside_is_refused() -> None:
    plain = codec.to_plain(model.Source("s", definitions=(model.Definition("t", "q"),)))
    plain[model.Source._fields.index("definitions")][0][1] = 42  # the first definition's quote
    with pytest.raises(ValueError):
        codec.from_plain(model.Source, plain)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
@settings(max_examples=3, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_value_of_a_type_no_field_has_is_refused_in_every_field(cls: Any,
                                                                  data: st.DataObject) -> None:
    """No field of any record holds a float: put one in each field in turn."""
    plain = codec.to_plain(data.draw(st.builds(cls)))
    for index in range(len(cls._fields)):
        bad = list(plain)
        bad[index] = 3.5
        with pytest.raises(ValueError):
            codec.from_plain(cls, bad)


def test_text_from_a_cache_is_made_safe_again() -> None:
    planted = ["cx", "customer \x1b[31mexperience\u202e", ["\x1b]52;c;cHduZWQ=\x07"]]
    term = codec.from_plain(model.Term, planted)
    assert term == model.Term("cx", "customer \\x1b[31mexperience\\u202e",
                              ("\\x1b]52;c;cHduZWQ=\\x07",))


def test_the_signature_changes_with_the_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    from typing import NamedTuple

    before = codec.model_signature()

    class Term(NamedTuple):
        id: str
        name: str
        aliases: tuple[str, ...] = ()
        year: str | None = None

    monkeypatch.setattr(model, "Term", Term)
    assert codec.model_signature() != before
