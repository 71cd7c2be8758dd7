"""The steady state of a chaos experiment, and when to abort it, from the SLOs.

The steady state is an SLO's error ratio over 5 minutes, read from the
recording rules :mod:`designkit.generate.prometheus` writes
(``slo:sli_error:ratio_rate5m{sloth_slo="<slo>"}``, sloth's naming). The abort
condition is the SRE Workbook's fast-burn page (ch. 5, table 5-8): abort as
soon as that ratio exceeds ``burn_rate(0.02, window_days, 1) x (1 - objective)``
(14.4 x the budget rate for a 30-day SLO), so an experiment lasting ``d``
seconds spends at most ``burn x d / window`` of the error budget.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..model import Design, Slo
from ..sizing.slo import burn_rate

__all__ = ["SLI_RATIO", "SteadyState", "budget_spend", "slo_for", "steady_state"]

SLI_RATIO = "slo:sli_error:ratio_rate5m"
"""The 5-minute error-ratio recording rule of every SLO (see designkit.generate.prometheus)."""


@dataclass(frozen=True)
class SteadyState:
    """What "normal" looks like during an experiment, and when to stop it."""

    slo: str
    sli: str
    objective: float
    window_days: int
    target: str
    """The service, or ``journey: <name>``."""
    query: str
    """PromQL of the SLO's error ratio over 5 minutes."""
    abort_burn_rate: float
    abort_error_ratio: float
    """``abort_burn_rate x (1 - objective)``; above 1 the abort can never fire."""
    abort_query: str


def slo_for(
    design: Design, journeys: tuple[str, ...], services: tuple[str, ...], sli: str
) -> Slo | None:
    """The first SLO of kind ``sli`` (else availability) on ``journeys``, then ``services``.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}],
    ...     "journeys": [{"name": "j", "entry": "a"}],
    ...     "slos": [{"name": "a-up", "service": "a"}, {"name": "j-up", "journey": "j"}]})
    >>> slo_for(d, ("j",), ("a",), "latency").name  # no latency SLO: availability
    'j-up'
    """
    for wanted in (sli, "availability"):
        for journey in journeys:
            for slo in design.slos:
                if slo.journey == journey and slo.sli == wanted:
                    return slo
        for service in services:
            for slo in design.slos:
                if slo.service == service and slo.sli == wanted:
                    return slo
    return None


def steady_state(slo: Slo | None) -> SteadyState | None:
    """The steady-state query and abort condition of ``slo`` (None without an SLO).

    Examples
    --------
    SRE Workbook table 5-8: page at 14.4 x the budget rate, 0.0144 for 99.9%.

    >>> s = steady_state(Slo(name="j-up", journey="j", objective=0.999))
    >>> print(s.abort_query)
    slo:sli_error:ratio_rate5m{sloth_slo="j-up"} > 0.0144
    """
    if slo is None:
        return None
    burn = burn_rate(0.02, slo.window_days, 1)
    ratio = burn * (1 - slo.objective)
    query = f"{SLI_RATIO}{{sloth_slo={json.dumps(slo.name)}}}"
    return SteadyState(
        slo=slo.name,
        sli=slo.sli,
        objective=slo.objective,
        window_days=slo.window_days,
        target=slo.service or f"journey: {slo.journey}",
        query=query,
        abort_burn_rate=burn,
        abort_error_ratio=ratio,
        abort_query=f"{query} > {ratio:.6g}",
    )


def budget_spend(steady: SteadyState | None, duration_s: int) -> float | None:
    """Most of the error budget ``duration_s`` seconds at the abort burn rate can spend.

    Examples
    --------
    >>> s = steady_state(Slo(name="j-up", journey="j", objective=0.999))
    >>> round(budget_spend(s, 300), 6)  # 14.4 x 300 s / 30 days
    0.001667
    """
    if steady is None:
        return None
    return steady.abort_burn_rate * duration_s / (steady.window_days * 86400)
