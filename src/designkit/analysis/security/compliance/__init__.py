"""Compliance: curated controls of PCI-DSS, HIPAA, GDPR and SOX, mapped to the design.

Each control (:mod:`.pci`, :mod:`.hipaa`, :mod:`.gdpr`, :mod:`.sox`) reads the
security analyses of the design and says whether it ``holds``, is
``missing``, ``needs review`` (the design cannot show it: a process, code) or
is ``not applicable`` (no such data), with the evidence and the field paths.
Only the frameworks in ``requirements.compliance`` are evaluated; the others
are listed as not applicable. A control the design cannot show but the
organisation meets elsewhere is accepted with an override: its id and the
justification, e.g. ``{"PCI-DSS 6.4.2": "Cloud WAF in front of Kong, ticket SEC-12"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ....errors import DesignKitError
from ....model import Design, suggest
from ..policy import SecurityPolicy, policy_for
from . import gdpr, hipaa, pci, sox
from .facts import Control, Facts, Outcome, Status, controls, facts

__all__ = [
    "FRAMEWORKS",
    "ComplianceOptionError",
    "ComplianceReport",
    "Control",
    "ControlResult",
    "Facts",
    "Outcome",
    "Status",
    "controls",
    "facts",
    "gdpr",
    "hipaa",
    "pci",
    "report",
    "sox",
]

FRAMEWORKS: dict[str, str] = {
    "pci-dss": "PCI DSS v4.0",
    "hipaa": "HIPAA Security Rule (45 CFR 164)",
    "gdpr": "GDPR (Regulation (EU) 2016/679)",
    "sox": "SOX IT general controls (s. 404, s. 802)",
}
"""The frameworks designkit has a control list for."""


class ComplianceOptionError(DesignKitError, ValueError):
    """An override names a control that does not exist."""


@dataclass(frozen=True)
class ControlResult:
    """A control of a framework, evaluated against the design."""

    framework: str
    id: str
    title: str
    status: Status
    evidence: str
    paths: tuple[str, ...]
    overridden: bool = False
    """True if the status comes from an override, not from the design."""


@dataclass(frozen=True)
class ComplianceReport:
    """Every control of the frameworks the design must meet."""

    frameworks: dict[str, str]
    """Framework id -> 'evaluated', 'not applicable' or 'not evaluated (no control list)'."""
    controls: tuple[ControlResult, ...]

    def summary(self) -> dict[str, dict[str, int]]:
        """Per evaluated framework, how many controls have each status."""
        statuses: tuple[Status, ...] = ("holds", "missing", "needs review", "not applicable")
        out: dict[str, dict[str, int]] = {}
        for framework, state in self.frameworks.items():
            if state == "evaluated":
                mine = [c.status for c in self.controls if c.framework == framework]
                out[framework] = {s: mine.count(s) for s in statuses}
        return out


def _check_overrides(overrides: Mapping[str, str]) -> None:
    known = [c.id for c in controls()]
    for key, reason in overrides.items():
        if key not in known:
            raise ComplianceOptionError(f"overrides: {key!r} is not a control{suggest(key, known)}")
        if not str(reason).strip():
            raise ComplianceOptionError(f"overrides[{key!r}]: give the justification; got ''")


def report(
    design: Design,
    *,
    policy: SecurityPolicy | None = None,
    overrides: Mapping[str, str] | None = None,
) -> ComplianceReport:
    """Evaluate the controls of every framework in ``design.requirements.compliance``.

    Parameters
    ----------
    design : Design
        The design; it is only read.
    policy : SecurityPolicy, optional
        Bounds for tokens, certificates and secrets; :func:`~..policy.policy_for` when None.
    overrides : mapping of str to str, optional
        Control id -> why it holds although the design cannot show it.

    Raises
    ------
    ComplianceOptionError
        If an override names an unknown control or gives no justification.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"compliance": ["sox", "soc2"]}})
    >>> r = report(d, overrides={"SOX ITGC CM-1": "change board, ticket CAB-7"})
    >>> r.frameworks
    {'pci-dss': 'not applicable', 'hipaa': 'not applicable', 'gdpr': 'not applicable', \
'sox': 'evaluated', 'soc2': 'not evaluated (no control list)'}
    >>> [(c.id, c.status, c.overridden) for c in r.controls if c.id.endswith("CM-1")]
    [('SOX ITGC CM-1', 'holds', True)]
    >>> report(d, overrides={"SOX CM-1": "x"})
    Traceback (most recent call last):
    ...
    designkit.analysis.security.compliance.ComplianceOptionError: overrides: 'SOX CM-1' \
is not a control (did you mean 'SOX ITGC CM-1'?)
    """
    overrides = dict(overrides or {})
    _check_overrides(overrides)
    wanted = set(design.requirements.compliance)
    frameworks = {f: ("evaluated" if f in wanted else "not applicable") for f in FRAMEWORKS}
    for other in design.requirements.compliance:
        frameworks.setdefault(other, "not evaluated (no control list)")
    if not wanted & set(FRAMEWORKS):
        return ComplianceReport(frameworks, ())
    known = facts(design, policy or policy_for(design))
    results = []
    for item in (c for f in FRAMEWORKS if f in wanted for c in controls(f)):
        status, evidence, paths = item.check(known)
        reason = overrides.get(item.id)
        if reason is not None:
            results.append(
                ControlResult(
                    item.framework,
                    item.id,
                    item.title,
                    "holds",
                    f"override: {reason} (the design showed: {status}, {evidence})",
                    tuple(paths),
                    overridden=True,
                )
            )
            continue
        results.append(
            ControlResult(
                item.framework, item.id, item.title, status, evidence, tuple(dict.fromkeys(paths))
            )
        )
    return ComplianceReport(frameworks, tuple(results))
