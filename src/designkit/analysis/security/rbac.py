"""RBAC: which role may call which operation, from roles' permissions and endpoints' scopes.

A role's permission grants operations (:mod:`.operations`) when it is:

- a scope an operation needs (``orders:read``): a caller holding any one of an
  operation's scopes may call it;
- ``service:METHOD /path``: that one endpoint (path parameters match by position);
- ``service:read`` or ``service:write``: the service's reading or writing operations;
- ``service:verb``: the service's operations whose last path segment (or gRPC
  method) is the verb, e.g. ``order:cancel`` for ``POST /v1/orders/{id}/cancel``;
- ``*``, ``*:*`` or ``service:*``: everything, or all of a service (a finding).

Scopes are tried first. Anything else grants nothing the design shows (an
operation outside the APIs, such as ``deploy:approve``): reported as info.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Design
from ..antipatterns.finding import Finding, loc, sort_key
from .classification import REGULATED, store_classes
from .operations import Operation, operations
from .policy import SecurityPolicy, policy_for
from .rules import rule

__all__ = [
    "OPERATION_WITHOUT_ROLE",
    "PERMISSION_GRANTS_NOTHING",
    "ROLE_WILDCARD",
    "SENSITIVE_OPERATION_OPEN",
    "RbacMatrix",
    "findings",
    "granted",
    "is_wildcard",
    "matrix",
    "sensitive_operations",
]

ROLE_WILDCARD = rule(
    "role-wildcard",
    title="A role holds a wildcard or admin permission",
    severity="error",
    fix="Grant roles the operations they need, not wildcards.",
    area="rbac",
    reference="PCI-DSS v4.0 7.2.2 (least privilege); NIST SP 800-53 Rev. 5 AC-6",
)
OPERATION_WITHOUT_ROLE = rule(
    "operation-without-role",
    title="An operation needs scopes no role has",
    severity="warning",
    fix="Grant the operation to the role that needs it, or remove it.",
    area="rbac",
    reference="PCI-DSS v4.0 7.2.1 (an access control model covers all components)",
)
SENSITIVE_OPERATION_OPEN = rule(
    "sensitive-operation-open",
    title="An operation writing PCI or PHI data is open to many roles",
    severity="warning",
    fix="Limit operations on PCI or PHI data to few roles.",
    area="rbac",
    reference="PCI-DSS v4.0 7.2.2; HIPAA 45 CFR 164.308(a)(4) (information access management)",
)
PERMISSION_GRANTS_NOTHING = rule(
    "permission-grants-nothing",
    title="A permission matches no operation of the design",
    severity="info",
    fix="Correct the permission to name an operation that exists, or remove it.",
    area="rbac",
    reference="designkit consistency check (roles against endpoints and scopes)",
)

_PARAM = re.compile(r"\{[^{}/]*\}")


def is_wildcard(permission: str) -> bool:
    """True for ``*``, ``service:*`` and permissions naming ``admin``.

    Examples
    --------
    >>> [is_wildcard(p) for p in ["*", "order:*", "catalog:admin", "orders:read"]]
    [True, True, True, False]
    >>> is_wildcard("catalog:POST /v1/admin/products")
    False
    """
    if " " in permission:  # service:METHOD /path names one endpoint, whatever its path
        return permission.partition(":")[0] == "*"
    tokens = re.split(r"[:/.]+", permission.lower())
    return "*" in tokens or "admin" in tokens


def _last_word(path: str) -> str:
    literal = [p for p in re.split(r"[/.]", path) if p and not _PARAM.fullmatch(p)]
    return literal[-1].lower() if literal else ""


def _same_path(a: str, b: str) -> bool:
    return _PARAM.sub("{}", a.rstrip("/")) == _PARAM.sub("{}", b.rstrip("/"))


def granted(permission: str, ops: list[Operation], services: set[str]) -> list[Operation]:
    """The operations ``permission`` grants, in ``ops`` order.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "order",
    ...     "endpoints": [{"method": "GET", "path": "/v1/orders", "scopes": ["orders:read"]},
    ...                   {"method": "POST", "path": "/v1/orders/{id}/cancel"}]}]})
    >>> ops = operations(d)
    >>> [[op.key for op in granted(p, ops, {"order"})]
    ...  for p in ["orders:read", "order:cancel", "order:POST /v1/orders/{x}/cancel", "nope"]]
    [['order:GET /v1/orders'], ['order:POST /v1/orders/{id}/cancel'], \
['order:POST /v1/orders/{id}/cancel'], []]
    """
    if permission in ("*", "*:*"):
        return list(ops)
    by_scope = [op for op in ops if permission in op.scopes]
    if by_scope:
        return by_scope
    service, _, rest = permission.partition(":")
    if service not in services or not rest:
        return []
    mine = [op for op in ops if op.service == service]
    method, _, path = rest.partition(" ")
    if path:
        return [op for op in mine if op.method == method.upper() and _same_path(op.path, path)]
    if rest == "*":
        return mine
    if rest == "read":
        return [op for op in mine if not op.writes]
    if rest == "write":
        return [op for op in mine if op.writes]
    return [op for op in mine if _last_word(op.path) == rest.lower()]


@dataclass(frozen=True)
class RbacMatrix:
    """Operations x roles: the permission that grants each cell."""

    roles: tuple[str, ...]
    operations: tuple[Operation, ...]
    """Operations outside callers reach, or that a role is granted, in file order."""
    grants: dict[tuple[str, str], str]
    """(operation key, role) -> the first permission of the role that grants it."""
    unresolved: tuple[tuple[int, int], ...]
    """(role index, permission index) of permissions that grant nothing."""
    sensitive: frozenset[str]
    """Keys of operations that write PCI or PHI data."""

    def roles_for(self, key: str) -> tuple[str, ...]:
        """The roles that may call the operation ``key``."""
        return tuple(r for r in self.roles if (key, r) in self.grants)


def sensitive_operations(design: Design, ops: list[Operation] | None = None) -> set[str]:
    """Keys of writing operations of services that write a store holding PCI or PHI data.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "p",
    ...     "stores": [{"store": "db"}], "endpoints": [{"method": "POST", "path": "/v1/pay"}]}],
    ...     "stores": [{"name": "db", "classification": ["pci"]}]})
    >>> sensitive_operations(d)
    {'p:POST /v1/pay'}
    """
    classes = store_classes(design)
    writers = {
        svc.name
        for svc in design.services
        for use in svc.stores
        if use.access != "read" and REGULATED & set(classes.get(use.store, {}))
    }
    writers |= {
        s.owner for s in design.stores if s.owner and REGULATED & set(classes.get(s.name, {}))
    }
    return {op.key for op in ops or operations(design) if op.writes and op.service in writers}


def matrix(design: Design) -> RbacMatrix:
    """Which role may call which operation.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "o", "endpoints": [{"path": "/v1/o", "scopes": ["o:read"]}]}],
    ...     "security": {"roles": [{"name": "clerk", "permissions": ["o:read", "x:y"]}]}})
    >>> m = matrix(d)
    >>> m.grants, m.unresolved
    ({('o:GET /v1/o', 'clerk'): 'o:read'}, ((0, 1),))
    """
    ops = operations(design)
    services = {s.name for s in design.services}
    grants: dict[tuple[str, str], str] = {}
    unresolved = []
    for i, role in enumerate(design.security.roles):
        for j, permission in enumerate(role.permissions):
            found = granted(permission, ops, services)
            if not found:
                unresolved.append((i, j))
            for op in found:
                grants.setdefault((op.key, role.name), permission)
    keys = {key for key, _ in grants}
    return RbacMatrix(
        roles=tuple(r.name for r in design.security.roles),
        operations=tuple(op for op in ops if op.audience != "internal" or op.key in keys),
        grants=grants,
        unresolved=tuple(unresolved),
        sensitive=frozenset(sensitive_operations(design, ops)),
    )


def findings(design: Design, policy: SecurityPolicy | None = None) -> list[Finding]:
    """Over-broad roles, operations no role may call, widely open sensitive writes.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "o", "endpoints": [{"path": "/v1/o", "scopes": ["o:read"]}]}],
    ...     "security": {"roles": [{"name": "root", "permissions": ["*"]}]}})
    >>> [(f.rule, f.path) for f in findings(d)]
    [('role-wildcard', 'security.roles[0].permissions[0]')]
    """
    policy = policy or policy_for(design)
    result = matrix(design)
    found = [
        *_wildcards(design),
        *_orphans(result),
        *_open(result, policy),
        *_unresolved(design, result),
    ]
    return sorted(found, key=sort_key)


def _wildcards(design: Design) -> Iterator[Finding]:
    for i, role in enumerate(design.security.roles):
        for j, permission in enumerate(role.permissions):
            if is_wildcard(permission):
                yield ROLE_WILDCARD.finding(
                    loc("security", "roles", i, "permissions", j),
                    role.name,
                    f"role {role.name} holds {permission!r}: it may do whatever exists now or "
                    "is added later, which no review can bound",
                    "grant the scopes or operations the role needs, one by one",
                )


def _orphans(result: RbacMatrix) -> Iterator[Finding]:
    for op in result.operations:
        if op.audience == "scoped" and not result.roles_for(op.key):
            yield OPERATION_WITHOUT_ROLE.finding(
                loc("services", op.service_index, "endpoints", op.endpoint_index, "scopes"),
                op.key,
                f"{op.method} {op.path} of {op.service} needs {' or '.join(op.scopes)}, "
                "which no role holds: nobody can call it, or callers get it outside the model",
                "give the scope to the role that needs it, or remove the operation",
            )


def _open(result: RbacMatrix, policy: SecurityPolicy) -> Iterator[Finding]:
    limit = policy.max_roles_per_sensitive_operation
    for op in result.operations:
        if op.key not in result.sensitive:
            continue
        roles = result.roles_for(op.key)
        if op.audience == "anonymous":
            who = "anyone (its route takes no token)"
        elif len(roles) > limit:
            who = f"{len(roles)} roles ({', '.join(roles)}), over the limit of {limit}"
        else:
            continue
        yield SENSITIVE_OPERATION_OPEN.finding(
            op.where,
            op.key,
            f"{op.method} {op.path} writes PCI or PHI data of {op.service} and is open to {who}",
            "narrow it to a dedicated scope held by the few roles that need it",
        )


def _unresolved(design: Design, result: RbacMatrix) -> Iterator[Finding]:
    for i, j in result.unresolved:
        role = design.security.roles[i]
        permission = role.permissions[j]
        yield PERMISSION_GRANTS_NOTHING.finding(
            loc("security", "roles", i, "permissions", j),
            f"{role.name}: {permission}",
            f"{permission!r} of role {role.name} is no scope of any endpoint nor an "
            "operation of a service",
            "add the endpoint that needs it (with the scope), or drop the permission",
        )
