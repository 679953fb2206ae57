"""core.inputs (text that cannot be stored) and core.ranges (the supported dates)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from comptoir.core import inputs, ranges


def test_nul_and_lone_surrogates_cannot_be_stored_but_real_text_can() -> None:
    assert inputs.is_unstorable("a\x00b")
    assert inputs.is_unstorable("\ud800")
    assert not inputs.is_unstorable("Léa 🎉 ½ \ufffd")


def test_check_json_names_the_first_bad_field_however_deep() -> None:
    assert inputs.check_json({"a": ["ok", {"b": 1}]}) == {"a": ["ok", {"b": 1}]}
    with pytest.raises(inputs.UnstorableText) as found:
        inputs.check_json({"items": [{"title": "ok"}, {"title": "\ud83d"}]})
    assert found.value.field == "items.1.title"
    with pytest.raises(inputs.UnstorableText) as found:
        inputs.check_json("\x00")
    assert found.value.field == "__all__"


def test_a_query_is_looked_at_only_when_its_raw_bytes_hold_a_nul() -> None:
    factory = RequestFactory()
    assert inputs.unstorable_input(factory.get("/x/?q=plain")) is None
    assert inputs.unstorable_input(factory.get("/x/?q=a%00b")) == ("query", "q")
    assert inputs.unstorable_input(factory.get("/x%00/")) == ("path", "path")
    # A surrogate's bytes are decoded as U+FFFD by Django: storable.
    assert inputs.unstorable_input(factory.get("/x/?q=%ED%A0%80")) is None


def test_a_form_body_is_scanned_but_a_json_body_is_left_to_the_api() -> None:
    factory = RequestFactory()
    assert inputs.unstorable_input(factory.post("/x/", {"name": "a\x00"})) == ("form", "name")
    json_body = factory.post("/x/", '{"name": "\\u0000"}', content_type="application/json")
    assert inputs.unstorable_input(json_body) is None


def test_unstorable_field_checks_names_too() -> None:
    assert inputs.unstorable_field(MultiValueDict({"a\x00": ["1"]})) == "a\x00"


@pytest.mark.parametrize("value", [date(1899, 12, 31), date(2200, 1, 1), date(9999, 12, 31)])
def test_days_outside_the_supported_years_are_refused(value: date) -> None:
    with pytest.raises(ValidationError):
        ranges.validate_supported_date(value)
    with pytest.raises(PydanticError):
        TypeAdapter(ranges.SupportedDate).validate_python(value)
    assert ranges.parse_day(value.isoformat()) is None


def test_days_within_the_supported_years_pass() -> None:
    ranges.validate_supported_date(date(1900, 1, 1))
    ranges.validate_supported_date(datetime(2199, 12, 31, 23, 59))  # noqa: DTZ001
    assert ranges.parse_day("2026-03-02") == date(2026, 3, 2)
    assert ranges.parse_day("not a day") is None


def test_the_form_fields_refuse_year_9999_with_a_clear_message() -> None:
    with pytest.raises(ValidationError) as error:
        ranges.DateField().clean("9999-12-31")
    assert "1900" in str(error.value)
    with pytest.raises(ValidationError):
        ranges.DateTimeField().clean("0001-01-01 10:00")
