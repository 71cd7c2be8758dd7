"""Capacity, queueing, SLO and availability math: pure numeric functions.

Each module is imported by path (``from designkit.sizing import queueing``); none
is imported here, so ``import designkit.sizing`` stays cheap.

availability
    Serial and parallel composition of availabilities; availability from
    MTTF and MTTR.
autoscaling
    The Kubernetes Horizontal Pod Autoscaler's replica rule.
kafka
    Partition counts for a target throughput; broker storage.
queueing
    Little's law, Erlang C and M/M/c latency quantiles, the fewest servers
    for a target, Kingman's G/G/1 wait (and the USL, re-exported).
retries
    Retry amplification across layers, expected attempts, Envoy's back-off
    bounds, and the caller timeout that lets all retries finish.
scalability
    Gunther's Universal Scalability Law: throughput at a concurrency, and
    the concurrency where it peaks.
slo
    Error budgets, burn rates and the SRE Workbook's multiwindow,
    multi-burn-rate alerts.

Objectives and availabilities are fractions (0.999, not 99.9); rates are per
second and times in seconds unless a name says otherwise (``_ms``, ``_days``).
Invalid inputs raise ``ValueError`` naming the argument, the rule and the value.
"""
