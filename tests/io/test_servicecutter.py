"""Importing Service Cutter's model and user representations."""

from __future__ import annotations

import json

import pytest

import designkit
from designkit.errors import DesignFileError, DesignKitError
from designkit.io.servicecutter import from_servicecutter, read_servicecutter
from tests.conftest import FIXTURES, SHARED

SC = FIXTURES / "servicecutter"
SHARED_SC = SHARED / "servicecutter"


def _library(model="library_model_strings.json", user="library_user_nested.json"):
    return read_servicecutter(SC / model, SC / user if user else None)


def test_strings_and_nested_compatibilities():
    result = _library()
    assert result.warnings == ()
    d = result.design
    assert (d.metadata.name, d.metadata.title) == ("lending-library", "Lending Library")
    entities = {e.name: e for e in d.domain.entities}
    assert list(entities) == ["Member", "Loan", "LoanItem", "Book", "EBook", "Fine"]
    assert [(r.target, r.kind) for r in entities["Loan"].relations] == [
        ("LoanItem", "composition"),
        ("Member", "aggregation"),
    ]
    assert [(r.target, r.kind) for r in entities["EBook"].relations] == [("Book", "inheritance")]
    assert entities["Loan"].aggregate == entities["LoanItem"].aggregate == "Loan"
    uses = {u.name: u for u in d.domain.use_cases}
    assert uses["lendBook"].latency_critical and uses["searchCatalogue"].latency_critical
    assert not uses["returnBook"].latency_critical
    assert uses["lendBook"].reads == ["Member.memberId", "Book.isbn"]
    book = {a.name: a for a in entities["Book"].attributes}
    assert book["isbn"].content_volatility == "low" and book["isbn"].structural_volatility == "low"
    assert book["title"].availability_criticality == "critical"
    assert book["title"].security_criticality == "low"  # Public
    assert book["author"].consistency_criticality == "normal"  # Eventually
    assert entities["EBook"].attributes[0].storage_size == "huge"
    assert [g.name for g in d.domain.predefined_services] == ["Accounting"]
    assert d.domain.separated_security_zones[0].members == ["Member.cardNumber"]
    assert d.domain.shared_owner_groups[0].name == "circulation desk"
    assert d.domain.security_access_groups[0].members[-1] == "EBook.fileSize"


def test_objects_and_top_level_compatibilities_give_the_same_design():
    strings = _library()
    objects = _library("library_model_objects.json", "library_user_toplevel.json")
    assert objects.warnings == ()
    assert objects.design.domain == strings.design.domain


def test_model_alone():
    d = _library(user=None).design
    assert d.domain.use_cases == [] and len(d.domain.entities) == 6


def test_the_imported_design_saves_and_loads(tmp_path):
    out = tmp_path / "library.yaml"
    designkit.save(_library().design, out)
    assert designkit.load(out).domain == _library().design.domain


def test_partial_aggregate_and_unknown_keys_are_warnings():
    model = {
        "entities": [
            {"name": "A", "nanoentities": ["x", "y"]},
            {"name": "B", "nanoentities": ["z"]},
        ]
    }
    user = {
        "aggregates": [{"name": "agg", "nanoentities": ["A.x", "B.z"]}],
        "colour": "red",
        "entities": [{"name": "A", "nanoentities": ["A.x"]}],
    }
    result = from_servicecutter(model, user, user_source="u.json", default_name="m")
    assert result.design.metadata.name == "m"
    assert {e.name: e.aggregate for e in result.design.domain.entities} == {"A": "A", "B": "A"}
    assert result.warnings == (
        "u.json: $.colour: not a Service Cutter user representation; ignored",
        "u.json: $.aggregates[0]: aggregate 'agg' covers part of 'A'; designkit puts all "
        "of 'A' in it (also y)",
        "u.json: $.entities: identity groups of user representations are not imported; "
        "designkit takes identity from the model's entities",
    )


def test_inputs_are_not_modified():
    model = json.loads((SC / "library_model_strings.json").read_text())
    user = json.loads((SC / "library_user_nested.json").read_text())
    before = json.dumps([model, user], sort_keys=True)
    from_servicecutter(model, user)
    assert json.dumps([model, user], sort_keys=True) == before


MODEL = {
    "name": "m",
    "entities": [
        {"name": "Order", "nanoentities": ["id", "total"]},
        {"name": "Line", "nanoentities": ["sku"]},
    ],
}


@pytest.mark.parametrize(
    ("model", "user", "where", "reason"),
    [
        ([], None, "m.json", "$: expected an object, got an array"),
        ({"entities": {}}, None, "m.json", "$.entities: expected an array, got an object"),
        ({"entities": [{"name": ""}]}, None, "m.json", "$.entities[0].name: expected a non-empty"),
        (
            {"entities": [{"name": "A", "nanoentities": [1]}]},
            None,
            "m.json",
            "$.entities[0].nanoentities[0]: expected a non-empty string, got int 1",
        ),
        (
            {"entities": [{"name": "A"}, {"name": "A"}]},
            None,
            "m.json",
            "$.entities[1].name: duplicate entity 'A'",
        ),
        (
            {
                **MODEL,
                "relations": [{"origin": "Order", "destination": "Lines", "type": "COMPOSITION"}],
            },
            None,
            "m.json",
            "$.relations[0].destination: 'Lines' is not an entity of the model "
            "(did you mean 'Line'?)",
        ),
        (
            {**MODEL, "relations": [{"origin": "Order", "destination": "Line", "type": "OWNS"}]},
            None,
            "m.json",
            "$.relations[0].type: 'OWNS' is not AGGREGATION, COMPOSITION or INHERITANCE",
        ),
        (
            MODEL,
            {"useCases": [{"name": "u", "nanoentitiesRead": ["Order.totl"]}]},
            "u.json",
            "$.useCases[0].nanoentitiesRead[0]: 'Order.totl' is not a nanoentity of the model "
            "(did you mean 'Order.total'?)",
        ),
        (
            MODEL,
            {"useCases": [{"name": "u", "isLatencyCritical": "yes"}]},
            "u.json",
            "$.useCases[0].isLatencyCritical: expected true or false, got str 'yes'",
        ),
        (
            MODEL,
            {"useCases": [{"name": "u"}, {"name": "u"}]},
            "u.json",
            "$.useCases[1].name: duplicate use case 'u'",
        ),
        (
            MODEL,
            {
                "compatibilities": {
                    "contentVolatility": [
                        {"characteristic": "Sometimes", "nanoentities": ["Order.id"]}
                    ]
                }
            },
            "u.json",
            "$.compatibilities.contentVolatility[0].characteristic: 'Sometimes' is not a "
            "contentVolatility characteristic; use one of Often, Regularly, Rarely",
        ),
        (
            MODEL,
            {"compatibilities": {"contentVolatilty": []}},
            "u.json",
            "$.compatibilities.contentVolatilty: not a compatibility (did you mean "
            "'contentVolatility'?)",
        ),
        (
            MODEL,
            {"predefinedServices": [{"name": "p", "nanoentities": "Order.id"}]},
            "u.json",
            "$.predefinedServices[0].nanoentities: expected an array, got str 'Order.id'",
        ),
    ],
)
def test_bad_input_names_file_json_path_and_reason(model, user, where, reason):
    with pytest.raises(DesignKitError) as info:
        from_servicecutter(model, user, model_source="m.json", user_source="u.json")
    message = str(info.value)
    assert message.startswith(f"{where}: ")
    assert reason in message


def test_file_errors(tmp_path):
    with pytest.raises(DesignFileError, match=r"missing\.json: no such file"):
        read_servicecutter(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "name": "x",\n  "entities": [,]\n}\n')
    with pytest.raises(DesignFileError) as info:
        read_servicecutter(bad)
    assert str(info.value).startswith(f"{bad}:3: not valid JSON: ")
    with pytest.raises(DesignFileError, match="is a folder"):
        read_servicecutter(tmp_path)


@pytest.mark.skipif(not SHARED_SC.is_dir(), reason="shared Service Cutter fixtures absent")
@pytest.mark.parametrize(
    ("base", "entities", "nanoentities", "use_cases"),
    [("booking", 3, 16, 5), ("ddd", 9, 25, 9)],
)
def test_service_cutter_samples(base, entities, nanoentities, use_cases):
    result = read_servicecutter(
        SHARED_SC / f"{base}_1_model.json", SHARED_SC / f"{base}_2_user_representations.json"
    )
    domain = result.design.domain
    assert len(domain.entities) == entities
    assert sum(len(e.attributes) for e in domain.entities) == nanoentities
    assert len(domain.use_cases) == use_cases
    if base == "booking":
        assert [g.name for g in domain.predefined_services] == ["CRM"]
        assert {e.name: e.aggregate for e in domain.entities}["Booking"] == "Booking"
        assert [u.name for u in domain.use_cases if u.latency_critical] == [
            "searchArticles",
            "payBooking",
        ]
    else:
        assert [g.name for g in domain.shared_owner_groups] == [
            "cargoPlaner",
            "cargoTracker",
            "voyageManager",
            "admin",
        ]
