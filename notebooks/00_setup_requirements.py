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
from designkit.analysis.agenda import agenda, agenda_notes
from designkit.analysis.checklist import checklist
from designkit.phases import phase
from designkit.render import html, tables, workshop

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

# %% [markdown] tags=["widget"]
# ## The workshop panel
# Run the day from here: pick the session that is starting, press **Start** on
# the timer (it turns amber near the end of the timebox and red after it), tick
# success criteria as the group agrees them, and park questions that would
# derail the session. Every change is saved to the design file at once.

# %% tags=["widget", "nbval-ignore-output"]
from designkit.widgets.workshop import WorkshopPanel

WorkshopPanel(design, design_path, phase=0)

# %% [markdown]
# ## Agenda
# One session per phase, with the timeboxes agreed (the phase plan's typical
# lengths until the panel changes them); the last columns show how many of each
# phase's success criteria are met, by the design or ticked in the room.

# %%
slots = agenda(design)
workshop.agenda(slots)

# %%
html.bullet_list(agenda_notes(slots), empty="")

# %% [markdown]
# ## Parking lot: what the workshop must decide
# Questions and decisions to come back to: those parked in the room, and what
# `designkit import` could not read from the deployment files and contracts
# (teams, SLOs, load, owners), each with the phase that should answer it and
# the file and line it came from.

# %%
workshop.open_questions(design)

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
