# %% [markdown]
# # Phase 2: API gateway and service mesh
#
# **Session: 1-1.5 h.** Decide what the outside world can reach and on what
# terms, and how every call inside behaves when things go wrong.
#
# Agenda: gateway routes, auth and limits (30 min), mesh policy: mTLS, timeouts,
# retries, circuit breakers (30 min), review of every call's settings (20 min).

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"
artifacts_dir = "../exports/artifacts"  # "" writes nothing

# %%
import designkit
from designkit.analysis.checklist import checklist
from designkit.phases import phase
from designkit.export.artifacts import write_artifacts
from designkit.generate import generate
from designkit.validators import validate_documents
from designkit.generate.istio import retry_budget_problems
from designkit.analysis.resilience_plan import resilience_plan
from designkit.render import artifacts, data_tables, html, resilience_tables, tables

design = designkit.load(design_path)
html.phase_card(phase(2))

# %% [markdown]
# ## Gateway routes
# Path, methods, upstream service, authentication, scopes, rate limits, version
# and CORS for every route exposed at the edge.

# %%
tables.routes(design)

# %% [markdown]
# ## Mesh policy
# Mutual TLS and the defaults that apply to every call that sets none itself.

# %%
tables.mesh(design)

# %% [markdown]
# ## Every dependency and the settings that apply to it
# A dependency's own timeout, retries and breaker, or else the mesh defaults.

# %%
tables.dependencies(design)

# %% [markdown]
# ## Do the retries fit the timeouts?
# Every attempt, at its per-try timeout, plus Envoy's back-off between attempts
# must fit the call's overall timeout; otherwise the last retries never run.

# %%
html.bullet_list(retry_budget_problems(design), empty="Every call's retries fit its timeout.")

# %% [markdown]
# ### Along every call chain
# Retries multiply down a chain (three layers of three attempts are 27 calls
# to the last service), and each caller's timeout must leave room for what it
# waits on, retries and back-off included. One row per synchronous chain from
# an entry point; the findings name the hop to fix.

# %%
chain_check = resilience_plan(design)
resilience_tables.chains(chain_check)

# %%
data_tables.findings(list(chain_check.findings), none="Every chain fits its retry and timeout budgets.")

# %% [markdown]
# ## Generated gateway and mesh configuration
# Kong declarative configuration and Istio resources (mTLS, destination rules,
# virtual services, authorization policies), generated from the decisions
# above. `designkit generate DESIGN --out DIR` writes them; the report puts
# them under `artifacts/`.

# %%
mesh_docs = generate(design, ["kong", "istio"])
artifacts.documents_table(mesh_docs)

# %% tags=["remove"]
artifacts.preview(mesh_docs, "the design", limit=4)

# %% [markdown]
# ### What the validators said
# Each document checked by the real validator of its format: Istio resources against the Istio CRD models, the Kong
# configuration against the declarative format.

# %%
artifacts.validation_summary(validate_documents(mesh_docs))

# %% [markdown]
# ### Written
# The same documents on disk (under `artifacts/` in a report), ready to commit
# or apply.

# %%
write_artifacts(mesh_docs, artifacts_dir, design_path)

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 2))
