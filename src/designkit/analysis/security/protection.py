"""Gaps in how classified data is protected: at rest, in transit, in events, in the audit trail.

Reads the trace of :mod:`.classification`; each gap is a finding with the
field path to change.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Design, Service
from ..antipatterns.finding import Finding, loc, sort_key
from .classification import REGULATED, SENSITIVE, Holding, holdings, store_classes
from .paths import message_topics
from .rules import rule

__all__ = [
    "CLASSIFIED_DATA_IN_PLAINTEXT",
    "CLASSIFIED_EVENT_LEAVES_CONTEXT",
    "CLASSIFIED_STORE_UNENCRYPTED",
    "REGULATED_DATA_WITHOUT_AUDIT",
    "STORE_CLASSIFICATION_INCOMPLETE",
    "findings",
]

CLASSIFIED_STORE_UNENCRYPTED = rule(
    "classified-store-unencrypted",
    title="Classified data in a store not encrypted at rest",
    severity="error",
    fix="Encrypt the store at rest.",
    area="data",
    reference="PCI-DSS v4.0 3.5.1; HIPAA 45 CFR 164.312(a)(2)(iv); GDPR Art. 32(1)(a)",
)
STORE_CLASSIFICATION_INCOMPLETE = rule(
    "store-classification-incomplete",
    title="A store keeps entities more sensitive than its classification says",
    severity="warning",
    fix="Classify the store with every class its entities carry.",
    area="data",
    reference="GDPR Art. 30 (records of processing); ISO/IEC 27001:2022 A.5.12",
)
CLASSIFIED_EVENT_LEAVES_CONTEXT = rule(
    "classified-event-leaves-context",
    title="Classified event fields reach services of other contexts",
    severity="warning",
    fix="Send a reference instead of the classified fields, or encrypt them.",
    area="data",
    reference="GDPR Art. 5(1)(c) (data minimisation); HIPAA 45 CFR 164.502(b) (minimum "
    "necessary); PCI-DSS v4.0 scope (every consumer of cardholder data is in scope)",
)
REGULATED_DATA_WITHOUT_AUDIT = rule(
    "regulated-data-without-audit",
    title="PCI or PHI data without audit logging",
    severity="error",
    fix="Turn on audit logging for every holder of regulated data.",
    area="data",
    reference="PCI-DSS v4.0 10.2.1; HIPAA 45 CFR 164.312(b)",
)
CLASSIFIED_DATA_IN_PLAINTEXT = rule(
    "classified-data-in-plaintext",
    title="Classified data may travel unencrypted",
    severity="error",
    fix="Encrypt the data in transit (STRICT mTLS, TLS to the store).",
    area="data",
    reference="PCI-DSS v4.0 4.2.1; HIPAA 45 CFR 164.312(e)(1); GDPR Art. 32(1)(a)",
)


def findings(design: Design) -> list[Finding]:
    """Gaps in the protection of classified data, most serious first.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "stores": [{"name": "db", "classification": ["pci"], "encrypted_at_rest": False}]})
    >>> [(f.rule, f.path) for f in findings(d)]
    [('classified-store-unencrypted', 'stores[0].encrypted_at_rest'), \
('regulated-data-without-audit', 'security.audit_logging')]
    """
    held = holdings(design)
    found = [
        *_unencrypted(design),
        *_incomplete(design),
        *_leaving(design),
        *_audit(design, held),
        *_plaintext(design, held),
    ]
    return sorted(found, key=sort_key)


def _unencrypted(design: Design) -> Iterator[Finding]:
    classes = store_classes(design)
    for i, store in enumerate(design.stores):
        held = sorted(classes.get(store.name, {}))
        if held and not store.encrypted_at_rest:
            yield CLASSIFIED_STORE_UNENCRYPTED.finding(
                loc("stores", i, "encrypted_at_rest"),
                store.name,
                f"{store.name} holds {', '.join(c.upper() for c in held)} data and is not "
                "encrypted at rest: a copied disk, snapshot or backup exposes it",
                "set encrypted_at_rest: true (storage or database encryption with managed keys)",
            )


def _incomplete(design: Design) -> Iterator[Finding]:
    full = store_classes(design, include_confidential=True)
    for i, store in enumerate(design.stores):
        missing = sorted(set(full.get(store.name, {})) - set(store.classification))
        if missing:
            yield STORE_CLASSIFICATION_INCOMPLETE.finding(
                loc("stores", i, "classification"),
                store.name,
                f"{store.name} keeps entities with {', '.join(missing)} attributes, but its "
                f"classification is [{', '.join(store.classification)}]",
                f"add {', '.join(missing)} to the store's classification",
            )


def _context(svc: Service) -> str:
    return svc.context or f"(service {svc.name})"


def _leaving(design: Design) -> Iterator[Finding]:
    services = {s.name: s for s in design.services}
    pairs = message_topics(design)
    for i, event in enumerate(design.events):
        classes = sorted({f.classification for f in event.fields if f.classification in SENSITIVE})
        if not classes:
            continue
        producers = [p for (p, _), ts in pairs.items() if event.topic in ts]
        owners = {_context(services[p]) for p in producers}
        readers = sorted({c for (_, c), ts in pairs.items() if event.topic in ts})
        outside = [r for r in readers if _context(services[r]) not in owners]
        if not owners or not outside:
            continue
        fields = [f.name for f in event.fields if f.classification in SENSITIVE]
        yield CLASSIFIED_EVENT_LEAVES_CONTEXT.finding(
            loc("events", i, "fields"),
            f"{event.name} v{event.version}",
            f"{event.name} carries {', '.join(c.upper() for c in classes)} "
            f"({', '.join(fields)}) on {event.topic} to {', '.join(outside)}, outside "
            f"{', '.join(sorted(owners))}: each of them now holds the data",
            "send an identifier (or a token) instead of the value, or move the reader into "
            "the owning context; otherwise treat each reader as a holder (encryption, "
            "retention, erasure)",
        )


def _audit(design: Design, held: list[Holding]) -> Iterator[Finding]:
    regulated = sorted({h.data_class for h in held if h.data_class in REGULATED})
    if regulated and not design.security.audit_logging:
        holders = sorted({h.holder for h in held if h.data_class in REGULATED})
        yield REGULATED_DATA_WITHOUT_AUDIT.finding(
            "security.audit_logging",
            "security",
            f"{', '.join(c.upper() for c in regulated)} data is held by {len(holders)} "
            f"stores, topics and services ({', '.join(holders[:4])}), and audit logging is off",
            "set security.audit_logging: true and keep the audit trail apart from the "
            "services that write it",
        )


def _plaintext(design: Design, held: list[Holding]) -> Iterator[Finding]:
    exposed = sorted({h.holder for h in held if not h.protected_in_transit})
    if exposed:
        classes = sorted({h.data_class for h in held if not h.protected_in_transit})
        yield CLASSIFIED_DATA_IN_PLAINTEXT.finding(
            "security.encryption_in_transit",
            "security",
            f"{', '.join(c.upper() for c in classes)} data may travel unencrypted to or from "
            f"{', '.join(exposed[:6])}{' ...' if len(exposed) > 6 else ''}",
            "set security.encryption_in_transit: true (TLS to stores and the broker) and "
            "mesh.mtls.mode: STRICT between services",
        )
