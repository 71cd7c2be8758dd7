"""Kubernetes manifests of a design, laid out as a Kustomize base and overlays.

Kustomize rather than Helm: the base is plain YAML, so ``kubectl apply``,
schema validators and reviewers read the very objects that will run, and a
diff of the design is a diff of manifests. Environments are overlays that
patch the base declaratively, with no template language to learn, lint or
escape. (A Helm chart can still wrap the base; the reverse is harder.)

Layout::

    kubernetes/base/kustomization.yaml
    kubernetes/base/namespace.yaml            Pod Security "restricted" enforced
    kubernetes/base/network-policies.yaml     default deny, DNS, the graph's paths
    kubernetes/base/<service>/*.yaml          workload, Service, ConfigMap, ...
    kubernetes/overlays/<env>/kustomization.yaml

The base is sized for production (see :mod:`.kubernetes_sizing`). Overlays of
environments named ``dev``, ``development``, ``local`` or ``sandbox`` run one
replica of each service: they set the replicas to 1, the autoscalers' minimum
to 1 and turn every PodDisruptionBudget into ``maxUnavailable: 1`` (a
``minAvailable: 1`` over one pod would block node drains). Every other
environment (staging, test, prod, ...) runs the base as it is, so what is
tested is what ships.
"""

from __future__ import annotations

from typing import Any

from ..model import Design
from .kubernetes_meta import MANAGED_BY, dns_label, label_value, namespace
from .kubernetes_network import network_policies
from .kubernetes_sizing import Sizing, sizing
from .kubernetes_workloads import service_objects, wiring
from .registry import Document, Generator

__all__ = ["GENERATOR", "SMALL_ENVIRONMENTS", "kubernetes", "manifests"]

SMALL_ENVIRONMENTS = frozenset({"dev", "development", "local", "sandbox"})
"""Environments whose overlay runs one replica per service."""

_KUSTOMIZE = "kustomize.config.k8s.io/v1beta1"

Manifest = dict[str, Any]


def _namespace(design: Design) -> Manifest:
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "name": namespace(design),
            "labels": {
                "app.kubernetes.io/part-of": label_value(design.metadata.name),
                "app.kubernetes.io/managed-by": MANAGED_BY,
                # Every generated pod meets the restricted profile; enforce it
                # so nothing weaker is deployed beside them.
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/enforce-version": "latest",
            },
        },
    }


def _base(design: Design, sizes: dict[str, Sizing]) -> list[tuple[str, Any, bool]]:
    """(path under base/, content, multi) of every base file but the kustomization."""
    files: list[tuple[str, Any, bool]] = [("namespace.yaml", _namespace(design), False)]
    wired = wiring(design)
    for index, svc in enumerate(design.services):
        objects = service_objects(design, index, sizes[svc.name], wired)
        files.extend((f"{svc.name}/{file}", obj, False) for file, obj in objects.items())
    return files


def manifests(design: Design) -> list[Manifest]:
    """Every Kubernetes object of the design (no Kustomize files), in apply order.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}]})
    >>> [m["kind"] for m in manifests(d)]  # doctest: +NORMALIZE_WHITESPACE
    ['Namespace', 'ServiceAccount', 'ConfigMap', 'Deployment', 'Service',
     'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'NetworkPolicy']
    """
    return [obj for _, obj, _ in _base(design, sizing(design))] + network_policies(design)


def _overlay(design: Design, env: str, sizes: dict[str, Sizing]) -> list[Document]:
    folder = f"kubernetes/overlays/{env}"
    kustomization: Manifest = {
        "apiVersion": _KUSTOMIZE,
        "kind": "Kustomization",
        "resources": ["../../base"],
    }
    if env not in SMALL_ENVIRONMENTS:
        return [Document(f"{folder}/kustomization.yaml", kustomization)]
    kustomization["replicas"] = [{"name": svc.name, "count": 1} for svc in design.services]
    patches = []
    docs = []
    if any(size.hpa_min is not None for size in sizes.values()):
        patches.append(
            {"path": "hpa-min-replicas.yaml", "target": {"kind": "HorizontalPodAutoscaler"}}
        )
        docs.append(
            Document(
                f"{folder}/hpa-min-replicas.yaml",
                [{"op": "replace", "path": "/spec/minReplicas", "value": 1}],
            )
        )
    patches.append({"path": "pdb-one-replica.yaml", "target": {"kind": "PodDisruptionBudget"}})
    docs.append(
        Document(
            f"{folder}/pdb-one-replica.yaml",
            {
                "apiVersion": "policy/v1",
                "kind": "PodDisruptionBudget",
                # Kustomize applies the patch to every target; the name is ignored.
                "metadata": {"name": "any"},
                "spec": {"minAvailable": None, "maxUnavailable": 1},
            },
        )
    )
    kustomization["patches"] = patches
    return [Document(f"{folder}/kustomization.yaml", kustomization), *docs]


def kubernetes(design: Design) -> list[Document]:
    """The Kustomize tree of the design (layout in the module docstring).

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}],
    ...     "platform": {"environments": ["dev", "prod"]}})
    >>> [doc.path for doc in kubernetes(d)]  # doctest: +NORMALIZE_WHITESPACE
    ['kubernetes/base/namespace.yaml', 'kubernetes/base/a/serviceaccount.yaml',
     'kubernetes/base/a/configmap.yaml', 'kubernetes/base/a/deployment.yaml',
     'kubernetes/base/a/service.yaml', 'kubernetes/base/a/hpa.yaml',
     'kubernetes/base/a/pdb.yaml', 'kubernetes/base/network-policies.yaml',
     'kubernetes/base/kustomization.yaml', 'kubernetes/overlays/dev/kustomization.yaml',
     'kubernetes/overlays/dev/hpa-min-replicas.yaml',
     'kubernetes/overlays/dev/pdb-one-replica.yaml',
     'kubernetes/overlays/prod/kustomization.yaml']
    """
    sizes = sizing(design)
    files = _base(design, sizes)
    files.append(("network-policies.yaml", network_policies(design), True))
    docs = [Document(f"kubernetes/base/{path}", obj, multi=multi) for path, obj, multi in files]
    docs.append(
        Document(
            "kubernetes/base/kustomization.yaml",
            {
                "apiVersion": _KUSTOMIZE,
                "kind": "Kustomization",
                "namespace": namespace(design),
                "resources": [path for path, _, _ in files],
            },
        )
    )
    # Folder names are DNS labels; 'Prod' and 'prod' are one environment.
    for env in dict.fromkeys(dns_label(e, "env") for e in design.platform.environments):
        docs.extend(_overlay(design, env, sizes))
    return docs


GENERATOR = Generator(
    "kubernetes",
    "Kubernetes manifests: Kustomize base per service, overlays per environment, "
    "zero-trust network policies",
    kubernetes,
    aliases=("k8s", "kustomize"),
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
