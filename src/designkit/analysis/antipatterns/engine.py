"""Run the registered rules over a design."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ...model import Design
from .finding import Finding, sort_key
from .registry import resolve_thresholds, select

__all__ = ["analyze"]


def analyze(
    design: Design,
    *,
    thresholds: Mapping[str, float] | None = None,
    rules: Iterable[str] | None = None,
) -> list[Finding]:
    """Every anti-pattern the rules find in ``design``, most serious first.

    Parameters
    ----------
    design : Design
        The design to check; it is only read.
    thresholds : mapping of str to number, optional
        Overrides of threshold defaults by name (see
        :func:`~designkit.analysis.antipatterns.thresholds` for each one's meaning).
    rules : iterable of str, optional
        Ids of the rules to run; all of them when None.

    Returns
    -------
    list of Finding
        Sorted by severity (error, warning, info), rule id, then path.

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
    selected = list(select(rules))
    values = MappingProxyType(resolve_thresholds(thresholds))
    return sorted((f for rule in selected for f in rule(design, values)), key=sort_key)
