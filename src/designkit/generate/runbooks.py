"""Runbooks in Markdown, one per failure scenario: ``runbooks/<scenario>.md`` and an index.

Scenarios: ``region-loss``, ``store-restore`` (corruption or deletion undone
from backups), ``bad-deploy`` (roll back), and ``dependency-outage-<service>``
for the top single point of failure that is not the edge gateway (whose
outage is the whole site's, covered by region loss and bad deploy). Each has
the same five sections: Detection (the burn-rate alerts the prometheus
generator writes, by name), Decision (when to act, and who), Steps, Verification
and Communication. Every number comes from the design and the phase 7
analyses (:mod:`~designkit.analysis.recovery`,
:mod:`~designkit.analysis.blast_radius`).
"""

from __future__ import annotations

from ..analysis.blast_radius import BlastRadius, blast_radius
from ..analysis.recovery import recovery_plan
from ..model import Design
from .contract_docs import table
from .kubernetes_meta import namespace
from .registry import Document, Generator
from .runbook_text import alerts, communication, header, owner, section, verify
from .runbooks_dr import region_loss, store_restore

__all__ = ["GENERATOR", "build", "runbooks"]


def _rollback(design: Design, name: str) -> str:
    svc = design.service(name)
    ns = namespace(design)
    kind = "statefulset" if svc.deployment.stateful else "deployment"
    strategy = svc.deployment.strategy
    if strategy == "canary" and design.mesh.technology == "istio":
        return f"set the canary weight to 0 in the VirtualService {name} (-n {ns})"
    if strategy == "blue-green":
        return f"switch Service {name}'s selector back to the previous colour (-n {ns})"
    return f"`kubectl rollout undo {kind}/{name} -n {ns}`"


def _bad_deploy(design: Design) -> str:
    rows = [
        (s.name, s.deployment.strategy, _rollback(design, s.name), s.team or "")
        for s in design.services
    ]
    service_slos = [s for s in design.slos if s.service]
    lines = header(
        "bad deploy (roll back)",
        ["A release made things worse. Roll back first, investigate after."],
    )
    lines += section(
        "Detection",
        [
            "* A burn-rate alert of the released service fires within an hour of a deploy, "
            "or the canary / blue-green check of the pipeline fails:",
            *alerts(service_slos),
        ],
    )
    lines += section(
        "Decision",
        [
            "* Any page within an hour of a deploy: roll back without waiting for a root "
            "cause. The deploying team's on-call decides; nobody needs approval to roll back.",
            "* Database migrations must be backward compatible (expand, then contract) so "
            "that the previous version still runs.",
        ],
    )
    lines += section(
        "Steps",
        [
            "1. Stop the pipeline (no further environments) and freeze deploys of the service.",
            "2. Roll back:",
            "",
            table(["Service", "Strategy", "Roll back", "Team"], rows),
            "",
            "3. If the release changed a contract (API or event schema), check its consumers.",
        ],
    )
    lines += section(
        "Verification",
        [
            "* The previous version runs on every pod; the service's SLIs recover:",
            "",
            *verify(service_slos),
        ],
    )
    lines += section("Communication", communication(design, "degraded service", 30))
    return "\n".join(lines)


def _outage(design: Design, name: str, blast: BlastRadius) -> str:
    b = blast.services[name]
    svc = design.service(name)
    rows = [
        (journey, impact.impact, f"{impact.peak_rps:g}", impact.reason)
        for (service, journey), impact in blast.impacts.items()
        if service == name and impact.impact != "unaffected"
    ]
    callers = [
        (other.name, d.protocol, "yes" if d.hard else "no", d.fallback or "")
        for other in design.services
        for d in other.dependencies
        if d.target == name and d.protocol != "async"
    ]
    slos = [s for s in design.slos if s.service == name or s.journey in b.failed]
    hpa = svc.deployment.autoscaling
    lines = header(
        f"{name} outage",
        [
            f"{owner(design, name)} is the top single point of failure: its outage fails "
            f"{b.failed_rps:g} req/s of journeys ({b.failed_share:.0%} of the peak). It runs "
            f"{b.replicas} replicas in {b.active_regions} of {len(b.regions)} region(s).",
        ],
    )
    lines += section(
        "Detection",
        [
            *alerts(slos),
            "",
            "Blast radius:",
            "",
            table(["Journey", "Impact", "Peak req/s", "Why"], rows),
        ],
    )
    lines += section(
        "Decision",
        [
            f"* The on-call of team {svc.team or '(owner)'} leads; the incident commander "
            f"joins when a journey fails for more than 5 minutes.",
            "* A deploy in the last hour: follow the bad-deploy runbook first.",
            "* Only one region affected: consider the region-loss runbook.",
        ],
    )
    stores = ", ".join(a.store for a in svc.stores) or "none"
    deps = ", ".join(d.target for d in svc.dependencies if d.protocol != "async") or "none"
    lines += section(
        "Steps",
        [
            f"1. Check the pods: `kubectl get pods -n {namespace(design)} "
            f"-l app.kubernetes.io/name={name}`; restart crash-looping ones.",
            f"2. Check what it depends on: stores ({stores}) and synchronous calls ({deps}).",
            "3. Scale out if it is saturated"
            + (f" (autoscaler {hpa.min_replicas}-{hpa.max_replicas} pods)" if hpa else "")
            + "; shed load at the gateway with tighter rate limits if needed.",
            "4. Its callers should fail fast or fall back; check their breakers opened:",
            "",
            table(["Caller", "Protocol", "Hard", "Fallback"], callers),
        ],
    )
    lines += section("Verification", verify(slos))
    lines += section("Communication", communication(design, f"{name} outage", 30))
    return "\n".join(lines)


def runbooks(design: Design) -> dict[str, str]:
    """Each scenario's Markdown, by scenario name (file order of the index)."""
    rec = recovery_plan(design)
    blast = blast_radius(design)
    out = {
        "region-loss": region_loss(design, rec, blast),
        "store-restore": store_restore(design, rec),
        "bad-deploy": _bad_deploy(design),
    }
    spof = next((s for s in blast.spofs(None) if design.service(s.service).kind != "gateway"), None)
    if spof is not None:
        out[f"dependency-outage-{spof.service}"] = _outage(design, spof.service, blast)
    return out


def build(design: Design) -> list[Document]:
    """``runbooks/<scenario>.md`` for each scenario, and ``runbooks/index.md``."""
    texts = runbooks(design)
    docs = [Document(f"runbooks/{name}.md", text, "markdown") for name, text in texts.items()]
    index = "# Runbooks\n\n" + "\n".join(
        f"* [{text.splitlines()[0].removeprefix('# Runbook: ')}]({name}.md)"
        for name, text in texts.items()
    )
    docs.append(Document("runbooks/index.md", index + "\n", "markdown"))
    return docs


GENERATOR = Generator(
    "runbooks",
    "Markdown runbooks: region loss, store restore, bad deploy, top SPOF",
    build,
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
