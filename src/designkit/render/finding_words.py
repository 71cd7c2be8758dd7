"""Where a finding is, in words a reader understands rather than a field path.

A finding carries the field path of what it is about (``services[3].dependencies[0]``)
and its subject in the design's names (``orders -> payments``). A findings table
shows the two together as words, ``Service orders → payments (call)``, and keeps
the path only as a small reference for whoever edits the design file. The path
says what kind of thing it is (a call of a service, a consumer of a topic) and
which of its fields; the subject says which one.
"""

from __future__ import annotations

import re

from ..analysis.antipatterns import Finding

__all__ = ["where"]

# What a collection in the design file holds, as a reader calls one of its items.
_NOUNS = {
    "services": "service",
    "dependencies": "call",
    "endpoints": "endpoint",
    "publishes": "published event",
    "stores": "store",
    "topics": "topic",
    "consumers": "consumer",
    "events": "event",
    "fields": "field",
    "sagas": "saga",
    "steps": "step",
    "journeys": "journey",
    "routes": "route",
    "roles": "role",
    "permissions": "permission",
    "secrets": "secret",
    "entities": "entity",
    "attributes": "attribute",
    "contexts": "context",
    "teams": "team",
    "slos": "SLO",
    "capabilities": "capability",
    "decisions": "decision",
}
# Sections that only group collections (gateway.routes): not part of the words.
_SECTIONS = {"gateway", "security", "domain", "mesh", "platform", "observability"}
# Field names whose words are not just the name with its unit dropped.
_FIELDS = {
    "rto_minutes": "RTO",
    "rpo_minutes": "RPO",
    "dead_letter": "dead-letter topic",
    "encrypted_at_rest": "encryption at rest",
    "auth": "authentication",
    "replication_factor": "replication factor",
    "disaster_recovery": "disaster recovery",
}
_UNIT = re.compile(r"_(ms|s|minutes|hours|days|kb|mb|gb|pct|percent)$")
_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")


def _field(name: str) -> str:
    """A field name in words: ``timeout_ms`` -> ``timeout``, ``rto_minutes`` -> ``RTO``.

    >>> [_field(n) for n in ("timeout_ms", "retention_days", "rto_minutes", "outbox")]
    ['timeout', 'retention', 'RTO', 'outbox']
    """
    if name in _FIELDS:
        return _FIELDS[name]
    return _UNIT.sub("", name).replace("_", " ")


def _noun(collection: str) -> str:
    if collection in _NOUNS:
        return _NOUNS[collection]
    words = collection.replace("_", " ")
    return words[:-1] if words.endswith("s") and not words.endswith("ss") else words


def where(finding: Finding) -> str:
    """What ``finding`` is about and which of its fields, in words.

    The outermost item of the path names the subject (``Service``, ``Topic``,
    ``Store``); an item nested in it is said in brackets (``(call)``,
    ``(consumer)``); the fields after the last item follow a colon. A path this
    does not understand leaves the subject alone.

    Examples
    --------
    >>> def words(path, subject):
    ...     return where(Finding("r", "warning", path, subject, "", ""))
    >>> words("services[3].dependencies[0]", "orders -> payments")
    'Service orders → payments (call)'
    >>> words("services[5].dependencies[2].timeout_ms", "transaction -> ledger")
    'Service transaction → ledger (call): timeout'
    >>> words("topics[0].consumers[3].dead_letter", "order-events -> analytics")
    'Topic order-events → analytics (consumer): dead-letter topic'
    >>> words("stores[13].rto_minutes", "analytics-warehouse")
    'Store analytics-warehouse: RTO'
    >>> words("security.roles[5].permissions[0]", "payments-operator: payment:refund")
    'Role payments-operator: payment:refund (permission)'
    >>> words("disaster_recovery.drill_interval_days", "warm-standby")
    'Disaster recovery warm-standby: drill interval'
    >>> words("", "the whole design")
    'the whole design'
    """
    subject = finding.subject.replace(" -> ", " \u2192 ")
    items: list[str] = []
    fields: list[str] = []
    for part in finding.path.split("."):
        match = _SEGMENT.fullmatch(part)
        if match is None:
            return subject
        name, index = match.groups()
        if index:
            items.append(_noun(name))
            fields = []
        elif not items and name in _SECTIONS:
            continue
        elif not items and not fields:
            items.append(_field(name))  # a section that is itself the subject
        else:
            fields.append(_field(name))
    if not items:
        return subject
    head = items[0][:1].upper() + items[0][1:]
    text = f"{head} {subject}".rstrip() if subject else head
    if len(items) > 1:
        text += f" ({items[-1]})"
    if fields:
        text += ": " + " ".join(fields)
    return text
