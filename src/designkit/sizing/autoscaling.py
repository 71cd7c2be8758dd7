"""Autoscaler arithmetic: what the Kubernetes Horizontal Pod Autoscaler will do."""

from __future__ import annotations

import math

from designkit.sizing import _check

__all__ = ["hpa_desired_replicas"]


def hpa_desired_replicas(
    current_replicas: int,
    current_metric: float,
    target_metric: float,
    tolerance: float = 0.1,
) -> int:
    """Replicas the HPA asks for, before min/max clamping and stabilization.

    Parameters
    ----------
    current_replicas : int
        Ready replicas now (at least 1).
    current_metric : float
        Current per-pod metric value (average utilization, requests/s, ...).
    target_metric : float
        The HPA's target value of that metric.
    tolerance : float, default 0.1
        The controller's ``--horizontal-pod-autoscaler-tolerance``.

    Returns
    -------
    int
        ``current_replicas`` when ``|current_metric / target_metric - 1| <=
        tolerance``, else ``ceil(current_replicas * current_metric /
        target_metric)``.

    Notes
    -----
    Kubernetes documentation, "Horizontal Pod Autoscaling", algorithm details:
    ``desiredReplicas = ceil[currentReplicas * (currentMetricValue /
    desiredMetricValue)]``, and the control plane "skips any scaling action if
    the ratio is sufficiently close to 1.0 (within a globally-configurable
    tolerance, 0.1 by default)". The controller then clamps the result to
    ``[minReplicas, maxReplicas]`` and applies its scale-down stabilization
    window (a metric of 0 yields 0 here, which minReplicas, at least 1,
    overrides); unready pods and pods without metrics are handled separately.

    The rule is evaluated exactly on the decimal values given. Kubernetes uses
    float64, in which ``abs(1.0 - 1.1)`` is a hair above 0.1, so a ratio of
    exactly 1 + tolerance scales there but stays put here.

    Examples
    --------
    Kubernetes' example: 200m against a 100m target doubles the replicas.

    >>> hpa_desired_replicas(1, 200, 100)
    2
    >>> hpa_desired_replicas(4, 50, 100)
    2
    >>> hpa_desired_replicas(10, 108, 100)  # within the 10% tolerance
    10
    """
    replicas = _check.integer("current_replicas", current_replicas, 1)
    current = _check.exact(_check.non_negative("current_metric", current_metric))
    target = _check.exact(_check.positive("target_metric", target_metric))
    band = _check.exact(_check.non_negative("tolerance", tolerance))
    ratio = current / target
    if abs(ratio - 1) <= band:
        return replicas
    return math.ceil(ratio * replicas)
