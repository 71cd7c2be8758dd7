# %% [markdown]
# # Phase 5: Deployment and orchestration
#
# **Session: 1-1.5 h.** Decide how each service runs: image, replicas,
# resources, probes, autoscaling and how a new version is rolled out.
#
# Agenda: platform choices (15 min), per-service runtime (40 min), release
# strategy and pipelines (20 min).

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
from designkit.render import artifacts, html, tables

design = designkit.load(design_path)
html.phase_card(phase(5))

# %% [markdown]
# ## Platform

# %%
tables.platform(design)

# %% [markdown]
# ## Per service

# %%
tables.deployments(design)

# %% [markdown]
# ## Generated manifests and pipelines
# Kubernetes manifests (Kustomize base and overlays, secure by default,
# network policies that allow exactly the dependency graph) and one CI/CD
# pipeline per service.

# %%
deploy_docs = generate(design, ["kubernetes", "cicd"])
artifacts.documents_table(deploy_docs)

# %% tags=["remove"]
artifacts.preview(deploy_docs, "the design", limit=4)

# %% [markdown]
# ### What the validators said
# Each document checked by the real validator of its format: Kubernetes objects strictly against the API
# schemas, workflows against GitHub's workflow schema. Kustomize overlays are
# patches and have no validator of their own.

# %%
artifacts.validation_summary(validate_documents(deploy_docs))

# %% [markdown]
# ### Written
# The same documents on disk (under `artifacts/` in a report), ready to commit
# or apply.

# %%
write_artifacts(deploy_docs, artifacts_dir, design_path)

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 5))
