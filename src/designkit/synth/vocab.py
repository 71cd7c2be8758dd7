"""Words synthetic designs are named from: business areas, service roles, attributes."""

from __future__ import annotations

__all__ = ["AREAS", "ATTRIBUTES", "QUALIFIERS", "ROLES", "area_name"]

AREAS = (
    "accounts",
    "billing",
    "booking",
    "catalog",
    "checkout",
    "claims",
    "content",
    "customer",
    "delivery",
    "documents",
    "fraud",
    "fulfilment",
    "identity",
    "inventory",
    "invoicing",
    "ledger",
    "lending",
    "loyalty",
    "marketing",
    "media",
    "onboarding",
    "orders",
    "partners",
    "payments",
    "payroll",
    "pricing",
    "procurement",
    "promotions",
    "quotes",
    "ratings",
    "recommendations",
    "refunds",
    "reporting",
    "returns",
    "risk",
    "routing",
    "scheduling",
    "search",
    "settlement",
    "shipping",
    "subscriptions",
    "support",
    "tax",
    "ticketing",
    "tracking",
    "underwriting",
    "warehouse",
    "wallet",
)
"""Business areas: one per bounded context, qualified once they run out."""

QUALIFIERS = (
    "retail",
    "partner",
    "b2b",
    "mobile",
    "eu",
    "us",
    "apac",
    "express",
    "premium",
    "legacy",
    "wholesale",
    "marketplace",
)

ROLES = (
    "core",
    "query",
    "rules",
    "records",
    "workflow",
    "registry",
    "policy",
    "history",
    "matcher",
    "scheduler",
    "validator",
    "directory",
    "engine",
    "audit",
    "profile",
)
"""Roles of a context's internal services (a context has at most 12 services)."""

ATTRIBUTES: tuple[tuple[str, str, str | None], ...] = (
    ("status", "string", None),
    ("amount", "decimal", None),
    ("currency", "string", None),
    ("email", "string", "pii"),
    ("fullName", "string", "pii"),
    ("address", "string", "pii"),
    ("createdAt", "timestamp", None),
    ("updatedAt", "timestamp", None),
    ("quantity", "integer", None),
    ("price", "decimal", None),
    ("reference", "string", None),
    ("revision", "integer", None),
    ("score", "number", None),
    ("region", "string", None),
    ("channel", "string", None),
    ("dueDate", "date", None),
    ("active", "boolean", None),
    ("notes", "string", "internal"),
    ("tags", "array", None),
    ("ownerId", "uuid", None),
    ("externalId", "string", None),
    ("priority", "integer", None),
    ("locale", "string", None),
    ("cardToken", "string", "pci"),
    ("taxId", "string", "confidential"),
)
"""(name, type, classification) of the attributes entities pick from, besides ``id``."""


def area_name(index: int, areas: tuple[str, ...] | list[str] = AREAS) -> str:
    """The ``index``-th context name: areas first, then qualified, then numbered.

    Examples
    --------
    >>> area_name(0, ["billing", "orders"]), area_name(3, ["billing", "orders"])
    ('billing', 'retail-orders')
    >>> area_name(2 + 2 * len(QUALIFIERS), ["billing", "orders"])
    'retail-billing-2'
    """
    area = areas[index % len(areas)]
    rounds = index // len(areas)
    if rounds == 0:
        return area
    qualifier = QUALIFIERS[(rounds - 1) % len(QUALIFIERS)]
    lap = (rounds - 1) // len(QUALIFIERS)
    return f"{qualifier}-{area}" + (f"-{lap + 1}" if lap else "")
