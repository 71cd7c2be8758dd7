from designkit.analysis.checklist import checklist, progress
from tests.conftest import make


def _by_text(design, phase):
    return {c.text: c for c in checklist(design, phase)}


def test_every_phase_has_criteria(small_shop):
    counts = progress(small_shop)
    assert sorted(counts) == list(range(9))
    assert all(total >= 2 for _met, total in counts.values())


def test_foreign_store_use_is_reported(small_shop):
    crit = _by_text(small_shop, 3)["Each store used by its owner only"]
    assert not crit.met
    assert "stock->orders-db" in crit.detail


def test_pinned_images():
    d = make(
        services=[
            {"name": "a", "deployment": {"image": "r/a:1.0"}},
            {"name": "b", "deployment": {"image": "r/b:latest"}},
            {"name": "c", "deployment": {"image": "r/c@sha256:abc"}},
            {"name": "d", "deployment": {"image": "registry:5000/d"}},
        ]
    )
    crit = _by_text(d, 5)["Images pinned"]
    assert not crit.met
    assert crit.detail == "2 unpinned or missing images: b, d"


def test_timeouts_fall_back_to_mesh_defaults():
    d = make(services=[{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}])
    assert _by_text(d, 2)["Every synchronous call has a timeout"].met
    d.mesh.defaults.timeout_ms = None
    crit = _by_text(d, 2)["Every synchronous call has a timeout"]
    assert not crit.met and "a->b" in crit.detail


def test_public_service_without_route():
    d = make(services=[{"name": "shop", "exposure": "public"}])
    crit = _by_text(d, 2)["Public services reached through the gateway"]
    assert not crit.met and "shop" in crit.detail


def test_saga_without_pivot_needs_all_but_last_compensated():
    d = make(
        services=[{"name": "a"}],
        sagas=[
            {
                "name": "s",
                "orchestrator": "a",
                "steps": [
                    {"name": "one", "service": "a", "action": "x"},
                    {"name": "two", "service": "a", "action": "y"},
                ],
            }
        ],
    )
    crit = _by_text(d, 3)["Saga steps before the pivot are compensable"]
    assert not crit.met and crit.detail.endswith("s.one")


def test_requirements_stated_only_when_written():
    assert not _by_text(make(), 0)["Traffic and growth estimated"].met
    assert _by_text(make(requirements={"traffic": {"peak_rps": 5}}), 0)[
        "Traffic and growth estimated"
    ].met


def test_read_only_saga_steps_need_no_compensation():
    d = make(
        services=[{"name": "a"}],
        sagas=[
            {
                "name": "s",
                "orchestrator": "a",
                "steps": [
                    {"name": "check", "service": "a", "action": "screen", "side_effects": False},
                    {"name": "book", "service": "a", "action": "book", "pivot": True},
                ],
            }
        ],
    )
    assert _by_text(d, 3)["Saga steps before the pivot are compensable"].met


def test_dead_letter_topics_and_gateways_are_exempt():
    d = make(
        services=[
            {"name": "edge", "kind": "gateway"},
            {"name": "a", "context": "C", "publishes": ["t"]},
            {"name": "b"},
        ],
        contexts=[{"name": "C"}],
        topics=[
            {"name": "t", "consumers": [{"service": "b", "dead_letter": "dlq"}]},
            {"name": "dlq"},
        ],
    )
    assert _by_text(d, 3)["Every topic has a producer and a consumer"].met
    assert _by_text(d, 1)["Every service belongs to a context"].detail == "1 without context: b"
