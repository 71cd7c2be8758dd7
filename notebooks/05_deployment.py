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

# %%
import designkit
from designkit.analysis.checklist import checklist
from designkit.phases import phase
from designkit.render import html, tables

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
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 5))
