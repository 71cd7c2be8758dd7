# %% [markdown]
# # Phase 1: Service decomposition and domain modeling
#
# **Session: 1.5-2 h.** Discover the domain with event storming, draw the
# bounded contexts and how they relate, and cut services with clear owners.
#
# Agenda: event storming on the timeline (45 min), bounded contexts and their
# language (30 min), context map (15 min), service catalog and ownership (20 min).

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"

# %%
import designkit
from designkit.analysis.antipatterns import analyze
from designkit.analysis.checklist import checklist
from designkit.analysis.graph import dependency_graph
from designkit.phases import phase
from designkit.render import html, svg, tables

design = designkit.load(design_path)
html.phase_card(phase(1))

# %% [markdown]
# ## Event storming board
# Stickies in timeline order: domain events (orange), commands (blue), actors,
# aggregates, policies, read models, external systems and hotspots.

# %%
tables.stickies(design)

# %% [markdown]
# ### Parking lot
# Hotspots and open questions, each with someone who follows up.

# %%
tables.hotspots(design)

# %% [markdown]
# ## Bounded contexts
# Core contexts are where the business competes; supporting ones are needed but
# not differentiating; generic ones could be bought.

# %%
tables.contexts(design)

# %% [markdown]
# ### Ubiquitous language

# %%
tables.language(design)

# %% [markdown]
# ## Context map
# Who is upstream of whom, and on what terms (DDD relationship patterns).

# %%
tables.context_map(design)

# %% [markdown]
# ## Service catalog

# %%
tables.services(design)

# %% [markdown]
# ## Service dependency graph
# Solid arrows are synchronous calls, dashed arrows go through a topic; colours
# are bounded contexts.

# %%
svg.layered_svg(dependency_graph(design), group="context", title="Service dependencies")

# %% [markdown]
# ## Data ownership
# R/W/RW: how a service uses a store; `*` marks the owner. One owner per store.

# %%
tables.ownership_matrix(design)

# %% [markdown]
# ## Anti-pattern findings
# Known microservice smells found in the whole design (shared persistence,
# cyclic calls, missing timeouts, god and nano services, ...), most serious
# first, each with where it is in the design file and how to fix it. The same
# list is printed by `designkit analyze DESIGN`.

# %%
tables.findings(analyze(design))

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 1))
