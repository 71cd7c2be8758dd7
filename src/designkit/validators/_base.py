"""The shape of a validator and of its verdict on one document."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from ..generate.registry import Document

__all__ = [
    "Check",
    "Missing",
    "Status",
    "Validator",
    "as_written",
    "crawled",
    "require",
    "shipped_schema",
    "where",
]

Status = Literal["valid", "invalid", "skipped", "not-applicable"]


@dataclass(frozen=True)
class Check:
    """What one validator said about one document."""

    path: str
    validator: str
    status: Status
    messages: tuple[str, ...] = ()
    """Why it is invalid (one line per problem, with where) or why it was skipped."""


class Missing(Exception):
    """The validator's library or tool is not installed; the message says what to install."""


@dataclass(frozen=True)
class Validator:
    """A named check for the documents ``applies`` selects.

    ``problems`` returns one message per problem (empty: valid) or raises
    :class:`Missing` when what it needs is not installed.
    """

    name: str
    applies: Callable[[Document], bool]
    problems: Callable[[Document], list[str]] = field(repr=False)
    batch: Callable[[Sequence[Document]], list[list[str]] | None] | None = field(
        default=None, repr=False
    )
    """Optional: the problems of many documents at once (one tool run for all), or None
    when that run cannot tell whose they are; then each document is checked alone."""
    external: bool = False
    """Whether the check runs a program of its own (node, promtool): nothing of it stays
    in this process, so checking a first document ahead of time prepares nothing."""

    def check(self, doc: Document) -> Check:
        try:
            found = self.problems(doc)
        except Missing as missing:
            return Check(doc.path, self.name, "skipped", (str(missing),))
        return Check(doc.path, self.name, "invalid" if found else "valid", tuple(found))

    def check_all(self, docs: Sequence[Document]) -> list[Check]:
        """One :class:`Check` per document, as :meth:`check` gives, in one batch if it can."""
        if self.batch is not None and len(docs) > 1:
            try:
                found = self.batch(docs)
            except Missing as missing:
                return [Check(d.path, self.name, "skipped", (str(missing),)) for d in docs]
            if found is not None:
                return [
                    Check(d.path, self.name, "invalid" if p else "valid", tuple(p))
                    for d, p in zip(docs, found, strict=True)
                ]
        return [self.check(doc) for doc in docs]


def require(module: str, extra: str = "validators") -> Any:
    """Import ``module`` or raise :class:`Missing` naming the extra that provides it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise Missing(f"{module} is not installed (pip install 'designkit[{extra}]')") from None


@cache
def shipped_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in designkit/validators/schemas/ (parsed once)."""
    text = resources.files(__package__).joinpath("schemas", f"{name}.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def crawled(validator: Any) -> Any:
    """``validator`` (a jsonschema validator, reused for many documents) with its ``$ref``
    registry crawled once.

    jsonschema finds an anchor or a ``$dynamicRef`` target (OpenAPI 3.1's schema
    dialect, AsyncAPI's, the JSON Schema meta-schemas) by crawling every schema
    in the validator's registry, and keeps that crawl only for the lookup that
    made it: a validator used for many documents crawls again and again (four
    fifths of an OpenAPI check). Crawling once up front gives the same
    resolutions, so the same findings. jsonschema has no public way to hand a
    validator a resolver: if its private ``_resolver`` changes shape, the
    validator is returned as it was (slower, not wrong).
    """
    try:
        resolver = validator._resolver
        registry = resolver._registry.crawl()
        return validator.evolve(_resolver=registry.resolver(base_uri=resolver._base_uri))
    except (AttributeError, TypeError):  # pragma: no cover - another jsonschema
        return validator


def where(path: Iterable[Any]) -> str:
    """A JSON path such as ``spec.template.containers[0]`` from a validator's error path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def as_written(doc: Document, *, yaml_1_2: bool = False) -> list[Any]:
    """The document as a reader of the written file sees it (YAML 1.1 / JSON parsed back).

    Validating the written text rather than the in-memory data catches what
    serialisation changes (a quoted number, a 'yes' read as a boolean by kubectl).
    YAML is read as 1.1 (as kubectl and most tools do) unless ``yaml_1_2``.
    """
    from ..generate.write import render

    text = render(doc, "design")
    if doc.format == "json":
        return [json.loads(text)]
    if doc.format != "yaml":
        return [text]
    if yaml_1_2:  # GitHub reads workflows as YAML 1.2: `on:` is a key, not true
        from ruamel.yaml import YAML

        from ..io.fastyaml import fast_parse

        # libyaml with ruamel.yaml's YAML 1.2 resolver; None where only ruamel.yaml may read
        data = None if doc.multi else fast_parse(text)
        if data is not None:
            return [data]

        return [item for item in YAML(typ="safe", pure=True).load_all(text) if item is not None]
    yaml = require("yaml")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [item for item in yaml.load_all(text, Loader=loader) if item is not None]
