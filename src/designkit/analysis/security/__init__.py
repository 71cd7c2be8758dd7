"""Security and compliance analyses of a design (phase 7).

One module per concern, each a pure function of the design:

- :mod:`.paths` and :mod:`.zero_trust`: who may talk to whom (the same
  allow-list the NetworkPolicies and Istio AuthorizationPolicies enforce),
  and the mesh, identity and network settings that break zero trust;
- :mod:`.edge`: OAuth2/OIDC at the gateway: auth, scopes, CORS, rate limits per route;
- :mod:`.rbac`: roles x operations, from permissions and endpoint scopes;
- :mod:`.rotation`: secrets against their rotation policy, and who shares them;
- :mod:`.classification` and :mod:`.protection`: PII, PCI and PHI traced to
  every holder, and the gaps in its protection;
- :mod:`.owasp`: the OWASP API Security Top 10 (2023) as a checklist;
- :mod:`.compliance`: PCI-DSS, HIPAA, GDPR and SOX controls mapped to the design.

Findings are :class:`~designkit.analysis.antipatterns.Finding` objects; the
bounds they apply come from :func:`~.policy.policy_for` (override with a
:class:`~.policy.SecurityPolicy`). Nothing here mutates, prints or saves.

Examples
--------
>>> from designkit.model import Design
>>> d = Design.model_validate({"metadata": {"name": "x"},
...     "services": [{"name": "o"}], "security": {"token_lifetime_minutes": 240},
...     "stores": [{"name": "db", "owner": "o", "classification": ["pii"],
...                 "encrypted_at_rest": False}]})
>>> [(f.severity, f.rule) for f in findings(d)]
[('error', 'classified-store-unencrypted'), ('warning', 'token-lifetime-too-long')]
"""

from __future__ import annotations

from ...model import Design
from ..antipatterns.engine import analyze
from ..antipatterns.finding import Finding, sort_key
from . import (
    classification,
    compliance,
    edge,
    operations,
    owasp,
    paths,
    policy,
    protection,
    rbac,
    rotation,
    rules,
    zero_trust,
)
from ._areas import area_findings
from .policy import SecurityPolicy, policy_for

__all__ = [
    "SecurityPolicy",
    "classification",
    "compliance",
    "edge",
    "findings",
    "operations",
    "owasp",
    "paths",
    "policy",
    "policy_for",
    "protection",
    "rbac",
    "rotation",
    "rules",
    "zero_trust",
]


def findings(design: Design, policy: SecurityPolicy | None = None) -> list[Finding]:
    """Every security finding of ``design`` (all areas), most serious first.

    The registry's rules declared by the security areas (accepted findings
    marked); with a ``policy`` of your own, the areas' findings under it.

    Parameters
    ----------
    design : Design
        The design; it is only read.
    policy : SecurityPolicy, optional
        The bounds to apply; :func:`policy_for` the design when None.

    Examples
    --------
    >>> from designkit.model import Design
    >>> findings(Design.model_validate({"metadata": {"name": "x"}}))
    []
    """
    if policy is None:
        return analyze(design, rules=[r.id for r in rules.rules()])
    return sorted(area_findings(design, policy), key=sort_key)
