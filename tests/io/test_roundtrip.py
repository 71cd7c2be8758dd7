"""Property: any valid design survives dumps -> loads unchanged, and dumps is deterministic."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designkit.io import dumps, loads
from designkit.io.yamlfile import parse
from designkit.model import Design

resource_names = st.from_regex(r"\A[a-z]([a-z0-9-]{0,10}[a-z0-9])?\Z")
"""Service names: Kubernetes labels (lowercase, digits, '-')."""

free_names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
).filter(lambda s: s.strip() == s)
"""Names people type: any Unicode (YAML keywords, numbers, colons, quotes, emoji)."""

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30).map(
    str.strip
)


def finite(lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False) -> Any:
    return st.floats(
        lo,
        hi,
        exclude_min=lo_open,
        exclude_max=hi_open,
        allow_nan=False,
        allow_infinity=False,
    )


@st.composite
def designs(draw: st.DrawFn) -> Design:
    teams = draw(st.lists(free_names, max_size=3, unique=True))
    contexts = draw(st.lists(free_names, max_size=3, unique=True))
    topics = draw(st.lists(free_names, max_size=2, unique=True))
    names = draw(st.lists(resource_names, min_size=1, max_size=4, unique=True))

    services = []
    for name in names:
        service: dict[str, Any] = {"name": name}
        if teams and draw(st.booleans()):
            service["team"] = draw(st.sampled_from(teams))
        if contexts and draw(st.booleans()):
            service["context"] = draw(st.sampled_from(contexts))
        if draw(st.booleans()):
            service["description"] = draw(texts)
        if draw(st.booleans()):
            service["profile"] = {
                "service_time_ms": draw(finite(0, 1e6, lo_open=True)),
                "availability": draw(finite(0, 1, lo_open=True, hi_open=True)),
                "workers_per_replica": draw(st.integers(1, 10_000)),
            }
        if draw(st.booleans()):
            lo = draw(st.integers(1, 50))
            service["deployment"] = {
                "replicas": draw(st.integers(1, 100)),
                "port": draw(st.integers(1, 65535)),
                "autoscaling": draw(
                    st.none()
                    | st.fixed_dictionaries(
                        {
                            "min_replicas": st.just(lo),
                            "max_replicas": st.integers(lo, 100),
                            "target_cpu_utilization": finite(0, 1, lo_open=True),
                        }
                    )
                ),
            }
        others = [n for n in names if n != name]
        deps = []
        for target in draw(st.lists(st.sampled_from(others), unique=True)) if others else []:
            dep: dict[str, Any] = {"target": target, "calls_per_request": draw(finite(0, 100))}
            if topics and draw(st.booleans()):
                dep["protocol"] = "async"
                dep["topic"] = draw(st.sampled_from(topics))
            else:
                dep["protocol"] = draw(st.sampled_from(["rest", "grpc", "graphql"]))
                dep["timeout_ms"] = draw(st.none() | finite(0, 1e5, lo_open=True))
                dep["retries"] = draw(st.none() | st.integers(0, 10))
            dep["hard"] = draw(st.booleans())
            deps.append(dep)
        if deps:
            service["dependencies"] = deps
        services.append(service)

    data: dict[str, Any] = {
        "metadata": {"name": draw(free_names), "authors": draw(st.lists(free_names, max_size=2))},
        "requirements": {
            "availability": draw(finite(0, 1, lo_open=True, hi_open=True)),
            "traffic": {
                "peak_rps": draw(finite(0, 1e9, lo_open=True)),
                "read_ratio": draw(finite(0, 1)),
            },
        },
        "teams": [{"name": t, "size": draw(st.integers(1, 20))} for t in teams],
        "contexts": [
            {
                "name": c,
                "team": draw(st.none() | st.sampled_from(teams)) if teams else None,
                "kind": draw(st.sampled_from(["core", "supporting", "generic"])),
            }
            for c in contexts
        ],
        "topics": [
            {
                "name": t,
                "partitions": draw(st.integers(1, 64)),
                "consumers": [
                    {"service": s, "idempotent": True} if draw(st.booleans()) else s
                    for s in draw(st.lists(st.sampled_from(names), unique=True, max_size=2))
                ],
            }
            for t in topics
        ],
        "services": services,
    }
    if draw(st.booleans()):
        data["decisions"] = [
            {"title": draw(free_names), "date": draw(st.dates()), "status": "accepted"}
        ]
    return Design.model_validate(data)


@settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(designs())
def test_dumps_then_loads_gives_the_same_design(design: Design) -> None:
    text = dumps(design)
    again = loads(text)
    assert again == design
    assert dumps(design) == text  # deterministic
    # A reloaded design dumps through the comment-keeping merge: the same data (ruamel
    # may re-spell a float, ...2014e-308 as ...2013e-308, but never change its value).
    assert parse(dumps(again), "again") == parse(text, "text")


TRICKY_TEXT = [
    "null",
    "~",
    "yes",
    "no",
    "on",
    "true",
    "False",
    "1e3",
    "0x1F",
    "0o17",
    ".inf",
    "-.nan",
    "2024-01-02",
    "12:30",
    "- item",
    "key: value",
    "a # not a comment",
    "#hash",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@at",
    "`tick",
    "'single'",
    '"double"',
    "{flow}",
    "[seq]",
    "a\nb",
    "a\r\nb",
    "tab\there",
    "nul\x00byte",
    "bom\ufeffinside",
    "nel\x85line",
    "line\u2028separator",
    "para\u2029separator",
    "bell\x07",
    "del\x7f",
    "c1\x9b",
    "emoji \U0001f600",
    "rtl \u05d0\u05d1",
    "x" * 200,
    "trailing\\",
]


def test_tricky_text_survives_a_round_trip() -> None:
    design = Design.model_validate(
        {
            "metadata": {"name": "shop", "authors": TRICKY_TEXT},
            "teams": [{"name": t[:200]} for t in TRICKY_TEXT],
            "services": [{"name": "a", "team": "nel\x85line", "description": "nel\x85line"}],
        }
    )
    again = loads(dumps(design))
    assert again.metadata.authors == TRICKY_TEXT
    assert again == design
    assert loads(dumps(again)) == design  # and through the comment-keeping path
