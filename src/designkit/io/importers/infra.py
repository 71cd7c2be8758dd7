"""What images, addresses and environment variables say, for compose and Kubernetes alike.

A data store or broker is recognised by its image's repository name (the last
path segment without tag or digest), so ``bitnami/postgresql:16`` and
``postgres@sha256:...`` are both PostgreSQL. References to other parts of the
system are read from environment values: URLs, ``host:port`` lists and bare
host names; only hosts the import knows become calls, so an unrelated value
never invents a dependency.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "BROKERS",
    "IGNORED",
    "STORES",
    "broker_of",
    "env_hosts",
    "image_repo",
    "kind_of",
    "store_by_name",
    "store_of",
    "topic_env",
]

STORES: dict[str, tuple[str, str]] = {
    "postgres": ("postgresql", "primary"),
    "postgresql": ("postgresql", "primary"),
    "postgis": ("postgresql", "primary"),
    "cockroach": ("postgresql", "primary"),
    "timescaledb": ("postgresql", "primary"),
    "mysql": ("mysql", "primary"),
    "mariadb": ("mysql", "primary"),
    "percona-server": ("mysql", "primary"),
    "mongo": ("mongodb", "primary"),
    "mongodb": ("mongodb", "primary"),
    "mongodb-community-server": ("mongodb", "primary"),
    "redis": ("redis", "cache"),
    "redis-stack-server": ("redis", "cache"),
    "valkey": ("redis", "cache"),
    "keydb": ("redis", "cache"),
    "memcached": ("other", "cache"),
    "cassandra": ("cassandra", "primary"),
    "scylla": ("cassandra", "primary"),
    "elasticsearch": ("elasticsearch", "search"),
    "opensearch": ("opensearch", "search"),
    "clickhouse-server": ("clickhouse", "analytics"),
    "clickhouse": ("clickhouse", "analytics"),
    "minio": ("s3", "objects"),
    "neo4j": ("neo4j", "primary"),
    "eventstore": ("eventstore", "events"),
    "mssql-server": ("sqlserver", "primary"),
    "oracle-database": ("oracle", "primary"),
    "couchdb": ("other", "primary"),
    "influxdb": ("other", "analytics"),
    "dynamodb-local": ("dynamodb", "primary"),
}
"""Image repository -> (store technology, purpose)."""

BROKERS: dict[str, str] = {
    "kafka": "kafka",
    "cp-kafka": "kafka",
    "cp-server": "kafka",
    "redpanda": "kafka",
    "rabbitmq": "rabbitmq",
    "nats": "nats",
    "nats-streaming": "nats",
    "pulsar": "pulsar",
    "pulsar-all": "pulsar",
}
"""Image repository -> broker technology (the platform's broker)."""

IGNORED = frozenset(
    {
        "zookeeper", "cp-zookeeper", "jaeger", "all-in-one", "jaeger-all-in-one", "zipkin",
        "prometheus", "grafana", "loki", "tempo", "opentelemetry-collector",
        "opentelemetry-collector-contrib", "otel-collector", "alertmanager", "kibana",
        "busybox", "pause", "adminer", "pgadmin4", "phpmyadmin", "mongo-express",
        "kafka-ui", "schema-registry", "cp-schema-registry", "mailhog", "localstack",
        "rabbitmq-exporter",
        "redis-exporter", "node-exporter", "mongodb-exporter", "postgres-exporter",
    }
)  # fmt: skip
"""Monitoring and tooling images: not part of the design's services."""

_GATEWAYS = ("nginx", "envoy", "kong", "traefik", "haproxy", "istio-proxy", "caddy")


def image_repo(image: str) -> str:
    """The repository's last path segment, lowercase, without tag or digest.

    Examples
    --------
    >>> image_repo("docker.io/bitnami/postgresql:16.2@sha256:abc")
    'postgresql'
    >>> image_repo("localhost:5000/shop/cart")
    'cart'
    """
    name = image.split("@", 1)[0].rsplit("/", 1)[-1]
    return name.split(":", 1)[0].lower()


def _names(image: str) -> list[str]:
    """The repository name, then the tag's last word (``demo:1.2-kafka`` -> kafka)."""
    repo = image_repo(image)
    tag = image.split("@", 1)[0].rsplit("/", 1)[-1].partition(":")[2].lower()
    return [repo, tag.rsplit("-", 1)[-1]] if "-" in tag else [repo]


def store_of(image: str) -> tuple[str, str] | None:
    """(technology, purpose) when ``image`` runs a data store.

    Examples
    --------
    >>> store_of("bitnami/postgresql:16"), store_of("ghcr.io/x/demo:2.0-valkey")
    (('postgresql', 'primary'), ('redis', 'cache'))
    """
    return next((STORES[n] for n in _names(image) if n in STORES), None)


_STORE_NAME = re.compile(
    r"([-_](db|database|mongo|mongodb|mysql|postgres|postgresql|pg|redis|cache|sql))$"
    r"|^(redis|mongo|mongodb|mysql|postgres|postgresql|mariadb)([-_]|$)"
)
_BY_PORT = {3306: "mysql", 5432: "postgresql", 27017: "mongodb", 6379: "redis",
            9042: "cassandra", 9200: "elasticsearch", 1433: "sqlserver"}  # fmt: skip
_BY_ENV = {"MYSQL": "mysql", "MARIADB": "mysql", "POSTGRES": "postgresql", "PG": "postgresql",
           "MONGO": "mongodb", "REDIS": "redis", "CASSANDRA": "cassandra"}  # fmt: skip
_BY_WORD = {"mongo": "mongodb", "mongodb": "mongodb", "mysql": "mysql", "mariadb": "mysql",
            "postgres": "postgresql", "postgresql": "postgresql", "pg": "postgresql",
            "redis": "redis", "cache": "redis"}  # fmt: skip


def store_by_name(name: str, ports: list[int], env_keys: list[str]) -> tuple[str, str] | None:
    """(technology, purpose) of a custom-built store, named like one (``user-db``, ``redis-x``).

    The technology comes from the database's own environment variables
    (``MYSQL_ROOT_PASSWORD``), its port, or the word in its name.

    Examples
    --------
    >>> store_by_name("catalogue-db", [], ["MYSQL_DATABASE"])
    ('mysql', 'primary')
    >>> store_by_name("user-db", [27017], []), store_by_name("session-cache", [], [])
    (('mongodb', 'primary'), ('redis', 'cache'))
    >>> store_by_name("dbadmin", [], []) is None
    True
    """
    match = _STORE_NAME.search(name.lower())
    if not match:
        return None
    tech = next((_BY_ENV[k.split("_", 1)[0]] for k in env_keys if k.split("_", 1)[0] in _BY_ENV),
                None)  # fmt: skip
    tech = tech or next((_BY_PORT[p] for p in ports if p in _BY_PORT), None)
    words = [w for w in re.split(r"[-_]", name.lower()) if w in _BY_WORD]
    tech = tech or (_BY_WORD[words[0]] if words else "other")
    return tech, "cache" if tech == "redis" else "primary"


def broker_of(image: str) -> str | None:
    """The broker technology when ``image`` runs a message broker."""
    return next((BROKERS[n] for n in _names(image) if n in BROKERS), None)


def kind_of(name: str, image: str | None) -> str:
    """A service's kind from its image and name: gateway, frontend or business.

    Examples
    --------
    >>> kind_of("edge", "envoyproxy/envoy:v1.30"), kind_of("web-frontend", None)
    ('gateway', 'frontend')
    >>> kind_of("edge-router", "shop/edge-router:1"), kind_of("front-end", None)
    ('gateway', 'frontend')
    """
    repo = image_repo(image) if image else ""
    lowered = name.lower()
    edge = ("gateway", "proxy", "edge-router", "ingress")
    if any(repo.startswith(g) for g in _GATEWAYS) or any(w in lowered for w in edge):
        return "gateway"
    if any(w in lowered for w in ("frontend", "front-end", "webapp", "-ui", "storefront")):
        return "frontend"
    if any(w in lowered for w in ("worker", "consumer", "job", "cron")):
        return "worker"
    return "business"


_HOST = re.compile(r"^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$")
_IP = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
_SPLIT = re.compile(r"[\s,;]+")
_LOCAL = frozenset({"localhost", "0.0.0.0", "host.docker.internal"})
_HOST_PORT = re.compile(r"(?<![\w.@:/-])([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*):\d{2,5}\b")


def env_hosts(value: Any) -> list[str]:
    """The host names an environment value refers to (lowercase, as written).

    URLs (``postgres://u:p@cart-db:5432/cart``), ``host:port`` and comma lists
    (``kafka-0:9092,kafka-1:9092``) and bare names are read; IP addresses,
    numbers and paths are not hosts.

    Examples
    --------
    >>> env_hosts("http://cart.shop.svc.cluster.local:8080/api")
    ['cart.shop.svc.cluster.local']
    >>> env_hosts("mongodb://user:secret@orders-db:27017,orders-db-2:27017/orders")
    ['orders-db', 'orders-db-2']
    >>> env_hosts("redis-cart:6379"), env_hosts("8080"), env_hosts("10.0.0.1:80")
    (['redis-cart'], [], [])
    >>> env_hosts("-DSN=user:pw@tcp(catalogue-db:3306)/socksdb")
    ['catalogue-db']
    """
    if not isinstance(value, str) or not value or len(value) > 2000:
        return []
    hosts: list[str] = []
    for part in _SPLIT.split(value.strip()):
        if not part:
            continue
        if "://" in part:
            netloc = urlsplit(part).netloc
            netloc = netloc.rsplit("@", 1)[-1]
            candidates = netloc.split(",")
        else:
            candidates = [part.rsplit("@", 1)[-1].split("/", 1)[0]]
        for cand in candidates:
            host = cand.split(":", 1)[0].strip("[]").lower()
            if not host or _IP.match(host) or host.isdigit() or host in _LOCAL:
                continue
            label = host.split(".", 1)[0]
            if _HOST.match(label) and not label.isdigit() and host not in hosts:
                hosts.append(host)
    # host:port anywhere (a DSN like `user:pw@tcp(catalogue-db:3306)/db`, a JVM flag).
    for match in _HOST_PORT.finditer(value.lower()):
        if not _IP.match(match[1]) and match[1] not in hosts and match[1] not in _LOCAL:
            hosts.append(match[1])
    return hosts


_TOPIC_KEY = re.compile(r"(^|_)TOPICS?($|_)")


def topic_env(key: str, value: Any) -> tuple[str, list[str]] | None:
    """(direction, topic names) when an environment variable names topics.

    direction is ``publishes``, ``consumes`` or ``unknown``.

    Examples
    --------
    >>> topic_env("TOPICS_PUBLISHED", "order-placed,order-paid")
    ('publishes', ['order-placed', 'order-paid'])
    >>> topic_env("KAFKA_CONSUMER_TOPIC", "payments")
    ('consumes', ['payments'])
    >>> topic_env("PORT", "8080") is None
    True
    """
    upper = key.upper()
    if not _TOPIC_KEY.search(upper) or not isinstance(value, str) or not value.strip():
        return None
    names = [n for n in _SPLIT.split(value.strip()) if n and not n.isdigit()]
    if not names:
        return None
    if any(w in upper for w in ("PUBLISH", "PRODUCE", "OUT", "SEND", "EMIT")):
        return "publishes", names
    if any(w in upper for w in ("CONSUME", "SUBSCRIBE", "LISTEN", "INPUT", "_IN", "RECEIVE")):
        return "consumes", names
    return "unknown", names
