"""Criterion scores and weights, computed by hand.

Service Cutter's values (SemanticProximityCriterionScorer.java: write 10, read 3,
mixed 3, aggregation 1; normalisation so the top tenth of pairs scores 10;
RelatedGroupCriteriaScorer: +10 inside a group, not summed over groups;
CharacteristicsCriteriaScorer: minus the distance of the characteristics' weights).
"""

from __future__ import annotations

import pytest

from designkit.analysis.decomposition import Coupling
from designkit.analysis.decomposition.inputs import inputs
from designkit.analysis.decomposition.scoring import normalise, pair, score
from tests.conftest import make


def _scores(design):
    found = score(inputs(design))
    names = found.inputs.names
    n = len(names)

    def by_name(criterion):
        return {
            tuple(names[k] for k in divmod(key, n)): value
            for key, value in found.by_criterion.get(criterion, {}).items()
        }

    return by_name


def _entities(**attrs):
    return [
        {"name": e, "attributes": [a if isinstance(a, dict) else {"name": a} for a in names]}
        for e, names in attrs.items()
    ]


PLACE = make(
    domain={
        "entities": _entities(Customer=["email", "id"], Order=["id", "total"]),
        "use_cases": [
            {"name": "Place", "reads": ["Customer.email"], "writes": ["Order.id", "Order.total"]}
        ],
    }
)


def test_identity_semantic_proximity_and_mutability_by_hand():
    s = _scores(PLACE)
    assert s("identity_lifecycle") == {
        ("Customer.email", "Customer.id"): 10.0,
        ("Order.id", "Order.total"): 10.0,
    }
    # write pair 10, read x write pairs 3; the top tenth (one pair) is 10: no rescaling
    assert s("semantic_proximity") == {
        ("Order.id", "Order.total"): 10.0,
        ("Customer.email", "Order.id"): 3.0,
        ("Customer.email", "Order.total"): 3.0,
    }
    # Customer.email is read and never written: immutable (0) against mutable (10)
    assert s("mutability") == {
        ("Customer.email", "Customer.id"): -10.0,
        ("Customer.email", "Order.id"): -10.0,
        ("Customer.email", "Order.total"): -10.0,
    }


def test_weights_multiply_scores_by_priorities():
    coupling = Coupling(PLACE)
    # pairs: 0 Customer.email, 1 Customer.id, 2 Order.id, 3 Order.total
    # (0,1): 10*3 - 10*0.5 = 25; (0,2), (0,3): 3*3 - 5 = 4; (2,3): 10*3 + 10*3 = 60
    assert coupling.weigh().net == {pair(0, 1, 4): 25.0, 2: 4.0, 3: 4.0, pair(2, 3, 4): 60.0}
    ignored = coupling.weigh({"mutability": "IGNORE", "semantic_proximity": "XXL"}).net
    assert ignored == {1: 30.0, 2: 39.0, 3: 39.0, 11: 160.0}


def test_normalise_scales_to_the_top_tenth():
    raw = {k: float(k) for k in range(1, 21)}  # 20 pairs: the top tenth is 2 pairs
    scaled = normalise(raw)
    assert scaled[20] == scaled[19] == 10.0  # 19 is the reference: divisor 1.9
    assert scaled[1] == pytest.approx(1 / 1.9)
    assert normalise({}) == {}


def test_compatibility_penalty_is_the_distance_of_characteristics():
    d = make(
        domain={
            "entities": _entities(
                Product=[
                    {"name": "a", "content_volatility": "high"},
                    {"name": "b", "content_volatility": "low"},
                    "c",
                ]
            )
        }
    )
    # Often 10, Rarely 0, default Regularly 5
    assert _scores(d)("content_volatility") == {
        ("Product.a", "Product.b"): -10.0,
        ("Product.a", "Product.c"): -5.0,
        ("Product.b", "Product.c"): -5.0,
    }
    assert Coupling(d).weigh().net == {1: 25.0, 2: 27.5, 5: 27.5}


def test_security_criticality_from_classification_unless_annotated():
    d = make(
        domain={
            "entities": _entities(
                Person=[
                    {"name": "email", "classification": "pii"},
                    {"name": "nick", "classification": "pii", "security_criticality": "low"},
                    "id",
                ]
            )
        }
    )
    # pii -> Critical 10; explicit low -> Public 0; default Internal 3
    assert _scores(d)("security_criticality") == {
        ("Person.email", "Person.id"): -7.0,
        ("Person.email", "Person.nick"): -10.0,
        ("Person.id", "Person.nick"): -3.0,
    }


def test_groups_and_latency_score_ten_once_not_per_group():
    d = make(
        domain={
            "entities": _entities(A=["x"], B=["y"], C=["z"]),
            "use_cases": [
                {"name": "fast", "reads": ["A.x", "B.y"], "latency_critical": True},
                {"name": "slow", "reads": ["B.y", "C.z"]},
            ],
            "shared_owner_groups": [
                {"name": "one", "members": ["A.x", "B.y"]},
                {"name": "two", "members": ["A", "B", "C"]},
            ],
            "security_access_groups": [{"name": "staff", "members": ["C.z", "A.x"]}],
        }
    )
    s = _scores(d)
    assert s("latency") == {("A.x", "B.y"): 10.0}
    assert s("shared_owner") == {("A.x", "B.y"): 10.0, ("A.x", "C.z"): 10.0, ("B.y", "C.z"): 10.0}
    assert s("security_contextuality") == {("A.x", "C.z"): 10.0}


def test_composition_and_inheritance_share_identity_other_relations_are_proximity():
    d = make(
        domain={
            "entities": [
                {
                    "name": "A",
                    "attributes": [{"name": "x"}],
                    "relations": [
                        {"target": "B", "kind": "composition"},
                        {"target": "C", "kind": "association"},
                    ],
                },
                {"name": "B", "attributes": [{"name": "y"}]},
                {"name": "C", "attributes": [{"name": "z"}]},
                {
                    "name": "D",
                    "attributes": [{"name": "w"}],
                    "relations": [{"target": "C", "kind": "inheritance"}],
                },
            ],
            "use_cases": [{"name": "u", "writes": ["A.x", "D.w"]}],
        }
    )
    s = _scores(d)
    assert s("identity_lifecycle") == {("A.x", "B.y"): 10.0, ("C.z", "D.w"): 10.0}
    # composition +1, association +1, the write pair 10: the top pair is the reference
    assert s("semantic_proximity") == {
        ("A.x", "B.y"): 1.0,
        ("A.x", "C.z"): 1.0,
        ("A.x", "D.w"): 10.0,
    }


def test_event_storming_flow_ties_two_aggregates():
    d = make(
        event_storming={
            "stickies": [
                {"name": "Order", "kind": "aggregate", "leads_to": ["Order Placed"]},
                {"name": "Order Placed", "kind": "domain-event", "leads_to": ["Charge"]},
                {"name": "Charge", "kind": "policy", "leads_to": ["Authorize"]},
                {"name": "Authorize", "kind": "command", "leads_to": ["Payment"]},
                {"name": "Payment", "kind": "aggregate"},
                {"name": "Audit", "kind": "aggregate"},
            ]
        },
        domain={"entities": _entities(Order=["id"], Payment=["id"], Audit=["id"])},
    )
    links = inputs(d).links
    assert [link.label for link in links] == ["Order → Payment (event storming)"]
    assert _scores(d)("semantic_proximity") == {("Order.id", "Payment.id"): 10.0}


def test_network_traffic_from_use_case_frequency():
    d = make(
        domain={
            "entities": _entities(A=["x", "y", "z"]),
            "use_cases": [
                {"name": "hot", "writes": ["A.x", "A.y"], "frequency_per_day": 2_000_000},
                {"name": "cold", "writes": ["A.z"], "frequency_per_day": 10},
            ],
        }
    )
    # High 10 against Low 0
    assert _scores(d)("network_traffic") == {("A.x", "A.z"): -10.0, ("A.y", "A.z"): -10.0}


def test_constraints_score_inside_and_across_their_groups():
    d = make(
        domain={
            "entities": [
                {"name": "Order", "aggregate": "Order", "attributes": [{"name": "id"}]},
                {"name": "Line", "aggregate": "Order", "attributes": [{"name": "sku"}]},
                {"name": "Card", "attributes": [{"name": "pan"}, {"name": "brand"}]},
            ],
            "separated_security_zones": [{"name": "PCI", "members": ["Card.pan"]}],
            "predefined_services": [{"name": "Orders", "members": ["Order", "Line"]}],
        }
    )
    s = _scores(d)
    assert s("consistency_constraint") == {("Line.sku", "Order.id"): 10.0}
    assert s("predefined_service") == {("Line.sku", "Order.id"): 10.0}
    assert s("security_constraint") == {("Card.brand", "Card.pan"): -10.0}


def test_untied_pairs_are_not_scored():
    d = make(
        domain={
            "entities": _entities(
                A=[{"name": "x", "content_volatility": "high"}],
                B=[{"name": "y", "content_volatility": "low"}],
            )
        }
    )
    assert score(inputs(d)).by_criterion == {}
