"""The Kubernetes, Istio and Kong generators do work proportional to the design.

Measured as lines of designkit.generate and designkit.analysis run on synthetic
designs of 50 and 200 services (see tests/_scaling.py): linear work grows about
4 times. Each once scanned every call or topic of the design per service and
grew about 15 times.
"""

from __future__ import annotations

import pytest

from designkit.generate import generate
from designkit.generate.kubernetes_sizing import sizing
from designkit.generate.kubernetes_workloads import port_name, service_objects, wiring
from designkit.synth import synthesize
from tests._scaling import LINEAR, growth

SMALL = synthesize(50, 0)
LARGE = synthesize(200, 0)


@pytest.mark.parametrize("kind", ["kubernetes", "istio", "gateway"])
def test_generator_work_grows_linearly(kind: str) -> None:
    assert growth(lambda d: generate(d, [kind]), SMALL, LARGE, "generate", "analysis") < LINEAR


def test_wiring_given_or_not_builds_the_same_objects() -> None:
    sizes = sizing(SMALL)
    wired = wiring(SMALL)
    for index, svc in enumerate(SMALL.services):
        alone = service_objects(SMALL, index, sizes[svc.name])
        assert service_objects(SMALL, index, sizes[svc.name], wired) == alone
        ports = [p["name"] for p in alone["service.yaml"]["spec"]["ports"]]
        assert ports == [port_name(SMALL, svc)]
