"""Static charts of phase 6 (matplotlib, SVG): budget burn, replicas vs traffic, latency budgets.

Figures are drawn with matplotlib's object API (no pyplot state, no GUI
backend) and saved as SVG with a fixed hash salt and no date, so the same
numbers give the same bytes: nbval compares them and the report prints them.
Text stays text (``svg.fonttype: none``): searchable in the PDF, and escaped by
matplotlib's SVG writer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..analysis.slos import SloReport
from ..analysis.sweep import TrafficSweep
from ..sizing.slo import multiwindow_alerts
from .svg import PALETTE, Svg

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["budget_burn", "latency_budgets", "replicas_vs_traffic"]

_RC: dict[Any, Any] = {
    "svg.hashsalt": "designkit",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(fig: Figure) -> Svg:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return Svg(text[text.index("<svg") :])  # drop the XML prolog and doctype


def budget_burn(objective: float, window_days: int = 30) -> Svg:
    """Error budget left over the SLO window at the alerting burn rates.

    One line per multiwindow alert of ``multiwindow_alerts(objective, window_days)``
    (SRE Workbook, table 5-8), plus the sustainable rate 1; each alert's dot is
    where it fires: ``budget_consumed`` spent after ``long_window``.
    """
    import matplotlib

    alerts = multiwindow_alerts(objective, window_days)
    with matplotlib.rc_context(_RC):
        fig = _figure(6.4, 3.0)
        ax = fig.add_subplot()
        rates = sorted({1.0, *(a.burn_rate for a in alerts)}, reverse=True)
        for i, rate in enumerate(rates):
            days = min(window_days, window_days / rate)
            ax.plot(
                [0, days],
                [100, 100 - 100 * days * rate / window_days],
                color=PALETTE[i],
                label=f"burn rate {rate:g} (empty in {window_days / rate * 24:.3g} h)",
            )
        for alert in alerts:
            days = alert.long_window.total_seconds() / 86400
            ax.plot([days], [100 - 100 * alert.budget_consumed], "o", color="#333", ms=4)
            ax.annotate(
                f"{alert.severity} after {_duration(alert.long_window.total_seconds())}",
                (days, 100 - 100 * alert.budget_consumed),
                textcoords="offset points",
                xytext=(6, -2),
                fontsize=7,
            )
        ax.set_xlim(0, window_days)
        ax.set_ylim(0, 102)
        ax.set_xlabel("days into the window")
        ax.set_ylabel("error budget left (%)")
        ax.set_title(f"Error budget of a {objective:.3%} objective over {window_days} days")
        ax.legend(fontsize=7, loc="upper right")
        return _svg(fig)


def _duration(seconds: float) -> str:
    hours = seconds / 3600
    return f"{hours / 24:g} d" if hours >= 48 else f"{hours:g} h"


def replicas_vs_traffic(sweep: TrafficSweep, *, top: int = 8) -> Svg:
    """Replicas each service needs as traffic grows (the ``top`` busiest at today's peak).

    Log-scaled traffic axis; a dashed line marks today's traffic (multiplier 1).
    """
    import matplotlib

    today = sweep.multipliers.index(1.0) if 1.0 in sweep.multipliers else 0
    busiest = sorted(sweep.replicas, key=lambda s: (-sweep.request_rps[s][today], s))[:top]
    with matplotlib.rc_context(_RC):
        fig = _figure(6.4, 3.2)
        ax = fig.add_subplot()
        for i, name in enumerate(busiest):
            ax.plot(
                sweep.multipliers,
                sweep.replicas[name],
                marker="o",
                ms=3,
                color=PALETTE[i % len(PALETTE)],
                label=name,
            )
        ax.set_xscale("log")
        ax.set_xticks(sweep.multipliers, [f"{m:g}x" for m in sweep.multipliers])
        ax.minorticks_off()
        if 1.0 in sweep.multipliers:
            ax.axvline(1.0, color="#666", ls="--", lw=0.8)
        ax.set_xlabel("traffic (multiple of today's peak)")
        ax.set_ylabel("replicas")
        ax.set_title(f"Replicas vs traffic at {sweep.target_utilization:.0%} target utilisation")
        if busiest:  # no services yet: no lines, and no legend to draw
            ax.legend(fontsize=7, loc="upper left", ncols=2)
        return _svg(fig)


def latency_budgets(report: SloReport, journeys: Sequence[str] | None = None) -> Svg:
    """Each journey's latency threshold split along its critical path, as stacked bars.

    Segments are the hops' budgets (``share x threshold``); the black tick is the
    sum of mean service times, so a tick past the bar's end misses the threshold.
    """
    import matplotlib

    names = sorted(report.latency) if journeys is None else list(journeys)
    with matplotlib.rc_context(_RC):
        fig = _figure(6.4, 0.45 * max(len(names), 1) + 1.0)
        ax = fig.add_subplot()
        colours: dict[str, str] = {}
        for row, name in enumerate(names):
            budget = report.latency[name]
            left = 0.0
            for hop in budget.hops:
                colour = colours.setdefault(hop.service, PALETTE[len(colours) % len(PALETTE)])
                ax.barh(row, hop.budget_ms, left=left, color=colour, edgecolor="white")
                if hop.budget_ms >= 0.08 * budget.threshold_ms:
                    ax.text(
                        left + hop.budget_ms / 2,
                        row,
                        hop.service,
                        ha="center",
                        va="center",
                        fontsize=6,
                    )
                left += hop.budget_ms
            ax.plot([budget.total_ms], [row], "|", color="#111", ms=14, mew=2)
        ax.set_yticks(range(len(names)), [f"{n} (p{_q(report, n)})" for n in names])
        ax.invert_yaxis()
        ax.set_xlabel("milliseconds")
        ax.set_title("Latency budget along each journey's critical path")
        ax.grid(axis="y", visible=False)
        return _svg(fig)


def _q(report: SloReport, journey: str) -> str:
    quantile = report.latency[journey].quantile
    return f"{quantile * 100:g}" if quantile < 1 else f"{quantile:g}"
