"""Issue 13, point 1: every date a form or the API accepts is within the supported range, and
every number has a maximum. Generated from the forms and the API's operations, so that a new
field without a bound fails here."""

from __future__ import annotations

import datetime
import decimal
import importlib
import pkgutil
import types
import typing
from collections.abc import Iterator
from typing import Any

import annotated_types
from django import forms
from django.core.validators import DecimalValidator, MaxValueValidator
from pydantic import BaseModel
from pydantic.fields import FieldInfo

import comptoir
from comptoir.core import ranges


def _import_forms() -> None:
    for module in pkgutil.walk_packages(comptoir.__path__, "comptoir."):
        name = module.name
        if ".tests" in name or ".migrations" in name:
            continue
        if name.rsplit(".", 1)[-1] == "forms" or ".forms." in name:
            importlib.import_module(name)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def app_forms() -> list[type[forms.BaseForm]]:
    _import_forms()
    found = {c for c in _subclasses(forms.BaseForm) if c.__module__.startswith("comptoir.")}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


# Hidden ids a form looks up: Django answers "no such row" for any integer, however large.
FORM_IDS = {"plan", "person", "base_revision"}


def _bounds(validator: Any) -> bool:
    # max_digits bounds a decimal as well as a maximum does.
    digits = isinstance(validator, DecimalValidator) and validator.max_digits is not None
    return digits or isinstance(validator, MaxValueValidator)


def _problems(form: type[forms.BaseForm]) -> Iterator[str]:
    for name, field in form.base_fields.items():  # type: ignore[attr-defined]
        where = f"{form.__module__}.{form.__qualname__}.{name}"
        if isinstance(field, forms.DateField | forms.DateTimeField):
            if ranges.validate_supported_date not in field.validators:
                yield f"{where}: a date without the supported range (use core.ranges)"
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            if name not in FORM_IDS and not any(map(_bounds, field.validators)):
                yield f"{where}: a number without max_value"


def test_every_form_date_is_in_range_and_every_number_bounded() -> None:
    all_forms = app_forms()
    assert len(all_forms) > 40
    problems = [p for form in all_forms for p in _problems(form)]
    assert problems == []


# --- The API -------------------------------------------------------------------------------

Leaf = tuple[str, Any, list[Any]]


def _walk(annotation: Any, metadata: list[Any], where: str, seen: set[type]) -> Iterator[Leaf]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _walk(inner, metadata + extra, where, seen)
    elif origin in (typing.Union, types.UnionType, list, tuple, set, dict):
        for arg in typing.get_args(annotation):
            if arg is not type(None) and not (origin is dict and arg is str):
                yield from _walk(arg, metadata, where, seen)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in seen:
            seen.add(annotation)
            yield from _fields(annotation, where, seen)
    else:
        yield where, annotation, metadata


def _fields(model: type[BaseModel], where: str, seen: set[type]) -> Iterator[Leaf]:
    for name, info in model.model_fields.items():
        yield from _walk(info.annotation, list(info.metadata), f"{where}.{name}", seen)


def _flat(metadata: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for item in metadata:
        flat.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        flat.append(item)
    return flat


# Bounded by the model's validation (full_clean checks the column's range) with an "invalid"
# field error that test_errors.test_an_out_of_range_number_is_a_field_error keeps.
BOUNDED_ELSEWHERE = {
    "POST /spaces.payload.capacity",
    "PATCH /spaces/{int:space_id}.payload.capacity",
}
# Bounded by the redistribution service with its own code (`bad_prestation`: revenue at most
# 1 M€, share within 0-100 %, weights within 0-10), which test_contributions_api keeps.
BOUNDED_ELSEWHERE |= {
    f"{operation}.payload.{name}"
    for operation in ("POST /places/{slug}/prestations", "PATCH /prestations/{int:prestation_id}")
    for name in ("revenue_cents", "commons_share_bp", "weights")
}
# Bounded by their services, with their own codes: a contribution's quantity (`bad_quantity`,
# a cap per unit), a series' count (`invalid`, at most 52 dates).
BOUNDED_ELSEWHERE |= {
    "POST /projects/{slug}/contributions.payload.quantity",
    "POST /contributions.payload.quantity",
    "POST /event-series.payload.count",
}


def _is_id(where: str, model: type) -> bool:
    # Ids (paths, `person_id`, `resource`…) are looked up: Django answers "no such row" for
    # any integer, however large. Pagination is ninja's own, bounded by its settings.
    name = where.rsplit(".", 1)[-1]
    return (
        "Path" in model.__name__
        or "ninja_pagination" in where
        or name.endswith("_id")
        or name in {"resource", "programme", "base_revision"}
    )


def api_input_leaves() -> Iterator[tuple[type, Leaf]]:
    from comptoir.api.main import api

    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                label = f"{operation.methods[0]} {path}"
                for model in operation.models:
                    for leaf in _fields(model, label, set()):
                        yield model, leaf


def test_every_api_date_is_in_range_and_every_number_bounded() -> None:
    problems = []
    for model, (where, annotation, metadata) in api_input_leaves():
        checks = _flat(metadata)
        if isinstance(annotation, type) and issubclass(annotation, datetime.date):
            if not any(getattr(c, "func", None) is ranges._in_range for c in checks):
                problems.append(f"{where}: a date without the supported range")
        elif annotation in (int, float, decimal.Decimal) and not _is_id(where, model):
            if where in BOUNDED_ELSEWHERE:
                continue
            if not any(isinstance(c, annotated_types.Le | annotated_types.Lt) for c in checks):
                problems.append(f"{where}: a number without a maximum (le=)")
    assert sorted(set(problems)) == []
