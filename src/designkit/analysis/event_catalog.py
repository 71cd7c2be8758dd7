"""The event catalog: every event version with its schema, topic, producers and consumers.

Producers of an event are the services that write its topic (``publishes``
or an async dependency through it); consumers are the topic's consumers (and
async dependencies' targets). The ordering key is the topic's ``key``: the
producer can only key a message by it if the event carries that field.
Schema evolution is checked between consecutive versions of the same event
with :mod:`designkit.analysis.schema_evolution`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Design
from .antipatterns.catalog import CONFLUENT_SCHEMA_REGISTRY, KAFKA_DOCS, PONCE_2022, cite
from .antipatterns.engine import analyze
from .antipatterns.finding import Finding, Severity, loc
from .antipatterns.registry import Thresholds, declare_table
from .schema_evolution import VersionCheck, unique_fields, version_checks
from .traffic import topic_ends

__all__ = [
    "SENSITIVE",
    "CatalogField",
    "EventEntry",
    "VersionCheck",
    "event_catalog",
    "event_findings",
    "version_checks",
]

SENSITIVE = ("pii", "pci", "phi")
"""Classifications that should not travel on a topic in clear text."""


@dataclass(frozen=True)
class CatalogField:
    """One payload field of an event version."""

    name: str
    type: str
    required: bool
    classification: str | None


@dataclass(frozen=True)
class EventEntry:
    """One event version as the catalog lists it."""

    name: str
    version: int
    topic: str
    format: str
    compatibility: str
    description: str
    fields: tuple[CatalogField, ...]
    producers: tuple[str, ...]
    consumers: tuple[str, ...]
    key: str | None
    """The topic's ordering key; None: the topic has no key (no ordering)."""
    key_in_payload: bool
    """True when the event has a field named like the key (or there is no key)."""

    @property
    def sensitive(self) -> tuple[str, ...]:
        """Fields classified pii, pci or phi."""
        return tuple(f.name for f in self.fields if f.classification in SENSITIVE)


def event_catalog(design: Design) -> list[EventEntry]:
    """Every event version in file order, with its topic's ends and ordering key.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "order", "publishes": ["orders"]}, {"name": "mail"}],
    ...     "topics": [{"name": "orders", "key": "order_id", "consumers": ["mail"]}],
    ...     "events": [{"name": "OrderPlaced", "topic": "orders",
    ...                 "fields": [{"name": "order_id", "type": "uuid"}]}]})
    >>> e = event_catalog(d)[0]
    >>> e.producers, e.consumers, e.key, e.key_in_payload
    (('order',), ('mail',), 'order_id', True)
    """
    publishers, consumers = topic_ends(design)
    keys = {t.name: t.key for t in design.topics}
    entries = []
    for event in design.events:
        fields = tuple(
            CatalogField(f.name, f.type, f.required, f.classification) for f in unique_fields(event)
        )
        key = keys.get(event.topic)
        entries.append(
            EventEntry(
                name=event.name,
                version=event.version,
                topic=event.topic,
                format=event.format,
                compatibility=event.compatibility,
                description=event.description,
                fields=fields,
                producers=tuple(publishers.get(event.topic, [])),
                consumers=tuple(consumers.get(event.topic, [])),
                key=key,
                key_in_payload=key is None or any(f.name == key for f in fields),
            )
        )
    return entries


# id: (default severity, title, fix, sources); found by _produce.
_RULES: dict[str, tuple[Severity, str, str, tuple[str, ...]]] = {
    "event-incompatible-version": (
        "error", "An event version breaks its compatibility mode",
        "Change the new version to fit the mode, or publish a new event on its own topic.",
        (cite(CONFLUENT_SCHEMA_REGISTRY, "compatibility types"),),
    ),
    "event-version-gap": (
        "warning", "Event versions skip a number",
        "List every version still on the topic, so each step is checked.",
        (cite(CONFLUENT_SCHEMA_REGISTRY, "transitive compatibility"),),
    ),
    "event-missing-ordering-key": (
        "warning", "An event without its topic's key field",
        "Add the key field to the event, or move it to a topic keyed by a field it has.",
        (cite(KAFKA_DOCS, "message keys and partition ordering"),),
    ),
    "event-without-producer": (
        "warning", "An event nobody publishes",
        "Add the event's topic to the producing service's publishes.",
        (cite(CONFLUENT_SCHEMA_REGISTRY, "schemas and subjects"),),
    ),
    "sensitive-event-field": (
        "info", "Sensitive fields in an event payload",
        "Send a token or reference instead, or encrypt the field and limit the readers.",
        (cite(PONCE_2022, "Unnecessary Privileges / Insufficient Access Control"),),
    ),
}  # fmt: skip

declare_table(
    _RULES, family="events", phase=3, producer="designkit.analysis.event_catalog:_produce"
)


def event_findings(design: Design) -> list[Finding]:
    """Problems of the catalog, most serious first.

    - ``event-incompatible-version`` (error): a version breaks its compatibility
      mode against the previous one (each reason from the evolution check);
    - ``event-version-gap`` (warning): versions from 1 skip a number (a history
      starting later is read as the older versions being retired);
    - ``event-missing-ordering-key`` (warning): the topic is keyed by a field the
      event does not carry, so producers cannot key it;
    - ``event-without-producer`` (warning): nobody writes the event's topic;
    - ``sensitive-event-field`` (info): pii, pci or phi fields in the payload,
      readable by every consumer and kept for the topic's retention.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "a", "publishes": ["t"]}],
    ...     "topics": [{"name": "t", "key": "id"}],
    ...     "events": [{"name": "E", "topic": "t", "fields": [{"name": "other"}]}]})
    >>> [(f.rule, f.path) for f in event_findings(d)]
    [('event-missing-ordering-key', 'events[0].fields')]
    """
    return analyze(design, rules=list(_RULES))


def _produce(design: Design, thresholds: Thresholds) -> list[Finding]:
    found: list[Finding] = []
    index = {(e.name, e.version): i for i, e in enumerate(design.events)}
    for check in version_checks(design):
        for problem in check.problems:
            found.append(
                Finding(
                    "event-incompatible-version",
                    "error",
                    loc("events", index[(check.event, check.new)]),
                    f"{check.event} v{check.old} -> v{check.new}",
                    f"{check.event} v{check.new} is not {check.mode}-compatible with "
                    f"v{check.old}: {problem}",
                    "change the new version to fit the mode, or publish it as a new event "
                    "on its own topic",
                )
            )
    found.extend(_version_gaps(design, index))
    for i, entry in enumerate(event_catalog(design)):
        found.extend(_entry_findings(i, entry))
    return found


def _version_gaps(design: Design, index: dict[tuple[str, int], int]) -> list[Finding]:
    versions: dict[str, list[int]] = {}
    for event in design.events:
        versions.setdefault(event.name, []).append(event.version)
    found = []
    for name, seen in versions.items():
        ordered = sorted(set(seen))
        missing = [v for v in range(1, ordered[-1]) if v not in ordered]
        if missing and ordered[0] == 1:
            found.append(
                Finding(
                    "event-version-gap",
                    "warning",
                    loc("events", index[(name, ordered[-1])], "version"),
                    name,
                    f"{name} has versions {', '.join(map(str, ordered))} but not "
                    f"{', '.join(map(str, missing))}: compatibility is only checked between "
                    "the versions listed",
                    "list every version still on the topic, so each step is checked",
                )
            )
    return found


def _entry_findings(i: int, entry: EventEntry) -> list[Finding]:
    found = []
    subject = f"{entry.name} v{entry.version}"
    if not entry.key_in_payload:
        found.append(
            Finding(
                "event-missing-ordering-key",
                "warning",
                loc("events", i, "fields"),
                subject,
                f"topic {entry.topic} is keyed by {entry.key} but {entry.name} has no "
                f"{entry.key} field: its producer cannot key it, so it loses its order "
                "against the topic's other events",
                f"add {entry.key} to {entry.name}, or move the event to a topic keyed by "
                "a field it has",
            )
        )
    if not entry.producers:
        found.append(
            Finding(
                "event-without-producer",
                "warning",
                loc("events", i, "topic"),
                subject,
                f"no service writes topic {entry.topic}, so {entry.name} is never published",
                f"add {entry.topic} to the producing service's publishes",
            )
        )
    if entry.sensitive:
        found.append(
            Finding(
                "sensitive-event-field",
                "info",
                loc("events", i, "fields"),
                subject,
                f"{entry.name} carries {', '.join(entry.sensitive)} (sensitive) to "
                f"{len(entry.consumers)} consumer(s), kept as long as {entry.topic} retains it",
                "send a token or reference instead, or encrypt the field and limit the "
                "topic's readers (ACLs)",
            )
        )
    return found
