# %% [markdown]
# # Design summary
#
# **Session: 15-30 min.** The whole design at a glance: how far each phase has
# come, the decisions taken and the questions still open.

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"

# %%
import designkit
from designkit.analysis.antipatterns import analyze
from designkit.analysis.assessment import assess
from designkit.analysis.checklist import checklist, progress
from designkit.analysis.graph import dependency_graph
from designkit.phases import phase
from designkit.render import html, svg, tables, workshop

design = designkit.load(design_path)
html.phase_card(phase(8))

# %% [markdown] tags=["remove"]
# ## At a glance
# (The report shows it once, on its front pages.)

# %% tags=["remove"]
tables.overview(design)

# %% tags=["remove"]
html.assessment_card(assess(design))

# %% tags=["remove"]
svg.layered_svg(dependency_graph(design), group="context", title="Service dependencies")

# %% [markdown]
# ## Progress by phase

# %%
tables.agenda(progress(design))

# %% [markdown]
# ## Every success criterion

# %%
tables.checklist(checklist(design))

# %% [markdown]
# ## Anti-pattern findings
# Every registered rule (smells, security, data, events, sagas, resilience and
# recovery), most serious first; accepted risks say so. The same list is
# printed by `designkit analyze DESIGN`.

# %%
tables.findings(analyze(design))

# %% [markdown]
# ## Decisions

# %%
tables.decisions(design)

# %% [markdown]
# ## Open questions
# The parking lot: questions and decisions to revisit, from the room and from imports.

# %%
workshop.open_questions(design)

# %% [markdown]
# Hotspots left on the event-storming board:

# %%
tables.hotspots(design)
