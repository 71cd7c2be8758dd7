"""What the imported files cannot tell, as questions for the workshop.

Deployment files and contracts say what runs and how it is wired; they say
nothing of who owns it, what it must achieve or how much load it takes. Each
gap becomes one open question of the design (not one per service: a
500-service import asks the same handful), with the phase that should answer
it and the field path it concerns.
"""

from __future__ import annotations

from typing import Any

__all__ = ["gap_questions", "names_list", "question"]

_LIST_CAP = 8

Data = dict[str, Any]


def names_list(items: list[str]) -> str:
    """Items joined with commas, the first eight and a count of the rest.

    Examples
    --------
    >>> names_list(["a", "b"]), names_list([str(i) for i in range(10)])
    ('a, b', '0, 1, 2, 3, 4, 5, 6, 7 and 2 more')
    """
    shown = ", ".join(items[:_LIST_CAP])
    return shown + (f" and {len(items) - _LIST_CAP} more" if len(items) > _LIST_CAP else "")


def question(text: str, phase: int, path: str, source: str) -> Data:
    """An open question as design data."""
    return {"text": text, "phase": phase, "path": path, "source": source}


def gap_questions(services: dict[str, Data], has_contexts: bool, source: str) -> list[Data]:
    """The questions every import of ``services`` (service data by name) leaves open.

    Examples
    --------
    >>> services = {"a": {"dependencies": [{"target": "b"}]}, "b": {"dependencies": []}}
    >>> [(q["phase"], q["path"]) for q in gap_questions(services, False, "import")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(1, 'teams'), (1, 'contexts'), (6, 'journeys'), (6, 'slos'), (6, 'services'),
     (2, 'services'), (0, 'requirements')]
    """
    names = list(services)
    if not names:
        return []
    out = [question(
        "Which team owns each service? The imported files name no teams "
        f"({len(names)} services: {names_list(names)}).", 1, "teams", source)]  # fmt: skip
    if not has_contexts:
        out.append(question(
            "Which bounded contexts do the services belong to, and which are core, "
            "supporting or generic?", 1, "contexts", source))  # fmt: skip
    out.append(question(
        "What load does the system take? The files give no user journeys or peak "
        "request rates, so capacity and cost are computed from placeholders.",
        6, "journeys", source))  # fmt: skip
    out.append(question(
        "Which SLOs (availability, latency) must the system and its journeys meet?",
        6, "slos", source))  # fmt: skip
    out.append(question(
        "How long does each service take per request? Service times are defaults "
        "until measured (profile.service_time_ms).", 6, "services", source))  # fmt: skip
    calls = [(caller, dep) for caller, svc in services.items() for dep in svc["dependencies"]]
    no_timeout = [f"{c}->{d['target']}" for c, d in calls if "timeout_ms" not in d]
    if no_timeout:
        out.append(question(
            f"{len(no_timeout)} of {len(calls)} calls declare no timeout "
            f"({names_list(no_timeout)}): how long should each caller wait?",
            2, "services", source))  # fmt: skip
    out.append(question(
        "Traffic, latency and availability targets, compliance scope and budget are "
        "not in the imported files.", 0, "requirements", source))  # fmt: skip
    return out
