import json

import jsonschema
import pytest

import designkit
from designkit.io.yamlfile import parse
from designkit.schema import json_schema, json_schema_text
from tests.conftest import EXAMPLES, FIXTURES, ROOT

COMMITTED = ROOT / "data" / "schema" / "design.schema.json"


def test_committed_schema_is_current():
    assert COMMITTED.read_text(encoding="utf-8") == json_schema_text(), (
        "data/schema/design.schema.json is stale: run "
        "`designkit schema --out data/schema/design.schema.json`"
    )


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize(
    "path", [*sorted(EXAMPLES.glob("*.yaml")), FIXTURES / "small-shop.yaml"], ids=lambda p: p.name
)
def test_valid_designs_pass_the_schema(path):
    data = json.loads(json.dumps(parse(path.read_text(), str(path)), default=str))
    jsonschema.Draft202012Validator(json_schema()).validate(data)


def test_schema_rejects_what_the_model_rejects():
    validator = jsonschema.Draft202012Validator(json_schema())
    bad = {"metadata": {"name": "x"}, "services": [{"name": "Bad Name", "colour": "red"}]}
    messages = sorted(e.message for e in validator.iter_errors(bad))
    assert any("Bad Name" in m for m in messages)
    assert any("colour" in m for m in messages)
    with pytest.raises(designkit.DesignKitError):
        designkit.loads(json.dumps(bad))
