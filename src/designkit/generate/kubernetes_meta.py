"""Names, labels and images shared by the Kubernetes generators.

Every object designkit generates for a service carries the recommended
``app.kubernetes.io`` labels; selectors use the two that never change over a
service's life (name and part-of), so a release never orphans pods.
"""

from __future__ import annotations

import re

from ..errors import DesignKitError
from ..model import Design, Service

__all__ = [
    "MANAGED_BY",
    "UnpinnedImageError",
    "dns_label",
    "image",
    "label_value",
    "labels",
    "namespace",
    "selector",
]

MANAGED_BY = "designkit"

_LABEL_BAD = re.compile(r"[^A-Za-z0-9._-]+")
_DNS_BAD = re.compile(r"[^a-z0-9-]+")
_TAG_BAD = re.compile(r"[^A-Za-z0-9_.-]+")


class UnpinnedImageError(DesignKitError):
    """A service's image has no tag or digest, or is tagged ``latest``."""


def label_value(text: str, fallback: str = "unnamed") -> str:
    """``text`` as a valid label value: at most 63 of ``[A-Za-z0-9._-]``, alphanumeric ends.

    Examples
    --------
    >>> label_value("E-Commerce Shop!")
    'E-Commerce-Shop'
    >>> label_value("--")
    'unnamed'
    """
    clean = _LABEL_BAD.sub("-", text)[:63].strip("-_.")
    return clean or fallback


def dns_label(text: str, fallback: str = "default") -> str:
    """``text`` as an RFC 1123 label (namespaces, directory names of overlays).

    Examples
    --------
    >>> dns_label("Core Banking")
    'core-banking'
    """
    clean = _DNS_BAD.sub("-", text.lower())[:63].strip("-")
    return clean or fallback


def namespace(design: Design) -> str:
    """The namespace every object of the design lives in (``platform.namespace``)."""
    return dns_label(design.platform.namespace)


def selector(design: Design, service: Service) -> dict[str, str]:
    """The labels that select a service's pods: stable for the service's whole life."""
    return {
        "app.kubernetes.io/name": service.name,
        "app.kubernetes.io/part-of": label_value(design.metadata.name),
    }


def labels(design: Design, service: Service) -> dict[str, str]:
    """The recommended labels of every object of ``service``."""
    return {
        **selector(design, service),
        "app.kubernetes.io/component": service.kind,
        "app.kubernetes.io/managed-by": MANAGED_BY,
    }


def image(design: Design, index: int) -> str:
    """The pinned image of ``design.services[index]``.

    A missing image is derived as ``<platform.registry>/<service>:<metadata.version>``;
    an image without a tag or digest, or tagged ``latest``, is refused: a
    manifest that pulls whatever was pushed last cannot be reviewed or rolled back.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x", "version": "1.4"},
    ...     "platform": {"registry": "reg.example/"}, "services": [{"name": "a"}]})
    >>> image(d, 0)
    'reg.example/a:1.4'
    """
    service = design.services[index]
    given = service.deployment.image
    field = f"services[{index}].deployment.image"
    if given is None:
        tag = _TAG_BAD.sub("-", design.metadata.version).lstrip(".-")[:128]
        if not tag or tag == "latest":
            raise UnpinnedImageError(
                f"{field}: no image, and metadata.version {design.metadata.version!r} "
                "cannot be its tag (set an image with a pinned tag or digest)"
            )
        return f"{design.platform.registry.rstrip('/')}/{service.name}:{tag}"
    if not _pinned(given):
        raise UnpinnedImageError(
            f"{field}: {given!r} is not pinned (give a version tag or an @sha256 digest, "
            "not 'latest')"
        )
    return given


def _pinned(ref: str) -> bool:
    if "@sha256:" in ref:
        return True
    # The tag follows the last ':' of the last path part ('host:5000/app' has none).
    tag = ref.rsplit("/", 1)[-1].partition(":")[2]
    return bool(tag) and tag != "latest"
