# %% [markdown]
# # Phase 3: Data architecture and event-driven design
#
# **Session: 1.5-2 h.** Give every service its own data, design the events and
# the topics that carry them, and make cross-service transactions safe.
#
# Agenda: database per service (30 min), events and topics (40 min), sagas and
# consistency (40 min).

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"

# %%
import designkit
from designkit.analysis.checklist import checklist
from designkit.phases import phase
from designkit.render import html, tables

design = designkit.load(design_path)
html.phase_card(phase(3))

# %% [markdown]
# ## Data stores
# Technology, owner, data classification, replication and recovery objectives.

# %%
tables.stores(design)

# %% [markdown]
# ### Who uses which store
# `*` marks the owner; any other service writing a store is a shared database.

# %%
tables.ownership_matrix(design)

# %% [markdown]
# ## Topics

# %%
tables.topics(design)

# %% [markdown]
# ## Event catalog

# %%
tables.events(design)

# %% [markdown]
# ## Sagas
# Each step's action and the compensation that undoes it; after the pivot step
# a saga only retries forward.

# %%
tables.saga_steps(design)

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 3))
