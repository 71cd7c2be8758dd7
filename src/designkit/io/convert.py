"""Between a ``Design`` and plain data: dump in field order, report errors by path."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..model import SCHEMA_VERSION, Design

__all__ = ["format_loc", "problems", "to_data"]


def to_data(design: Design) -> dict[str, Any]:
    """Plain data of ``design``: what the file said, plus whatever differs from defaults.

    Fields the user wrote are kept even when equal to a default (their file stays
    theirs); fields never written appear only once they hold a non-default value,
    so nothing assigned is lost and small designs stay small.
    """
    data = _dump(design)
    assert isinstance(data, dict)
    data.pop("schema_version", None)
    return {"schema_version": SCHEMA_VERSION, **data}


_DEFAULTS: dict[type[BaseModel], dict[str, Any]] = {}
_UNSET_MODEL = object()


def _defaults(cls: type[BaseModel]) -> dict[str, Any]:
    """Each field's default, built once per class: only compared with, never handed out.

    A default that is a model (``Field(default_factory=Requirements)``) is not
    built (that would build its validator); :func:`_is_default` checks it field by field.
    """
    found = _DEFAULTS.get(cls)
    if found is None:
        found = {}
        for name, field in cls.model_fields.items():
            factory = field.default_factory
            if isinstance(factory, type) and issubclass(factory, BaseModel):
                found[name] = (_UNSET_MODEL, factory)
            elif factory is not None:
                found[name] = factory()  # type: ignore[call-arg]  # (none takes the data)
            else:
                found[name] = field.default
        _DEFAULTS[cls] = found
    return found


def _is_default(value: Any, default: Any) -> bool:
    if type(default) is tuple and default and default[0] is _UNSET_MODEL:
        return (
            type(value) is default[1]
            and not value.model_fields_set
            and all(
                _is_default(value.__dict__[name], d) for name, d in _defaults(default[1]).items()
            )
        )
    return bool(value == default)


def _dump(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        out: dict[str, Any] = {}
        fields_set = obj.model_fields_set
        values = obj.__dict__
        for name, default in _defaults(type(obj)).items():
            value = values[name]
            if name not in fields_set and _is_default(value, default):
                continue
            out[name] = _dump(value)
        shorthand = getattr(type(obj), "__shorthand__", None)
        if shorthand and list(out) == [shorthand]:
            return out[shorthand]  # e.g. a topic consumer written as its service name
        return out
    if isinstance(obj, list | tuple):
        return [_dump(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _dump(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def format_loc(loc: tuple[str | int, ...]) -> str:
    """``('services', 3, 'name')`` -> ``'services[3].name'``.

    Examples
    --------
    >>> format_loc(("services", 3, "dependencies", 0, "target"))
    'services[3].dependencies[0].target'
    """
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems(
    exc: ValidationError,
    data: Any = None,
    *,
    line_of: Callable[[tuple[str | int, ...]], int | None] | None = None,
) -> list[Problem]:
    """Turn pydantic's errors into Problems with a path, a reason and a line.

    The line comes from ``line_of(loc)`` if given, else from round-trip ``data``.
    """
    if line_of is None:
        from .yamlfile import line_of as line_in

        def line_of(loc: tuple[str | int, ...]) -> int | None:
            return line_in(data, loc)

    found = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        found.append(Problem(format_loc(loc), _reason(dict(err), loc), line_of(loc)))
    return found


def _clean_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    # Unions and tagged types add their member names to the path; users never wrote those.
    return tuple(p for p in loc if isinstance(p, int) or not _is_type_tag(str(p)))


def _is_type_tag(part: str) -> bool:
    return part[:1].isupper() or "[" in part or part in {"str", "int", "float", "bool", "none"}


def _reason(err: dict[str, Any], loc: tuple[str | int, ...]) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        return f"unknown key {key!r}{_key_hint(key, loc[:-1])}"
    if kind == "missing":
        return "is required"
    msg = str(err["msg"])
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        return (
            f"{value!r} is not a valid name here: use lowercase letters, digits and '-', "
            f"starting with a letter (e.g. {_slug(value)!r})"
        )
    if kind in {"reference"} or msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    shown = _short(value)
    return f"{msg[0].lower()}{msg[1:]} (got {shown})" if shown is not None else msg


def _slug(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    slug = re.sub(r"^[^a-z]+", "", slug)[:63].rstrip("-")
    return slug or "name"


def _short(value: Any) -> str | None:
    if isinstance(value, dict | list):
        return "list" if isinstance(value, list) else "mapping"  # not ruamel's CommentedSeq
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _key_hint(key: str, parent: tuple[str | int, ...]) -> str:
    allowed = sorted(_fields_at(parent))
    if not allowed:
        return ""
    import difflib  # only an error needs it: not imported by a valid read

    match = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if match:
        return f" (did you mean {match[0]!r}?)"
    return f"; allowed here: {', '.join(allowed)}"


def _fields_at(loc: tuple[str | int, ...]) -> Iterator[str]:
    """Field names of the model that sits at ``loc`` inside a Design."""
    model: Any = Design
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if _is_model(model) else None
        if field is None:
            return iter(())
        model = _model_in(field.annotation)
    return iter(model.model_fields) if _is_model(model) else iter(())


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _model_in(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
