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
artifacts_dir = "../exports/artifacts"  # "" writes nothing

# %%
import designkit
from designkit.analysis.checklist import checklist
from designkit.phases import phase
from designkit.analysis.capacity import capacity_plan
from designkit.analysis.cost import cost_report, default_price_sheet, load_price_sheet
from designkit.analysis.telemetry import log_retention, sampling_plan
from designkit.analysis.slos import slo_report
from designkit.analysis.sweep import traffic_sweep
from designkit.analysis.traffic import service_traffic
from designkit.export.artifacts import write_artifacts
from designkit.generate import generate
from designkit.render import artifacts, charts, html, sizing_tables, tables
from designkit.validators import validate_documents

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
# ## Can the journeys meet their objectives?
# A journey is available only when every service it reaches through hard
# synchronous calls is (availabilities multiply); soft calls with a fallback do
# not count. The "extra nine" rule asks each hard dependency to be about ten
# times more available than the journey's objective.

# %%
slo = slo_report(design)
sizing_tables.journey_availability(slo)

# %%
sizing_tables.feasibility(slo)

# %% [markdown]
# ### Latency budget along the critical path
# The slowest synchronous chain of each journey, and each hop's share of the
# journey's latency threshold.

# %%
sizing_tables.latency_budget(slo)

# %%
charts.latency_budgets(slo)

# %% [markdown]
# ### Burn-rate alerts
# Multiwindow, multi-burn-rate alerts (SRE Workbook, ch. 5): page when 2% of the
# budget burns in 1 h or 5% in 6 h, ticket when 10% burns in 3 days; each alert
# also needs its short window (1/12 of the long one) to be burning.

# %%
sizing_tables.slo_alerts(slo)

# %% [markdown]
# How fast the budget empties at each alert's burn rate, and where each alert
# fires: a page when an outage would empty the budget within days, a ticket for
# a slow leak.

# %%
charts.budget_burn(design.requirements.availability)

# %% [markdown]
# ## Traffic per service
# The journeys' peak rates propagated through the synchronous calls (calls per
# request, retries on failure); messages are counted apart.

# %%
traffic = service_traffic(design)
sizing_tables.traffic(traffic)

# %% [markdown]
# ## Capacity per service
# Servers from M/M/c queueing math against the latency goal at most 70%
# utilisation, replicas from the workers per replica (at least 2 where an SLO
# applies), HPA bounds from average and peak-with-growth load.

# %%
plan = capacity_plan(design, traffic=traffic)
sizing_tables.capacity(plan)

# %% [markdown]
# ### Replicas as traffic grows
# The same plan at a quarter of today's peak up to ten times it: where a line
# bends up, queueing against the latency goal dominates; flat lines sit on the
# replica floor.

# %%
charts.replicas_vs_traffic(traffic_sweep(design))

# %% [markdown] tags=["widget"]
# ## What if?
# Move the sliders: more traffic, a lower target utilisation, a stricter
# objective, or a less available service; the journey availability and the
# capacity tables follow at once. (Needs a live kernel; the tables above are the
# design as written.)

# %% tags=["widget", "nbval-ignore-output"]
from designkit.widgets.whatif import WhatIfPanel

WhatIfPanel(design).widget

# %% [markdown]
# ### Topics

# %%
sizing_tables.topics(plan)

# %% [markdown]
# ## Cost per month
# Compute at the planned peak replicas (an upper bound), stores by size and
# replication, topics by retained volume, priced with the bundled example
# price sheet (`data/prices/`: edit it, or load your own).

# %%
sizing_tables.cost(cost_report(design, load_price_sheet(default_price_sheet()), plan=plan))

# %% [markdown]
# ## Tracing and logs
# Keep every error and slow trace, and a ratio of the rest sized to a trace
# budget; log volume and what each retention stores.

# %%
sizing_tables.sampling(sampling_plan(design, traffic=traffic))

# %%
sizing_tables.log_retention(log_retention(design, plan=plan))

# %% [markdown]
# ## Telemetry

# %%
tables.observability(design)

# %% [markdown]
# ## Generated rules, dashboards and SLO documents
# Prometheus recording rules and multiwindow burn-rate alerts per SLO, a RED
# dashboard per service (Grafana JSON), and OpenSLO v1 documents.

# %%
observability_docs = generate(design, ["prometheus", "grafana", "openslo"])
artifacts.documents_table(observability_docs)

# %% tags=["remove"]
artifacts.preview(observability_docs, "the design", limit=3)

# %% [markdown]
# ### What the validators said
# `promtool check rules` for the Prometheus rules, the OpenSLO v1 schema, and
# the structure Grafana's dashboard import needs.

# %%
artifacts.validation_summary(validate_documents(observability_docs))

# %% [markdown]
# ### Written

# %%
write_artifacts(observability_docs, artifacts_dir, design_path)

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 6))
