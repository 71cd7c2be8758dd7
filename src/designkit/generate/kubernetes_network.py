"""Zero-trust NetworkPolicies derived from the dependency graph.

The namespace starts closed: one policy denies all ingress and egress, one
lets every pod resolve names (UDP and TCP 53 to kube-dns in kube-system).
Then each service gets exactly what the graph needs:

- for each synchronous dependency caller -> callee, the callee admits the
  caller's pods on its port, and the caller may reach the callee's pods on it;
- a gateway (``kind: gateway``) admits traffic from anywhere on its port when
  its exposure is public or partner (it *is* the edge), and from pods of any
  namespace when it is internal;
- asynchronous dependencies never open a path between services: messages go
  through the broker. Services that publish, consume or send asynchronously
  may reach pods labelled ``app.kubernetes.io/name: <platform.broker>`` in any
  namespace on the broker's client port. For ``sqs`` (a cloud endpoint the
  design does not locate) and ``none`` no broker rule is written.

Nothing else is opened: mesh control-plane and metrics-scraping traffic are
the platform's to allow with its own policies.
"""

from __future__ import annotations

from typing import Any

from ..analysis.graph import dependency_graph
from ..analysis.security.paths import BROKER_PORTS, async_participants
from ..model import Design
from .kubernetes_meta import MANAGED_BY, label_value, namespace, selector

__all__ = ["BROKER_PORTS", "async_participants", "network_policies"]

Manifest = dict[str, Any]


def _tcp(port: int) -> list[Manifest]:
    # A fresh list per rule: one shared between rules would be written as a YAML alias.
    return [{"protocol": "TCP", "port": port}]


def _policy(design: Design, name: str, pods: Manifest, rules: Manifest) -> Manifest:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {
            "name": name,
            "namespace": namespace(design),
            "labels": {
                "app.kubernetes.io/part-of": label_value(design.metadata.name),
                "app.kubernetes.io/managed-by": MANAGED_BY,
            },
        },
        "spec": {"podSelector": pods, **rules},
    }


def network_policies(design: Design) -> list[Manifest]:
    """Default deny, DNS, then one policy per service that needs any path.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}]})
    >>> [p["metadata"]["name"] for p in network_policies(d)]
    ['default-deny-all', 'allow-dns', 'allow-a', 'allow-b']
    """
    graph = dependency_graph(design, include_async=False)
    services = {svc.name: svc for svc in design.services}
    broker_port = BROKER_PORTS.get(design.platform.broker)
    talks_to_broker = async_participants(design) if broker_port else set()
    policies = [
        _policy(design, "default-deny-all", {}, {"policyTypes": ["Ingress", "Egress"]}),
        _policy(
            design,
            "allow-dns",
            {},
            {
                "policyTypes": ["Egress"],
                "egress": [
                    {
                        "to": [
                            {
                                "namespaceSelector": {
                                    "matchLabels": {"kubernetes.io/metadata.name": "kube-system"}
                                },
                                "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                            }
                        ],
                        "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
                    }
                ],
            },
        ),
    ]
    for svc in design.services:
        ingress: list[Manifest] = []
        callers = sorted(graph.predecessors(svc.name))
        if callers:
            ingress.append(
                {
                    "from": [
                        {"podSelector": {"matchLabels": selector(design, services[c])}}
                        for c in callers
                    ],
                    "ports": _tcp(svc.deployment.port),
                }
            )
        if svc.kind == "gateway":
            # No `from`: every source, the internet included, reaches the edge.
            edge: Manifest = (
                {"ports": _tcp(svc.deployment.port)}
                if svc.exposure in ("public", "partner")
                else {"from": [{"namespaceSelector": {}}], "ports": _tcp(svc.deployment.port)}
            )
            ingress.append(edge)
        egress: list[Manifest] = [
            {
                "to": [{"podSelector": {"matchLabels": selector(design, services[callee])}}],
                "ports": _tcp(services[callee].deployment.port),
            }
            for callee in sorted(graph.successors(svc.name))
        ]
        if broker_port and svc.name in talks_to_broker:
            egress.append(
                {
                    "to": [
                        {
                            "namespaceSelector": {},
                            "podSelector": {
                                "matchLabels": {"app.kubernetes.io/name": design.platform.broker}
                            },
                        }
                    ],
                    "ports": _tcp(broker_port),
                }
            )
        if not ingress and not egress:
            continue  # the default deny already says everything
        rules: Manifest = {
            "policyTypes": [t for t, r in (("Ingress", ingress), ("Egress", egress)) if r]
        }
        if ingress:
            rules["ingress"] = ingress
        if egress:
            rules["egress"] = egress
        policies.append(
            _policy(design, f"allow-{svc.name}", {"matchLabels": selector(design, svc)}, rules)
        )
    return policies
