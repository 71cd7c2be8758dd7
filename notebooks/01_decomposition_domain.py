# %% [markdown]
# # Phase 1: Service decomposition and domain modeling
#
# **Session: 1.5-2 h.** Discover the domain with event storming, draw the
# bounded contexts and how they relate, and cut services with clear owners.
#
# Agenda: event storming on the timeline (45 min), bounded contexts and their
# language (20 min), context map (10 min), decomposition from coupling (15 min),
# service catalog, communication and ownership (20 min).

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"

# %%
import designkit
from designkit.analysis.antipatterns import analyze
from designkit.analysis.checklist import checklist
from designkit.analysis.cognitive_load import cognitive_load
from designkit.analysis.communication import recommend_communication
from designkit.analysis.decomposition import compare_with_contexts, decompose
from designkit.analysis.granularity import granularity
from designkit.analysis.strangler import strangler_plan
from designkit.analysis.traffic import service_traffic
from designkit.phases import phase
from designkit.render import board, decomposition, html, interactive, phase1_tables, static, tables

design = designkit.load(design_path)
html.phase_card(phase(1))

# %% [markdown] tags=["widget"]
# ## Event storming board (live)
# Add stickies from the toolbar, double-click to edit, drag along the timeline,
# select several and group them into a candidate bounded context; **Save**
# writes the design file (atomically; a file changed on disk is not
# overwritten). Later cells read `storming.design`. Needs a live kernel.

# %% tags=["widget", "nbval-ignore-output"]
from designkit.widgets.board import EventStormingBoard

storming = EventStormingBoard(design, path=design_path)
storming

# %% [markdown]
# ## Event storming board
# Domain events (orange) on the timeline, the commands (blue) that cause them,
# actors, aggregates (yellow), policies (lilac), read models (green), external
# systems and hotspots (pink), grouped into candidate bounded contexts.

# %%
board.board_svg(design)

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
# Who is upstream of whom, and on what terms: the DDD relationship patterns,
# labelled the Context Mapper way (U/D, OHS, PL, CF, ACL; partnership, shared
# kernel, customer/supplier, separate ways). Drag the interactive map; the
# static one (drawn by Graphviz, whose layout varies between its versions, so
# nbval does not compare it) is for print.

# %%
interactive.context_map_html(design)

# %% tags=["nbval-ignore-output"]
static.context_map_svg(design)

# %%
tables.context_map(design)

# %% [markdown]
# ## Decomposition from coupling
# Service Cutter's sixteen coupling criteria scored between the attributes of
# the domain's entities (use cases that read and write them together,
# aggregates, relations, owners, security zones, volatility, ...) and clustered
# into candidate services. The cut is deterministic; each candidate says what
# holds it together. See `docs/decomposition.md`.

# %%
cut = decompose(design)
decomposition.candidates(cut)

# %%
decomposition.cut_svg(cut)

# %%
decomposition.explanations(cut)

# %% [markdown]
# ### The strongest ties the cut breaks

# %%
decomposition.cut_ties(cut, limit=12)

# %% [markdown]
# ### Against the current bounded contexts
# Cohesion, coupling and modularity of both partitions, and what would move.

# %%
against_contexts = compare_with_contexts(design, cut)
decomposition.comparison(against_contexts)

# %%
decomposition.moves(against_contexts)

# %% [markdown] tags=["widget"]
# ### Re-cut live
# One slider per criterion priority (IGNORE ... XXL), the algorithm and the
# number of services; the cut and its tables follow. Needs a live kernel.

# %% tags=["widget", "nbval-ignore-output"]
from designkit.widgets.decomposition import DecompositionPanel

DecompositionPanel(design).widget

# %% [markdown]
# ## Service catalog

# %%
tables.services(design)

# %% [markdown]
# ## Service dependency graph
# Solid arrows are synchronous calls, dashed arrows go through a topic; colours
# are bounded contexts. Beyond 150 services the graph opens folded into
# contexts: click one to open it.

# %%
interactive.dependency_html(design)

# %% tags=["nbval-ignore-output"]
static.dependency_svg(design)

# %% [markdown]
# ## Data ownership
# R/W/RW: how a service uses a store; `*` marks the owner. One owner per store.

# %%
tables.ownership_matrix(design)

# %% [markdown]
# ## Communication: REST, gRPC or messaging?
# For every dependency, the style its needs call for (latency, coupling,
# fan-out, consistency, volume, whether the caller needs the answer now), and
# whether the design's choice matches.

# %%
traffic = service_traffic(design)
phase1_tables.communication(recommend_communication(design, traffic=traffic))

# %% [markdown]
# ## Granularity
# Nano-services, god services, chatty pairs and the signs of a distributed
# monolith.

# %%
sizes = granularity(design, traffic=traffic)
phase1_tables.granularity(sizes)

# %%
phase1_tables.chatty_pairs(sizes)

# %%
phase1_tables.monolith_signals(sizes)

# %% [markdown]
# ## Team ownership and cognitive load
# What each team owns against its size (Team Topologies): services, contexts,
# stacks, dependencies crossing team lines, on-call.

# %%
phase1_tables.team_load(cognitive_load(design))

# %% [markdown]
# ## Migration plan (strangler fig)
# For a migration from a monolith: read-heavy capabilities first, transactional
# next, supporting last, each step with what makes it safe and the routing
# change at the gateway. A greenfield design has no plan.

# %%
plan = strangler_plan(design, traffic=traffic)
phase1_tables.migration_overview(plan)

# %%
phase1_tables.migration_plan(plan)

# %%
phase1_tables.migration_needs(plan)

# %% [markdown]
# ## Anti-pattern findings
# The smells of this phase (cyclic calls, hubs, god and nano services, bounded
# contexts and teams, ...), most serious first, each with where it is in the
# design file and how to fix it. The same list is printed by
# `designkit analyze DESIGN --phase 1`; every phase's findings are in the summary.

# %%
tables.findings(analyze(design, phase=1))

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 1))
