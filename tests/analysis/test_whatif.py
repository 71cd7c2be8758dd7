import pytest

from designkit.analysis.whatif import Scenario, apply, evaluate


def test_default_scenario_changes_nothing(small_shop):
    changed = apply(small_shop, Scenario())
    assert changed.model_dump() == small_shop.model_dump()
    assert changed is not small_shop


def test_knobs(small_shop):
    changed = apply(
        small_shop,
        Scenario(
            traffic_multiplier=2.5,
            availability_objective=0.9999,
            service_availability={"stock": 0.99},
        ),
    )
    assert changed.journeys[0].peak_rps == 100.0  # 40 x 2.5
    assert changed.requirements.availability == 0.9999
    assert changed.slos[0].objective == 0.9999  # the journey's availability SLO
    assert changed.slos[1].objective == 0.95  # a latency SLO is left alone
    assert changed.service("stock").profile.availability == 0.99
    assert small_shop.journeys[0].peak_rps == 40.0


def test_more_traffic_needs_at_least_as_many_replicas(small_shop):
    base = evaluate(small_shop)
    busy = evaluate(small_shop, Scenario(traffic_multiplier=50))
    for name, cap in busy.capacity.services.items():
        assert cap.replicas >= base.capacity.services[name].replicas


@pytest.mark.parametrize(
    "bad",
    [
        Scenario(traffic_multiplier=0),
        Scenario(availability_objective=1.0),
        Scenario(service_availability={"stock": 1.5}),
    ],
)
def test_invalid_knobs(small_shop, bad):
    with pytest.raises(ValueError, match="must be"):
        apply(small_shop, bad)


def test_unknown_service(small_shop):
    with pytest.raises(KeyError):
        apply(small_shop, Scenario(service_availability={"nope": 0.9}))


def test_apply_copies_what_it_changes_and_leaves_the_input_alone() -> None:
    from designkit.analysis.whatif import Scenario, apply
    from tests.analysis._examples import ecommerce

    design = ecommerce()
    before = design.model_dump()
    name = design.services[0].name
    changed = apply(
        design,
        Scenario(
            traffic_multiplier=2,
            availability_objective=0.995,
            service_availability={name: 0.99},
        ),
    )
    assert design.model_dump() == before
    assert changed.service(name).profile.availability == 0.99
    assert design.service(name).profile.availability != 0.99
    assert changed.requirements.availability == 0.995
    assert [j.peak_rps for j in changed.journeys] == [2 * j.peak_rps for j in design.journeys]
    assert changed._source is None


def test_apply_refuses_an_unknown_service() -> None:
    import pytest

    from designkit.analysis.whatif import Scenario, apply
    from tests.analysis._examples import ecommerce

    with pytest.raises(KeyError, match="nope"):
        apply(ecommerce(), Scenario(service_availability={"nope": 0.99}))
