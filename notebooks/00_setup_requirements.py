# %% [markdown]
# # Phase 0: Workshop set-up and requirements
#
# **Session: 0.5 h.** Agree what the system must do and under which constraints,
# and ask the uncomfortable question first: *should this be microservices at all?*
#
# How to use this notebook in the room: project it, walk down the sections, and
# edit the requirements with the form at the end while the group talks. Every
# number below is computed from the design file, so it is always current.

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"

# %%
import designkit
from designkit.analysis.assessment import assess
from designkit.analysis.checklist import checklist, progress
from designkit.phases import phase
from designkit.render import html, tables

design = designkit.load(design_path)
html.phase_card(phase(0))

# %% [markdown] tags=["remove"]
# ## The design at a glance

# %% tags=["remove"]
tables.overview(design)

# %% [markdown]
# ## Requirements
# Traffic, latency and availability targets, compliance scope, budget and
# constraints as agreed so far.

# %%
tables.requirements(design)

# %% [markdown]
# ### Business capabilities

# %%
tables.capabilities(design)

# %% [markdown]
# ### Teams

# %%
tables.teams(design)

# %% [markdown]
# ## Should this be microservices at all?
# Microservices buy independent delivery and scaling at the price of a platform
# and distributed failure modes. Small teams, simple domains, an MVP still
# finding its market, tight coupling and low traffic argue for a modular
# monolith first (Fowler, *MonolithFirst*; Newman, *Monolith to Microservices*).

# %%
verdict = assess(design)
html.assessment_card(verdict)

# %%
tables.assessment(verdict)

# %% [markdown]
# ## Agenda
# One session per phase; the last column shows how many of each phase's
# success criteria the design already meets.

# %%
tables.agenda(progress(design))

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 0))

# %% [markdown] tags=["widget"]
# ## Edit the requirements
# Change values, press **Apply** to update the design in this session, or
# **Save to file** to write them to the design file (atomically; comments in the
# file are kept). This form needs a live kernel; the report shows the tables above.

# %% tags=["widget"]
from designkit.widgets.requirements import RequirementsForm

form = RequirementsForm(design, design_path)
form.widget
