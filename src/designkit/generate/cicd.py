"""A GitHub Actions workflow per service: build, test, image, deploy.

The repository is assumed to be a monorepo: each service's source under
``services/<service>/`` and designkit's generated artifacts under ``deploy/``
(``designkit generate DESIGN --out deploy``; the ``DEPLOY_DIR`` variable of
each workflow says so in one place). Workflows are generated only when
``platform.ci`` is ``github-actions``; copy ``ci/<service>.yml`` to
``.github/workflows/``.

Jobs:

- ``build`` and ``test``: the language's setup action (``stack.language``:
  java and kotlin use setup-java, go setup-go, python setup-python, node and
  typescript setup-node, csharp setup-dotnet) and its usual commands; any
  other language runs ``make build`` and ``make test``;
- ``image`` (pushes to the main branch only, and only for images in
  ``platform.registry``: a third-party image such as ``kong:3.9.1`` is not
  rebuilt): build and push the pinned tag the manifests pull, logging in with
  the ``REGISTRY_USERNAME`` and ``REGISTRY_PASSWORD`` secrets, then sign the
  pushed digest keylessly with cosign through GitHub's OIDC token;
- ``deploy-<env>``, one per ``platform.environments`` in order, each in the
  GitHub environment of that name (so production can require a reviewer),
  reaching the cluster with that environment's ``KUBECONFIG`` secret. Every
  environment but the last gets a rolling update; the last (production) uses
  ``Deployment.strategy``:

  - rolling (and recreate): ``kubectl apply -k`` of the environment's overlay,
    limited to the service's objects;
  - canary (with an Istio mesh and a ``canary`` section; else rolling):
    deploy the canary Deployment (label ``version: <canary.version>``),
    shift ``Canary.weight`` to it, watch its error-budget burn rate in
    Prometheus (``vars.PROMETHEUS_URL``), then promote, or roll back when the
    check fails;
  - blue-green: deploy the idle colour beside the live one, switch the
    Service's selector to it, check the burn rate, and switch back on
    failure; the previous colour is kept for rollback.

  With Istio, each deploy first applies the service's mesh resources, with
  the environment's fault overlay where it has one. A service with canary
  subsets has its pods labelled ``version: stable`` and all its traffic
  routed to them first, in every environment: the generated split sends a
  share to canary pods that exist only during a release.

No secret value appears in a workflow: secrets and variables are referenced
by name. Actions are pinned to major versions.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ruamel.yaml.scalarstring import LiteralScalarString

from ..model import Design, Service
from ..sizing.slo import burn_rate
from .istio import VERSION_LABEL, canary_weights, injected_faults
from .kubernetes_meta import dns_label, image, namespace
from .registry import Document, Generator

__all__ = ["GENERATOR", "OBSERVE_MINUTES", "documents", "workflow"]

OBSERVE_MINUTES = 10
"""How long a canary or a new colour is watched before the burn-rate check."""

Step = dict[str, Any]
Job = dict[str, Any]

_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
_CHECKOUT: Step = {"uses": "actions/checkout@v4"}
_ROLLOUT = 'kubectl -n "$NAMESPACE" rollout status {} --timeout=10m'


def _x(expression: str) -> str:
    return "${{ " + expression + " }}"


def _version(runtime: str | None, default: str) -> str:
    match = re.search(r"\d+(\.\d+)?", runtime or "")
    return match.group(0) if match else default


def _toolchain(svc: Service, source: str) -> tuple[list[Step], str, str]:
    """Setup steps, build command and test command for the service's language."""
    language = svc.stack.language.lower()
    runtime = svc.stack.runtime
    if language in {"java", "kotlin"}:
        gradle = language == "kotlin"
        setup: Step = {
            "uses": "actions/setup-java@v4",
            "with": {
                "distribution": "temurin",
                "java-version": _version(runtime, "21"),
                "cache": "gradle" if gradle else "maven",
            },
        }
        if gradle:
            return [setup], "./gradlew --no-daemon assemble", "./gradlew --no-daemon check"
        return [setup], "./mvnw -B -ntp -DskipTests package", "./mvnw -B -ntp verify"
    if language == "go":
        setup = {
            "uses": "actions/setup-go@v5",
            "with": {
                "go-version-file": f"{source}/go.mod",
                "cache-dependency-path": f"{source}/go.sum",
            },
        }
        return [setup], "go build ./...", "go test -race ./..."
    if language == "python":
        setup = {
            "uses": "actions/setup-python@v5",
            "with": {"python-version": _version(runtime, "3.12")},
        }
        return (
            [setup],
            "python -m pip install build && python -m build",
            'python -m pip install ".[test]" && python -m pytest',
        )
    if language in {"node", "nodejs", "javascript", "typescript"}:
        setup = {
            "uses": "actions/setup-node@v4",
            "with": {
                "node-version": _version(runtime, "22"),
                "cache": "npm",
                "cache-dependency-path": f"{source}/package-lock.json",
            },
        }
        return [setup], "npm ci && npm run build --if-present", "npm ci && npm test"
    if language in {"csharp", "c#", "dotnet", "fsharp"}:
        setup = {
            "uses": "actions/setup-dotnet@v4",
            "with": {"dotnet-version": f"{_version(runtime, '8').split('.')[0]}.0.x"},
        }
        return [setup], "dotnet build -c Release", "dotnet test -c Release"
    note = {
        "name": f"No setup action known for {svc.stack.language}",
        "run": f'echo "{svc.stack.language}: the Makefile brings its own toolchain"',
    }
    return [note], "make build", "make test"


def _slo(design: Design, svc: Service) -> tuple[float, int]:
    for slo in design.slos:
        if slo.service == svc.name and slo.sli == "availability":
            return slo.objective, slo.window_days
    return design.requirements.availability, 30


def _burn_check(design: Design, svc: Service, workload: str) -> Step:
    objective, window_days = _slo(design, svc)
    # The SRE Workbook's fast-burn page: 2% of the period's budget in one hour.
    limit = burn_rate(0.02, window_days, 1)
    selector = (
        f'reporter="destination",destination_workload="{workload}",'
        f'destination_workload_namespace="{namespace(design)}"'
    )
    window = f"{OBSERVE_MINUTES}m"
    query = (
        f'sum(rate(istio_requests_total{{{selector},response_code=~"5.."}}[{window}])) / '
        f"sum(rate(istio_requests_total{{{selector}}}[{window}]))"
    )
    script = "\n".join(
        [
            f"sleep {OBSERVE_MINUTES * 60}",
            f"QUERY='{query}'",
            'RATIO=$(curl -fsS --get "$PROMETHEUS_URL/api/v1/query" '
            '--data-urlencode "query=$QUERY" | jq -r \'.data.result[0].value[1] // "0"\')',
            'BURN=$(awk -v r="$RATIO" -v b="$ERROR_BUDGET" \'BEGIN { printf "%.2f", r / b }\')',
            f'echo "{workload}: error ratio $RATIO, burn rate $BURN (limit $MAX_BURN_RATE)"',
            'awk -v x="$BURN" -v m="$MAX_BURN_RATE" \'BEGIN { exit !(x <= m) }\'',
        ]
    )
    return {
        "name": "Check the error-budget burn rate",
        "env": {
            "PROMETHEUS_URL": _x("vars.PROMETHEUS_URL"),
            "ERROR_BUDGET": f"{1 - objective:.6g}",
            "MAX_BURN_RATE": f"{limit:g}",
        },
        "run": script,
    }


def _weights(stable: int, canary: int, source: str) -> str:
    """Apply the service's VirtualService from ``source`` with the given weights."""
    routes = ".spec.http[].route"
    return (
        "yq 'select(.metadata.name == strenv(SERVICE)) "
        f"| ({routes}[0].weight) = {stable} | ({routes}[1].weight) = {canary}' "
        f"{source} | kubectl apply -f -"
    )


def _mesh(design: Design, svc: Service, env: str, overlay: str) -> tuple[list[Step], str]:
    """Steps applying the service's Istio resources, and the VirtualService file used.

    The environment's fault overlay replaces the base VirtualService where it
    has one. A service with canary subsets first labels its stable pods and
    routes everything to them: the base split sends a share to a canary that
    exists only during a release.
    """
    if design.mesh.technology != "istio":
        return [], ""
    faults = f'"$DEPLOY_DIR/istio/overlays/{dns_label(env)}/faults.yaml"'
    faulted = svc.name in injected_faults(design).get(env, {})
    source = faults if faulted else '"$MESH_DIR/virtual-service.yaml"'
    if svc.deployment.canary is not None:
        label = json.dumps(
            {"spec": {"template": {"metadata": {"labels": {VERSION_LABEL: "stable"}}}}},
            separators=(",", ":"),
        )
        script = [
            # The first release has no pods to label yet: deploy them as they are.
            'if ! kubectl -n "$NAMESPACE" get deployment "$SERVICE" > /dev/null 2>&1; then',
            f'  kubectl apply -k "{overlay}" -l "app.kubernetes.io/name=$SERVICE"',
            "fi",
            f'kubectl -n "$NAMESPACE" patch deployment "$SERVICE" --type=merge -p \'{label}\'',
            _ROLLOUT.format('deployment/"$SERVICE"'),
            # Subsets before the routes that use them.
            'kubectl apply -f "$MESH_DIR/destination-rule.yaml"',
            _weights(100, 0, source),
        ]
        step = {"name": "Label the stable pods and route all traffic to them"}
        return [{**step, "run": "\n".join(script)}], source
    steps: list[Step] = [{"name": "Apply the mesh routing", "run": 'kubectl apply -f "$MESH_DIR/"'}]
    if faulted:
        steps.append(
            {
                "name": f"Inject the {env} faults",
                "run": f"yq 'select(.metadata.name == strenv(SERVICE))' {faults} "
                "| kubectl apply -f -",
            }
        )
    return steps, source


def _rolling(kind: str, overlay: str) -> list[Step]:
    return [
        {
            "name": "Deploy (rolling update)",
            "run": (
                f'kubectl apply -k "{overlay}" -l "app.kubernetes.io/name=$SERVICE"\n'
                + _ROLLOUT.format(f'{kind}/"$SERVICE"')
            ),
        }
    ]


def _copy_deployment(
    overlay: str, name: str, label: str, value: str, replicas: int | None = None
) -> str:
    """Apply the service's Deployment from the overlay as ``name`` with one more label.

    ``name`` and ``value`` are yq expressions (a quoted string or ``strenv(...)``).
    """
    scale = "" if replicas is None else f"| .spec.replicas = {replicas} "
    return (
        f'kubectl kustomize "{overlay}" | yq \'select(.kind == "Deployment" and '
        ".metadata.name == strenv(SERVICE)) "
        f"| .metadata.name = {name} {scale}"
        f"| .spec.selector.matchLabels.{label} = {value} "
        f"| .spec.template.metadata.labels.{label} = {value}' "
        "| kubectl apply -f -"
    )


def _canary(design: Design, svc: Service, overlay: str, source: str) -> list[Step]:
    assert svc.deployment.canary is not None
    stable, weight = canary_weights(svc.deployment.canary.weight)
    version = svc.deployment.canary.version
    canary = f"{svc.name}-canary"
    return [
        {
            "name": f"Deploy the canary ({version})",
            "run": "\n".join(
                [
                    _copy_deployment(
                        overlay, json.dumps(canary), VERSION_LABEL, json.dumps(version), 1
                    ),
                    _ROLLOUT.format(f"deployment/{canary}"),
                ]
            ),
        },
        {
            "name": f"Shift {weight}% of the traffic to the canary",
            "run": _weights(stable, weight, source),
        },
        _burn_check(design, svc, canary),
        {
            "name": "Promote the canary",
            "run": "\n".join(
                [
                    f'kubectl apply -k "{overlay}" -l "app.kubernetes.io/name=$SERVICE"',
                    _ROLLOUT.format('deployment/"$SERVICE"'),
                    _weights(100, 0, source),
                    f'kubectl -n "$NAMESPACE" delete deployment {canary}',
                ]
            ),
        },
        {
            "name": "Roll back the canary",
            "if": _x("failure()"),
            "run": _weights(100, 0, source)
            + f'\nkubectl -n "$NAMESPACE" delete deployment {canary} --ignore-not-found',
        },
    ]


def _select_slot(variable: str) -> str:
    patch = '{\\"spec\\":{\\"selector\\":{\\"slot\\":\\"' + variable + '\\"}}}'
    return f'kubectl -n "$NAMESPACE" patch service "$SERVICE" --type=merge -p "{patch}"'


def _blue_green(design: Design, svc: Service, overlay: str) -> list[Step]:
    live = _x("steps.colour.outputs.live")
    idle = _x("steps.colour.outputs.idle")
    others = (
        f'kubectl kustomize "{overlay}" | yq \'select(.kind != "Deployment" and '
        '.metadata.labels."app.kubernetes.io/name" == strenv(SERVICE))\' | kubectl apply -f -'
    )
    return [
        {
            "name": "Find the live colour",
            "id": "colour",
            "run": "\n".join(
                [
                    'LIVE=$(kubectl -n "$NAMESPACE" get service "$SERVICE" '
                    "-o jsonpath='{.spec.selector.slot}')",
                    'if [ "$LIVE" = green ]; then IDLE=blue; else IDLE=green; fi',
                    'echo "live=$LIVE" >> "$GITHUB_OUTPUT"',
                    'echo "idle=$IDLE" >> "$GITHUB_OUTPUT"',
                ]
            ),
        },
        {
            "name": "Deploy the idle colour",
            "env": {"IDLE": idle},
            "run": others
            + "\n"
            + _copy_deployment(
                overlay, 'strenv(SERVICE) + "-" + strenv(IDLE)', "slot", "strenv(IDLE)"
            )
            + "\n"
            + _ROLLOUT.format('deployment/"$SERVICE-$IDLE"'),
        },
        {
            "name": "Switch the Service to the idle colour",
            "env": {"IDLE": idle},
            "run": _select_slot("$IDLE"),
        },
        _burn_check(design, svc, f"{svc.name}-{idle}"),
        {
            "name": "Switch back to the live colour",
            "if": _x("failure() && steps.colour.outcome == 'success'"),
            "env": {"LIVE": live},
            "run": "\n".join(
                [
                    'if [ -n "$LIVE" ]; then',
                    "  " + _select_slot("$LIVE"),
                    "else",
                    '  kubectl -n "$NAMESPACE" patch service "$SERVICE" --type=json '
                    '-p \'[{"op":"remove","path":"/spec/selector/slot"}]\'',
                    "fi",
                ]
            ),
        },
    ]


def _deploy(design: Design, svc: Service, env: str, strategy: str) -> Job:
    overlay = f"$DEPLOY_DIR/kubernetes/overlays/{dns_label(env)}"
    steps, source = _mesh(design, svc, env, overlay)
    if strategy == "canary" and source and svc.deployment.canary is not None:
        steps += _canary(design, svc, overlay, source)
    elif strategy == "blue-green":
        steps += _blue_green(design, svc, overlay)
    else:
        steps += _rolling("statefulset" if svc.deployment.stateful else "deployment", overlay)
    return {
        "runs-on": "ubuntu-latest",
        "environment": env,
        "steps": [
            _CHECKOUT,
            {"uses": "azure/setup-kubectl@v4"},
            {
                "name": "Configure cluster access",
                "env": {"KUBECONFIG_DATA": _x("secrets.KUBECONFIG")},
                "run": "mkdir -p ~/.kube\nprintf '%s' \"$KUBECONFIG_DATA\" > ~/.kube/config",
            },
            *steps,
        ],
    }


def _image_job(svc: Service, ref: str, source: str) -> Job:
    repository = ref.rsplit(":", 1)[0] if "@" not in ref else ref.split("@", 1)[0]
    return {
        "runs-on": "ubuntu-latest",
        "if": _x(_MAIN),
        "permissions": {"contents": "read", "id-token": "write"},
        "steps": [
            _CHECKOUT,
            {"uses": "docker/setup-buildx-action@v3"},
            {
                "uses": "docker/login-action@v3",
                "with": {
                    "registry": ref.split("/", 1)[0],
                    "username": _x("secrets.REGISTRY_USERNAME"),
                    "password": _x("secrets.REGISTRY_PASSWORD"),
                },
            },
            {
                "id": "push",
                "uses": "docker/build-push-action@v6",
                "with": {"context": source, "push": True, "tags": ref},
            },
            {"uses": "sigstore/cosign-installer@v3"},
            {
                "name": "Sign the image (keyless, GitHub OIDC)",
                "run": f'cosign sign --yes "{repository}@{_x("steps.push.outputs.digest")}"',
            },
        ],
    }


def _fresh(value: Any) -> Any:
    """A copy sharing no object (YAML would write anchors), scripts as literal blocks."""
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def workflow(design: Design, index: int) -> dict[str, Any]:
    """The workflow of ``design.services[index]``."""
    svc = design.services[index]
    source = f"services/{svc.name}"
    ref = image(design, index)
    registry = design.platform.registry.rstrip("/") + "/"
    setup, build, test = _toolchain(svc, source)
    paths = [
        f"{source}/**",
        f"deploy/kubernetes/base/{svc.name}/**",
        f".github/workflows/{svc.name}.yml",
    ]
    if design.mesh.technology == "istio":
        paths.insert(2, f"deploy/istio/base/{svc.name}/**")
    env = {
        "SERVICE": svc.name,
        "NAMESPACE": namespace(design),
        "IMAGE": ref,
        "DEPLOY_DIR": "deploy",
        "MESH_DIR": f"deploy/istio/base/{svc.name}",
    }
    if design.mesh.technology != "istio":
        del env["MESH_DIR"]

    def job(command: str, needs: str | None) -> Job:
        result: Job = {"runs-on": "ubuntu-latest"}
        if needs:
            result["needs"] = needs
        result["defaults"] = {"run": {"working-directory": source}}
        result["steps"] = [_CHECKOUT, *setup, {"run": command}]
        return result

    jobs: dict[str, Job] = {"build": job(build, None), "test": job(test, "build")}
    previous = "test"
    if ref.startswith(registry):
        jobs["image"] = _image_job(svc, ref, source)
        previous = "image"
    environments = design.platform.environments
    for position, env_name in enumerate(environments):
        last = position == len(environments) - 1
        strategy = svc.deployment.strategy if last else "rolling"
        name = f"deploy-{dns_label(env_name)}"
        jobs[name] = {
            "needs": previous,
            "if": _x(_MAIN),
            **_deploy(design, svc, env_name, strategy),
        }
        previous = name
    result: dict[str, Any] = _fresh(
        {
            "name": f"{svc.name}: build, test and deploy",
            "on": {
                "push": {"branches": ["main"], "paths": paths},
                "pull_request": {"paths": paths},
            },
            "permissions": {"contents": "read"},
            "concurrency": {"group": f"{svc.name}-{_x('github.ref')}", "cancel-in-progress": False},
            "env": env,
            "jobs": jobs,
        }
    )
    return result


def documents(design: Design) -> list[Document]:
    """``ci/<service>.yml`` for every service, when ``platform.ci`` is github-actions."""
    if design.platform.ci != "github-actions":
        return []
    return [
        Document(f"ci/{svc.name}.yml", workflow(design, index))
        for index, svc in enumerate(design.services)
    ]


GENERATOR = Generator(
    "cicd",
    "GitHub Actions workflow per service: build, test, image, deploy",
    documents,
    aliases=("ci", "github_actions"),
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
