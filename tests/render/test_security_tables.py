"""Security tables: shape, content, escaping, and inputs left alone."""

from __future__ import annotations

import pandas as pd
import pytest

from designkit.analysis import security
from designkit.model import Design
from designkit.render import security_tables as st
from tests.analysis.security._support import compliant, example
from tests.conftest import make


def _all_tables(design: Design) -> dict[str, pd.DataFrame]:
    m = security.zero_trust.matrix(design)
    return {
        "zero_trust": st.zero_trust(m),
        "flows": st.flows(m),
        "routes": st.routes(design),
        "rbac": st.rbac(security.rbac.matrix(design)),
        "secrets": st.secrets(security.rotation.secrets(design)),
        "classification": st.classification(security.classification.holdings(design)),
        "owasp": st.owasp(security.owasp.checklist(design)),
        "compliance": st.compliance(security.compliance.report(design)),
        "frameworks": st.frameworks(security.compliance.report(design)),
        "policy": st.policy(security.policy_for(design)),
    }


@pytest.mark.parametrize("build", [compliant, make], ids=["compliant", "empty"])
def test_every_table_is_a_frame_and_the_design_is_left_alone(build):
    design = build()
    before = design.model_dump()
    tables = _all_tables(design)
    assert set(tables) == set(st.__all__)
    assert all(isinstance(t, pd.DataFrame) for t in tables.values())
    assert design.model_dump() == before


def test_zero_trust_matrix_cells():
    frame = st.zero_trust(security.zero_trust.matrix(compliant()))
    assert list(frame.index) == ["(internet)", "gateway", "auth", "order", "payment"]
    assert frame.loc["(internet)", "gateway"] == "https :8000"
    assert frame.loc["gateway", "order"] == "rest :8080 as gateway"
    assert frame.loc["order", "payment"] == "grpc :9090 as order"
    assert frame.loc["order", "(kafka)"] == "kafka :9092 (pub 1, sub 0)"
    assert frame.loc["payment", "order"] == "deny"
    assert frame.loc["order", "order"] == ""


def test_message_only_pairs_are_denied_with_their_topics():
    frame = st.zero_trust(security.zero_trust.matrix(example("ecommerce")))
    assert frame.loc["inventory", "order"] == "deny (async: inventory-events)"
    assert frame.loc["(internet)", "order"] == "deny"


def test_blocked_flows_say_which_layer_blocks():
    design = make(
        services=[
            {"name": "gw", "kind": "gateway", "exposure": "public"},
            {"name": "api", "exposure": "public"},
        ]
    )
    m = security.zero_trust.matrix(design)
    assert st.zero_trust(m).loc["gw", "api"] == "blocked: network"
    row = st.flows(m).loc[("gw", "api")]
    assert (row["NetworkPolicy"], row["AuthorizationPolicy"], row["Allowed"]) == ("NO", "yes", "NO")


def test_rbac_cells_are_the_granting_permissions():
    frame = st.rbac(security.rbac.matrix(compliant()))
    assert frame.loc[("order", "POST /v1/orders"), "customer"] == "orders:write"
    assert frame.loc[("order", "POST /v1/orders"), "break-glass"] == ""
    assert frame.loc[("order", "POST /v1/orders"), "Writes PCI/PHI"] == "yes"


def test_routes_add_what_they_serve_and_their_findings():
    frame = st.routes(example("ecommerce"))
    assert frame.loc["psp-webhooks", "Findings"] == "basic-auth-route, route-serves-no-endpoint"
    assert frame.loc["orders", "Findings"] == ""
    assert "POST /v1/orders" in frame.loc["orders", "Serves"]


def test_compliance_and_frameworks():
    report = security.compliance.report(compliant(), overrides={"GDPR Art. 44": "EU only"})
    frame = st.compliance(report)
    assert frame.loc[("gdpr", "GDPR Art. 44"), "Status"] == "holds (override)"
    counts = st.frameworks(report)
    assert counts.loc["pci-dss", "holds"] == 12
    other = st.frameworks(security.compliance.report(make(requirements={"compliance": ["soc2"]})))
    assert other.loc["soc2", "Evaluation"] == "not evaluated (no control list)"
    assert other.loc["sox", "holds"] == ""


def test_user_text_is_escaped_in_html():
    design = make(
        services=[{"name": "o", "endpoints": [{"path": "/v1/o", "scopes": ["o:read"]}]}],
        security={"roles": [{"name": "<script>alert(1)</script>", "permissions": ["o:read"]}]},
    )
    html = st.rbac(security.rbac.matrix(design)).to_html()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_tables_are_deterministic():
    design = example("banking")
    first = {k: v.to_csv() for k, v in _all_tables(design).items()}
    assert first == {k: v.to_csv() for k, v in _all_tables(design).items()}
