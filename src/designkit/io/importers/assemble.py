"""Put the findings of every source together into one design, and say what is missing.

Hosts are resolved here, once every file has been read: an environment value
naming ``cart-db`` becomes the ``cart`` service's use of the ``cart-db``
store only if some file runs ``cart-db``. What no source can tell (teams,
SLOs, load, owners nobody connects to) becomes an open question of the
design, phrased as what the workshop must decide.
"""

from __future__ import annotations

import re
from typing import Any

from .found import Contract, Data, Found
from .gaps import gap_questions
from .gaps import names_list as _names
from .gaps import question as _question

__all__ = ["assemble", "normal"]

_SUFFIXES = ("-service", "-svc", "-server", "-api", "service", "svc", "server", "api")
_STORE_WORDS = (
    "db", "database", "postgres", "postgresql", "pg", "mysql", "mariadb", "mongo", "mongodb",
    "redis", "cache", "cassandra", "elasticsearch", "es", "search", "store", "data", "sql",
)  # fmt: skip
_ADDRESS_KEY = re.compile(r"(_ADDR|_ADDRESS|_HOST|_URL|_URI|_ENDPOINT)S?$")


def normal(name: str) -> str:
    """A name reduced for matching: lowercase, no separators, no 'service' suffix.

    Examples
    --------
    >>> normal("CartService"), normal("cart-svc"), normal("shop.cart.v1")
    ('cart', 'cart', 'shopcartv1')
    """
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return re.sub(r"[^a-z0-9]", "", text)


class _Assembly:
    def __init__(self, found: Found, label: str) -> None:
        self.found = found
        self.label = label
        self.services: dict[str, Data] = {}
        self.protocols: dict[str, str | None] = {}
        self.hosts: dict[str, tuple[str, str]] = {}
        self.stores: dict[str, Data] = {}
        self.connections: dict[str, list[str]] = {}
        self.brokers: list[str] = []
        self.questions: list[Data] = list(found.questions)
        self.notes: list[str] = list(found.notes)
        self.weak: set[str] = set()

    def run(self) -> Data:
        self._services()
        self._stores_and_brokers()
        self._contracts()
        self._links()
        topics = self._topics()
        self._owners()
        self._contexts()
        design: Data = {"metadata": {"name": "imported"}}
        design.update({k: v for k, v in self.found.design.items() if k not in {"platform"}})
        platform = dict(self.found.design.get("platform", {}))
        platform["broker"] = self.brokers[0] if self.brokers else ("kafka" if topics else "none")
        design["platform"] = platform
        design.setdefault("mesh", {"technology": "none"})
        if self.found.contexts:
            design["contexts"] = self.found.contexts
        if self.found.context_map:
            design["context_map"] = self.found.context_map
        if self.found.entities:
            design.setdefault("domain", {})["entities"] = self.found.entities
        design["services"] = [
            {k: v for k, v in svc.items() if v != []} for svc in self.services.values()
        ]
        design["stores"] = list(self.stores.values())
        design["topics"] = topics
        events: dict[tuple[str, int], Data] = {}
        for event in self.found.events:
            key = (event["name"], event.get("version", 1))
            if key not in events or len(event["fields"]) > len(events[key]["fields"]):
                events[key] = event
        design["events"] = list(events.values())
        self.questions.extend(
            gap_questions(self.services, bool(design.get("contexts")), self.label)
        )
        design["open_questions"] = self.questions
        return {k: v for k, v in design.items() if v != []}

    # --- services -----------------------------------------------------------------------
    def _services(self) -> None:
        for workload in self.found.workloads:
            name = workload.data["name"]
            if name in self.services:
                self.notes.append(
                    f"{workload.data['origin']}: {name!r} is also defined at "
                    f"{self.services[name]['origin']}; the first is kept"
                )
                continue
            self.services[name] = {**workload.data, "dependencies": [], "stores": []}
            self.protocols[name] = workload.protocol
            for host in {name, *workload.hosts}:
                self.hosts.setdefault(host, ("service", name))

    def _stores_and_brokers(self) -> None:
        for data, hosts in self.found.stores:
            name = data["name"]
            if name in self.services or name in self.stores:
                continue
            self.stores[name] = dict(data)
            for host in {name, *hosts}:
                self.hosts.setdefault(host, ("store", name))
        for host in self.found.ignored:
            self.hosts.setdefault(host, ("ignored", host))
        for tech, hosts, _ in self.found.brokers:
            if tech not in self.brokers:
                self.brokers.append(tech)
            for host in hosts:
                self.hosts.setdefault(host, ("broker", tech))

    # --- contracts ----------------------------------------------------------------------
    def _match(self, contract: Contract) -> str | None:
        by_normal: dict[str, list[str]] = {}
        for name in self.services:
            by_normal.setdefault(normal(name), []).append(name)
        for hint in contract.hints:
            kind_name = self.hosts.get(hint.lower())
            if kind_name and kind_name[0] == "service":
                return kind_name[1]
            matches = by_normal.get(normal(hint), [])
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                # Several services fit equally well: attach to the first, and ask.
                self.questions.append(
                    _question(
                        f"Which service serves the {contract.kind} contract {contract.title!r}: "
                        f"{' or '.join(sorted(matches))}? The import attached it to "
                        f"{sorted(matches)[0]!r}.",
                        4,
                        "services",
                        contract.origin,
                    )
                )
                return sorted(matches)[0]
        return None

    def _contracts(self) -> None:
        for contract in self.found.contracts:
            name = self._match(contract)
            if name is None:
                guess = _slug(contract.hints[0] if contract.hints else contract.title)
                if self.services:
                    self.questions.append(
                        _question(
                            f"Which service serves the {contract.kind} contract "
                            f"{contract.title!r}? No service matches its "
                            f"{'server, ' if contract.kind != 'protobuf' else 'package, '}"
                            f"title or file name; the import created {guess!r} for it.",
                            4,
                            "services",
                            contract.origin,
                        )
                    )
                name = guess
                if name not in self.services:
                    self.services[name] = {
                        "name": name,
                        "origin": contract.origin,
                        "dependencies": [],
                        "stores": [],
                    }
                    self.protocols[name] = None
                    self.hosts.setdefault(name, ("service", name))
            svc = self.services[name]
            known = {(e["method"], e["path"]) for e in svc.get("endpoints", [])}
            for endpoint in contract.endpoints:
                key = (endpoint["method"], endpoint["path"])
                if key not in known:
                    known.add(key)
                    svc.setdefault("endpoints", []).append(endpoint)
            if contract.kind == "protobuf" and contract.endpoints and not self.protocols[name]:
                self.protocols[name] = "grpc"
            for topic in contract.publishes:
                self.found.topics.append(
                    {"name": topic, "origin": contract.origin, "_service": name,
                     "_direction": "publishes"}
                )  # fmt: skip
            for topic in contract.consumes:
                self.found.topics.append(
                    {"name": topic, "origin": contract.origin, "_service": name,
                     "_direction": "consumes"}
                )  # fmt: skip

    # --- links: calls, store connections, broker connections --------------------------
    def _links(self) -> None:
        external: dict[str, list[str]] = {}
        for link in self.found.links:
            source = self.hosts.get(link.source, ("service", link.source))[1]
            if source not in self.services:
                continue
            target = self.hosts.get(link.host) or self.hosts.get(link.host.split(".", 1)[0])
            if target is None:
                if link.via != "depends_on" and _ADDRESS_KEY.search(link.via.upper()):
                    external.setdefault(source, []).append(f"{link.host} ({link.via})")
                continue
            kind, name = target
            if kind == "service" and name != source:
                self._call(source, name, link)
            elif kind == "store":
                self.connections.setdefault(name, [])
                if source not in self.connections[name]:
                    self.connections[name].append(source)
        for source, hosts in sorted(external.items()):
            unique = list(dict.fromkeys(hosts))
            self.questions.append(
                _question(
                    f"{source} refers to {_names(unique)}, outside the imported files: "
                    "an external system, or a service to add?",
                    1,
                    f"services[{list(self.services).index(source)}].dependencies",
                    self.services[source]["origin"],
                )
            )

    def _call(self, source: str, target: str, link: Any) -> None:
        deps = self.services[source]["dependencies"]
        for dep in deps:
            if dep["target"] == target:
                # An address in the environment says more than depends_on: keep its line.
                if link.via != "depends_on" and dep["origin"] in self.weak:
                    dep["origin"] = link.origin
                    if link.protocol:
                        dep["protocol"] = link.protocol
                return
        protocol = link.protocol or self.protocols.get(target) or "rest"
        call: Data = {"target": target, "protocol": protocol, "origin": link.origin}
        if link.via == "depends_on":
            self.weak.add(link.origin)
        settings = self.found.call_settings.get(
            link.host.split(".", 1)[0]
        ) or self.found.call_settings.get(target)
        if settings:
            call.update({k: v for k, v in settings.items() if k != "origin"})
        deps.append(call)

    # --- topics -----------------------------------------------------------------------
    def _topics(self) -> list[Data]:
        topics: dict[str, Data] = {}
        for item in self.found.topics:
            name = item["name"]
            topic = topics.setdefault(name, {"name": name, "origin": item["origin"]})
            service = self.hosts.get(item.get("_service", ""), ("", ""))[1]
            if service not in self.services:
                continue
            direction = item.get("_direction")
            if direction == "publishes":
                publishes = self.services[service].setdefault("publishes", [])
                if name not in publishes:
                    publishes.append(name)
            elif direction == "consumes":
                consumers = topic.setdefault("consumers", [])
                if service not in consumers:
                    consumers.append(service)
            else:
                self.questions.append(
                    _question(
                        f"Does {service} publish to or consume the topic {name!r}? "
                        "Its environment names the topic without saying which.",
                        3,
                        "topics",
                        item["origin"],
                    )
                )
        for name in self.found.events:
            topics.setdefault(name["topic"], {"name": name["topic"], "origin": name["origin"]})
        return list(topics.values())

    # --- store ownership --------------------------------------------------------------
    def _owners(self) -> None:
        by_normal: dict[str, list[str]] = {}
        for service in self.services:
            by_normal.setdefault(normal(service), []).append(service)
        for index, (name, store) in enumerate(self.stores.items()):
            users = self.connections.get(name, [])
            by_name = _owner_by_name(name, by_normal)
            if len(users) == 1:
                store["owner"] = users[0]
            elif users:
                store["owner"] = by_name if by_name in users else users[0]
                self.questions.append(
                    _question(
                        f"The store {name!r} is used by {_names(users)}: who owns it, "
                        "and should the others reach its data through the owner's API?",
                        3,
                        f"stores[{index}].owner",
                        store["origin"],
                    )
                )
            elif by_name:
                store["owner"] = by_name
                users = [by_name]
            else:
                self.questions.append(
                    _question(
                        f"Which service owns the store {name!r}? No service connects to it "
                        "in the imported files and no name matches.",
                        3,
                        f"stores[{index}].owner",
                        store["origin"],
                    )
                )
            for user in users:
                self.services[user]["stores"].append({"store": name, "access": "read-write"})

    def _contexts(self) -> None:
        names = {normal(c["name"]): c["name"] for c in self.found.contexts}
        for svc in self.services.values():
            context = names.get(normal(svc["name"]))
            if context and "context" not in svc:
                svc["context"] = context


def _owner_by_name(store: str, by_normal: dict[str, list[str]]) -> str | None:
    """The service a store's name points at: ``cart-db`` and ``redis-cart`` -> ``cart``.

    ``by_normal`` lists the services by their :func:`normal` name.

    Examples
    --------
    >>> services = {"cart": ["cart"], "order": ["order-service"]}
    >>> _owner_by_name("redis-cart", services), _owner_by_name("order_db", services)
    ('cart', 'order-service')
    """
    parts = [p for p in re.split(r"[-_]", store.lower()) if p and p not in _STORE_WORDS]
    candidates = by_normal.get(normal("-".join(parts)), []) if parts else []
    return candidates[0] if len(candidates) == 1 else None


def _slug(name: str) -> str:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name)
    slug = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
    return re.sub(r"^[^a-z]+", "", slug)[:63].rstrip("-") or "service"


def assemble(found: Found, label: str = "import") -> tuple[Data, list[str]]:
    """Design data (not yet validated) and notes from everything ``found``.

    ``label`` is the ``source`` of the open questions about the whole system.
    """
    assembly = _Assembly(found, label)
    return assembly.run(), assembly.notes
