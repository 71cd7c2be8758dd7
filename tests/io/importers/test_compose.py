"""docker-compose import: services, stores and brokers by image, calls, exposure, resources."""

from __future__ import annotations

import pytest

from designkit.errors import DesignFileError
from designkit.io.importers.compose import is_compose, read_compose
from designkit.io.importers.yamldocs import load_documents

from ._helpers import imported


@pytest.fixture(scope="module")
def design():
    return imported("compose").design


def test_application_images_are_services_stores_and_brokers_are_not(design):
    assert [s.name for s in design.services] == ["storefront", "menu", "orders", "brewer"]
    assert {s.name: s.technology for s in design.stores} == {
        "menu-db": "postgresql",
        "redis-menu": "redis",
        "orders-mongo": "mongodb",
    }
    assert design.platform.broker == "kafka"
    assert "grafana" not in {s.name for s in design.services}


def test_calls_come_from_address_variables_and_depends_on(design):
    calls = {(s.name, d.target) for s in design.services for d in s.dependencies}
    assert calls == {("storefront", "menu"), ("storefront", "orders"), ("brewer", "menu")}
    dep = design.service("storefront").dependencies[0]
    # The address variable, not depends_on, is the call's origin (line of MENU_URL).
    assert dep.origin == "compose/compose.yaml:12"
    assert dep.timeout_ms is None


def test_store_ownership_from_connection_strings(design):
    owners = {s.name: s.owner for s in design.stores}
    assert owners == {"menu-db": "menu", "redis-menu": "menu", "orders-mongo": "orders"}
    assert [a.store for a in design.service("menu").stores] == ["menu-db", "redis-menu"]


def test_topics_from_topic_variables(design):
    assert design.service("orders").publishes == ["order-placed"]
    assert [c.service for c in design.topics[0].consumers] == ["brewer"]


def test_published_ports_make_a_service_public_and_deploy_gives_resources(design):
    assert design.service("storefront").exposure == "public"
    assert design.service("orders").exposure == "internal"
    menu = design.service("menu").deployment
    assert (menu.replicas, menu.port) == (2, 8081)
    assert (menu.resources.cpu_limit, menu.resources.memory_limit) == ("500m", "256Mi")
    assert (menu.resources.cpu_request, menu.resources.memory_request) == ("250m", "128Mi")
    assert menu.autoscaling is None


def test_unknown_hosts_become_questions_not_calls(design):
    texts = [q.text for q in design.open_questions]
    assert any("api.payments.example.net (PAYMENT_URL)" in t for t in texts)
    assert all(d.target != "api" for s in design.services for d in s.dependencies)


def test_every_element_records_file_and_line(design):
    for item in [*design.services, *design.stores, *design.topics]:
        assert item.origin and item.origin.startswith("compose/compose.yaml:")
    assert design.service("menu").origin == "compose/compose.yaml:18"


def test_store_owner_by_name_when_nobody_connects():
    text = "services:\n  cart: {build: .}\n  cart-db: {image: 'mysql:8'}\n"
    found = read_compose(load_documents(text, "c.yaml")[0], "c.yaml")
    assert found.links == [] and found.stores[0][0]["technology"] == "mysql"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("services: {a: {image: x}}", True),
        ("services: {a: {build: .}}", True),
        ("apiVersion: v1\nkind: List\nservices: {}", False),
        ("openapi: 3.0.0\nservices: {}", False),
        ("services: [a, b]", False),
    ],
)
def test_is_compose(text, expected):
    assert is_compose(load_documents(text, "x")[0]) is expected


def test_malformed_yaml_names_file_and_line():
    # The parser notices the unclosed list where the text ends, on line 3.
    with pytest.raises(DesignFileError, match=r"^bad\.yaml:3: not valid YAML"):
        load_documents("services:\n  a: [\n", "bad.yaml")


def test_custom_tags_are_refused():
    with pytest.raises(DesignFileError, match="tag '!reset' is not supported"):
        load_documents("services:\n  a: !reset {}\n", "c.yaml")


def test_alias_bombs_are_refused():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    with pytest.raises(DesignFileError, match="aliases expand"):
        load_documents("\n".join(lines), "bomb.yaml")


def test_variables_come_from_the_env_file_beside_the_compose_file(tmp_path):
    from designkit.io.importers import import_paths

    (tmp_path / ".env").write_text("DB_IMAGE=postgres:16\nAPP=registry.example.com/shop\n")
    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  cart:\n"
        "    image: ${APP}:${TAG:-1.0}-cart\n"
        "    environment:\n"
        "      DB: postgres://cart-db:${DB_PORT:-5432}/cart\n"
        "      OTEL_EXPORTER_OTLP_ENDPOINT: http://collector:4317\n"
        "  cart-db: {image: '${DB_IMAGE}'}\n"
        "  broker: {image: 'registry.example.com/shop:1.0-kafka'}\n"
        "  collector: {image: 'otel/opentelemetry-collector-contrib:0.100.0'}\n"
    )
    design = import_paths([str(tmp_path)]).design
    assert [s.name for s in design.services] == ["cart"]
    assert design.service("cart").deployment.image == "registry.example.com/shop:1.0-cart"
    assert design.stores[0].technology == "postgresql" and design.stores[0].owner == "cart"
    assert design.platform.broker == "kafka"  # recognised by the image tag's last word
    # Tooling left out is not an outside system to ask about.
    assert not any("collector" in q.text for q in design.open_questions)


def test_interpolation_keeps_lines_and_escapes():
    from designkit.io.importers.compose import interpolate

    text = "a: ${X:?set X}\nb: $${Y}\nc: ${Z+yes}\n"
    assert interpolate(text, {"Z": ""}) == "a: \nb: ${Y}\nc: yes\n"
