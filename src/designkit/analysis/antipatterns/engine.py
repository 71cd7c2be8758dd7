"""Run the registered rules over a design: the one way findings are produced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ...model import Design
from .accepted import apply
from .finding import Finding, sort_key
from .registry import memo, resolve_thresholds, select

__all__ = ["analyze"]


def analyze(
    design: Design,
    *,
    thresholds: Mapping[str, float] | None = None,
    rules: Iterable[str] | None = None,
    family: str | Iterable[str] | None = None,
    phase: int | Iterable[int] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Every problem the registered rules find in ``design``, most serious first.

    Notebooks, the report, the readiness score and ``designkit analyze`` all
    call this; the other ``*_findings`` functions are filtered views of it.

    Parameters
    ----------
    design : Design
        The design to check; it is only read.
    thresholds : mapping of str to number, optional
        Overrides of threshold defaults by name (see
        :func:`~designkit.analysis.antipatterns.thresholds` for each one's meaning).
    rules : iterable of str, optional
        Ids of the rules to run; all of them when None.
    family, phase : str or int, or iterables of them, optional
        Only the rules of these families (``security``, ``data``, ...) and phases (0-7).
    today : date, optional
        The day acceptances (``design.accepted``) are judged on; today when None.

    Returns
    -------
    list of Finding
        Sorted by severity (error, warning, info), rule id, then path. A finding
        the design accepts (until a day not yet past) has ``accepted`` set.

    Raises
    ------
    AnalysisOptionError
        For an unknown rule id or threshold name, or a threshold that is not a number.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b"}]},
    ...     {"name": "b", "dependencies": [{"target": "a"}]}]})
    >>> [f.rule for f in analyze(d, rules=["cyclic-sync-dependency", "long-sync-chain"])]
    ['cyclic-sync-dependency']
    >>> print(analyze(d, rules=["cyclic-sync-dependency"])[0].subject)
    a -> b -> a
    """
    selected = list(select(rules, family=family, phase=phase))
    values = MappingProxyType(resolve_thresholds(thresholds))
    with memo():
        found = [f for rule in selected for f in rule(design, values)]
    found = apply(design, found, selected, today or dt.date.today())
    return sorted(found, key=sort_key)
