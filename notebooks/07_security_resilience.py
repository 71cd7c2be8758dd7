# %% [markdown]
# # Phase 7: Security, resilience and disaster recovery
#
# **Session: 1-1.5 h.** Trust nothing by default, survive the failure of any
# dependency, and recover from the loss of a zone, a region or the data itself.
#
# Agenda: zero trust and identity (25 min), sensitive data and compliance
# (15 min), resilience and blast radius (20 min), chaos and recovery (20 min).

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"
artifacts_dir = "../exports/artifacts"  # "" writes nothing

# %%
import designkit
from designkit.analysis import security
from designkit.analysis.antipatterns import analyze
from designkit.analysis.blast_radius import blast_radius
from designkit.analysis.chaos import chaos_plan
from designkit.analysis.checklist import checklist
from designkit.analysis.readiness import readiness
from designkit.analysis.recovery import recovery_plan
from designkit.analysis.resilience_plan import resilience_plan
from designkit.export.artifacts import write_artifacts
from designkit.generate import generate
from designkit.generate.adr import records
from designkit.phases import phase
from designkit.render import artifacts, data_tables, heatmap, html, tables
from designkit.render import resilience_tables as rt
from designkit.render import security_tables as st
from designkit.validators import validate_documents

design = designkit.load(design_path)
html.phase_card(phase(7))

# %% [markdown]
# ## Zero trust: what may talk to what
# Every flow the design needs (synchronous calls, the broker, the gateway's
# ingress, DNS), derived from the dependency graph; everything else is denied.
# The generated NetworkPolicies and Istio AuthorizationPolicies allow exactly
# these flows.

# %%
zero_trust = security.zero_trust.matrix(design)
st.zero_trust(zero_trust)

# %%
st.flows(zero_trust)

# %% [markdown]
# The bounds the checks below use (mTLS rotation, token lifetime, rotation
# periods), tightened where the design's compliance regimes require it.

# %%
st.policy(security.policy_for(design))

# %% [markdown]
# ## The edge: OAuth2/OIDC, scopes and limits per route

# %%
st.routes(design)

# %% [markdown]
# ## Roles and what they may do (RBAC)
# Roles against the operations the services offer (endpoints and scopes).

# %%
st.rbac(security.rbac.matrix(design))

# %% [markdown]
# ## Secrets and their rotation

# %%
st.secrets(security.rotation.secrets(design))

# %% [markdown]
# ## Sensitive data
# PII, PCI and PHI traced to every service, store and event that holds it, with
# encryption at rest and in transit.

# %%
st.classification(security.classification.holdings(design))

# %% [markdown]
# ## OWASP API Security Top 10 (2023)
# Evaluated from the design where it can be; "needs review" where only code or
# configuration outside the design can tell.

# %%
st.owasp(security.owasp.checklist(design))

# %% [markdown]
# ## Compliance
# The controls of each regime the requirements name, mapped to the design:
# which hold, which are missing and where.

# %%
compliance = security.compliance.report(design)
st.frameworks(compliance)

# %%
st.compliance(compliance)

# %% [markdown]
# ### Security findings
# Every security rule above, most serious first.

# %%
data_tables.findings(security.findings(design), none="No security findings.")

# %% [markdown]
# ## Resilience per dependency
# Timeout, retries with Envoy's exponential back-off and jitter, the worst-case
# wait, the circuit breaker, a bulkhead sized by Little's law from the traffic,
# and the fallback.

# %%
resilience = resilience_plan(design)
rt.dependency_resilience(resilience)

# %% [markdown]
# Along each call chain: how retries multiply and whether every timeout leaves
# room for what it waits on.

# %%
rt.chains(resilience)

# %%
data_tables.findings(list(resilience.findings), none="Every chain fits its retry and timeout budgets.")

# %% [markdown]
# ## Blast radius
# Which journeys fail (hard dependency), degrade (soft, with a fallback) or are
# delayed (through a topic) when each service is down.

# %%
blast = blast_radius(design)
heatmap.blast_radius_svg(blast)

# %% [markdown]
# ### Single points of failure
# Ranked by the journey traffic they take down.

# %%
rt.spofs(blast, 5)

# %% [markdown]
# ## Chaos engineering plan
# Experiments on the most critical dependencies: hypothesis, the steady state
# from the SLOs, the fault, its blast radius and when to abort (a fast burn of
# the error budget). They are generated as Chaos Mesh resources.

# %%
chaos = chaos_plan(design, blast=blast)
rt.experiments(chaos)

# %%
html.bullet_list(list(chaos.notes), empty="No caveats.")

# %% [markdown]
# ## Disaster recovery
# RPO and RTO per store and service, whether the backups meet them, and whether
# one region can meet each journey's availability objective.

# %%
recovery = recovery_plan(design)
rt.store_recovery(recovery)

# %%
rt.service_recovery(recovery)

# %%
rt.regions(recovery)

# %%
data_tables.findings(
    analyze(design, family="recovery"), none="Every store meets its recovery objectives."
)

# %% [markdown]
# ## Production readiness
# A score per service from the checklist: probes, SLOs, alerts, limits, mTLS,
# runbook, contract tests, disruption budget, autoscaling, dashboards,
# timeouts and breakers, recovery objectives.

# %%
ready = readiness(design, recovery=recovery)
rt.readiness(ready)

# %% [markdown]
# ## Architecture decisions
# The design's recorded decisions and the key decisions derived from it, as
# MADR records.

# %%
rt.adrs(records(design))

# %% [markdown]
# ## Generated chaos experiments, runbooks and ADRs

# %%
phase7_docs = generate(design, ["chaos_mesh", "runbooks", "adr"])
artifacts.documents_table(phase7_docs)

# %% tags=["remove"]
artifacts.preview(phase7_docs, "the design", limit=4)

# %% [markdown]
# ### What the validators said
# Chaos Mesh resources against designkit's schema of the Chaos Mesh CRDs (no
# package ships them); Markdown runbooks and ADRs have no validator.

# %%
artifacts.validation_summary(validate_documents(phase7_docs))

# %% [markdown]
# ### Written

# %%
write_artifacts(phase7_docs, artifacts_dir, design_path)

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 7))
