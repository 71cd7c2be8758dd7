# %% [markdown]
# # Phase 6: Observability and SLOs
#
# **Session: 1-1.5 h.** Agree what "working" means for each service and user
# journey, how much failure the objectives allow, and how you will know.
#
# Agenda: user journeys (15 min), SLOs and error budgets (40 min), telemetry
# and on-call (20 min).

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"

# %%
import designkit
from designkit.analysis.checklist import checklist
from designkit.phases import phase
from designkit.render import html, tables

design = designkit.load(design_path)
html.phase_card(phase(6))

# %% [markdown]
# ## User journeys
# Where each journey enters, how much traffic it brings at peak, and which
# services it passes through.

# %%
tables.journeys(design)

# %% [markdown]
# ## SLOs and error budgets
# The error budget is the time the objective allows to be bad in its window:
# `(1 - objective) x window_days x 1440` minutes.

# %%
tables.slos(design)

# %% [markdown]
# ## Telemetry

# %%
tables.observability(design)

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 6))
