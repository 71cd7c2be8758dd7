# %% [markdown]
# # Phase 7: Security, resilience and disaster recovery
#
# **Session: 1-1.5 h.** Trust nothing by default, survive the failure of any
# dependency, and recover from the loss of a zone, a region or the data itself.
#
# Agenda: zero trust and identity (25 min), sensitive data (15 min), resilience
# per dependency (20 min), recovery objectives (20 min).

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"

# %%
import designkit
from designkit.analysis.checklist import checklist
from designkit.phases import phase
from designkit.render import html, tables

design = designkit.load(design_path)
html.phase_card(phase(7))

# %% [markdown]
# ## Identity and access
# Roles and what they may do; secrets and how often they are rotated.

# %%
tables.roles(design)

# %%
tables.secrets(design)

# %% [markdown]
# ## Sensitive data
# Stores holding classified data (PII, PCI, PHI), whether they are encrypted at
# rest, and every service that touches them.

# %%
tables.classification(design)

# %% [markdown]
# ## Resilience per dependency
# Timeout, retries and circuit breaker of each call, hard or soft, and the
# fallback when it fails.

# %%
tables.dependencies(design)

# %% [markdown]
# ## Recovery objectives

# %%
tables.recovery(design)

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 7))
