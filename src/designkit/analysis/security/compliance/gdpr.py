"""GDPR articles the design can show (Regulation (EU) 2016/679)."""

from __future__ import annotations

import re

from ....model import Design
from ...antipatterns.finding import loc
from .facts import Facts, Outcome, control, from_findings

__all__ = ["erasure_events"]

GDPR = "gdpr"
_ERASURE = re.compile(r"eras|delet|forget|anonymi", re.IGNORECASE)


def erasure_events(design: Design) -> list[int]:
    """Indices of events that announce an erasure (named after erasing, deleting, forgetting).

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "topics": [{"name": "t"}],
    ...     "events": [{"name": "CustomerErased", "topic": "t"}, {"name": "X", "topic": "t"}]})
    >>> erasure_events(d)
    [0]
    """
    return [i for i, e in enumerate(design.events) if _ERASURE.search(e.name)]


@control(GDPR, "GDPR Art. 5(1)(c)", "Data minimisation")
def _minimisation(facts: Facts) -> Outcome:
    leaving = [f for f in facts.of("classified-event-leaves-context") if "PII" in f.message]
    if not leaving:
        return "holds", "no personal data leaves its context in events", []
    return (
        "needs review",
        "personal data reaches other contexts in "
        + ", ".join(f.subject for f in leaving)
        + ": confirm each reader needs it, or send identifiers",
        [f.path for f in leaving],
    )


@control(GDPR, "GDPR Art. 5(1)(e)", "Storage limitation")
def _storage(facts: Facts) -> Outcome:
    design = facts.design
    topics = facts.holders("topic", "pii")
    index = {t.name: i for i, t in enumerate(design.topics)}
    compacted = [t for t in topics if design.topics[index[t]].cleanup == "compact"]
    if compacted:
        return (
            "needs review",
            "compacted topics keep the latest personal data of each key until a tombstone "
            f"deletes it: {', '.join(compacted)}",
            [loc("topics", index[t], "cleanup") for t in compacted],
        )
    kept = ", ".join(f"{t} {design.topics[index[t]].retention_hours:g} h" for t in topics)
    return (
        "needs review",
        "retention of personal data in stores is not in the design"
        + (f"; topics keep it: {kept}" if kept else ""),
        [loc("topics", index[t], "retention_hours") for t in topics],
    )


@control(GDPR, "GDPR Art. 17", "Right to erasure")
def _erasure(facts: Facts) -> Outcome:
    design = facts.design
    events = erasure_events(design)
    topics = {design.events[i].topic for i in events}
    readers = {c.service for t in design.topics if t.name in topics for c in t.consumers}
    deleting = {s.name for s in design.services for e in s.endpoints if e.method == "DELETE"}
    owners = [design.stores[i].owner for i in facts.stores_holding("pii")]
    holders = list(dict.fromkeys(o for o in owners if o))
    if not events and not (deleting & set(holders)):
        return "missing", "no erasure event and no DELETE operation on personal data", ["events"]
    left = [h for h in holders if h not in readers and h not in deleting]
    paths = [loc("events", i) for i in events]
    if left:
        return (
            "needs review",
            f"owners of personal data with no erasure path: {', '.join(left)} (erase on "
            "the erasure event, or document the Art. 17(3) exemption, e.g. legal retention)",
            paths,
        )
    return "holds", "every owner of personal data deletes or consumes an erasure event", paths


@control(GDPR, "GDPR Art. 25", "Data protection by design and by default")
def _by_design(facts: Facts) -> Outcome:
    return from_findings(
        facts.of("store-classification-incomplete", "classified-store-unencrypted"),
        "stores are classified after what they keep, and encrypted",
        ["stores"],
    )


@control(GDPR, "GDPR Art. 30", "Records of processing activities")
def _records(facts: Facts) -> Outcome:
    missing = [i for i, s in enumerate(facts.design.stores) if not s.classification]
    if missing:
        names = ", ".join(facts.design.stores[i].name for i in missing)
        return (
            "missing",
            f"stores without a classification: {names}",
            [loc("stores", i, "classification") for i in missing],
        )
    holders = facts.holders("service", "pii")
    return (
        "holds",
        f"every store is classified; the classification trace names {len(holders)} services "
        "processing personal data",
        ["stores"],
    )


@control(GDPR, "GDPR Art. 32", "Security of processing")
def _security(facts: Facts) -> Outcome:
    found = facts.of(
        "classified-store-unencrypted", "classified-data-in-plaintext", "unsecured-service-calls"
    )
    no_backup = facts.unbacked(facts.stores_holding("pii"))
    status, evidence, paths = from_findings(
        found, "encrypted at rest and in transit, mTLS, backed up", ["stores", "mesh.mtls.mode"]
    )
    if no_backup:
        names = ", ".join(facts.design.stores[i].name for i in no_backup)
        text = f"no backup (Art. 32(1)(c)): {names}"
        evidence = text if status == "holds" else f"{evidence}; {text}"
        return "missing", evidence, paths + [loc("stores", i, "backup") for i in no_backup]
    return status, evidence, paths


@control(GDPR, "GDPR Art. 33", "Notification of a personal data breach within 72 hours")
def _breach(facts: Facts) -> Outcome:
    design = facts.design
    gaps = [
        text
        for text, ok in (
            ("audit logging off", design.security.audit_logging),
            ("no on-call", design.observability.on_call),
        )
        if not ok
    ]
    paths = ["security.audit_logging", "observability.on_call"]
    if gaps:
        return "missing", "a breach may go unnoticed: " + ", ".join(gaps), paths
    return (
        "needs review",
        "audit logging and on-call detect it; the 72-hour process is not in the design",
        paths,
    )


@control(GDPR, "GDPR Art. 44", "Transfers to third countries")
def _transfers(facts: Facts) -> Outcome:
    regions = list(
        dict.fromkeys([*facts.design.platform.regions, *facts.design.disaster_recovery.regions])
    )
    return (
        "needs review",
        f"regions {', '.join(regions)}: confirm each is in the EEA or covered by an adequacy "
        "decision or safeguards (Art. 45-46)",
        ["platform.regions", "disaster_recovery.regions"],
    )
