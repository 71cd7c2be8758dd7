"""How often a cron schedule fires: the longest gap between two runs.

Five fields (minute hour day-of-month month day-of-week) with ``*``, ``*/n``,
``a-b``, ``a-b/n``, ``a/n``, lists and names (``mon``, ``jan``), and the
macros ``@hourly``, ``@daily``, ``@midnight``, ``@weekly``, ``@monthly``,
``@yearly``/``@annually``. As in cron, when both day fields are restricted a
day matches either. Schedules restricted by day of month or month are
evaluated over 2025 (a common year), wrapping to the first run of the next.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

__all__ = ["cron_max_gap_minutes"]

_MACROS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DAYS = {d: i for i, d in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])}
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, _MONTHS),
    ("day of week", 0, 7, _DAYS),
)


def _number(text: str, name: str, names: dict[str, int]) -> int:
    key = text.lower()
    if key in names:
        return names[key]
    if not text.isdigit():
        raise ValueError(f"{name} {text!r} is not a number")
    return int(text)


def _field(text: str, name: str, lo: int, hi: int, names: dict[str, int]) -> set[int]:
    values: set[int] = set()
    for part in text.split(","):
        span, _, step_text = part.partition("/")
        step = _number(step_text, f"{name} step", {}) if step_text else 1
        if step < 1:
            raise ValueError(f"{name} step must be at least 1; got {step}")
        if span == "*":
            start, end = lo, hi
        elif "-" in span:
            a, b = span.split("-", 1)
            start, end = _number(a, name, names), _number(b, name, names)
        else:
            start = _number(span, name, names)
            end = hi if step_text else start
        if not lo <= start <= end <= hi:
            raise ValueError(f"{name} {part!r} is outside {lo}-{hi}")
        values.update(range(start, end + 1, step))
    return values


def cron_max_gap_minutes(schedule: str) -> float:
    """The longest time between two consecutive runs of ``schedule``, in minutes.

    Raises
    ------
    ValueError
        For an expression that is not five valid fields (or a macro), or that never runs.

    Examples
    --------
    >>> cron_max_gap_minutes("0 2 * * *"), cron_max_gap_minutes("0 */6 * * *")
    (1440.0, 360.0)
    >>> cron_max_gap_minutes("0 3 * * 0"), cron_max_gap_minutes("30 1,13 * * mon-fri")
    (10080.0, 3600.0)
    >>> cron_max_gap_minutes("0 25 * * *")
    Traceback (most recent call last):
    ...
    ValueError: hour '25' is outside 0-23
    """
    text = _MACROS.get(schedule.strip().lower(), schedule)
    parts = text.split()
    if len(parts) != 5:
        raise ValueError(f"{schedule!r} has {len(parts)} fields; cron needs 5")
    sets = [
        _field(p, n, lo, hi, names) for p, (n, lo, hi, names) in zip(parts, _FIELDS, strict=True)
    ]
    minutes, hours, doms, months, dows = sets
    dows = {d % 7 for d in dows}
    daily = sorted(h * 60 + m for h in hours for m in minutes)
    dom_any, month_any, dow_any = parts[2] == "*", parts[3] == "*", parts[4] == "*"
    if dom_any and month_any:
        if dow_any:
            return _gap(daily, 1440)
        weekly = [d * 1440 + t for d in sorted(dows) for t in daily]
        return _gap(weekly, 7 * 1440)
    times: list[int] = []
    start = dt.date(2025, 1, 1)
    for offset in range(365):
        day = start + dt.timedelta(days=offset)
        if day.month not in months:
            continue
        by_dom, by_dow = day.day in doms, (day.isoweekday() % 7) in dows
        # cron: with both day fields restricted, a day matching either runs.
        if (by_dom and by_dow) if (dom_any or dow_any) else (by_dom or by_dow):
            times.extend(offset * 1440 + t for t in daily)
    if not times:
        raise ValueError(f"{schedule!r} never runs")
    return _gap(times, 365 * 1440)


def _gap(times: list[int], period: int) -> float:
    gaps = [b - a for a, b in pairwise(times)]
    gaps.append(times[0] + period - times[-1])
    return float(max(gaps))
