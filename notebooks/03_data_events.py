# %% [markdown]
# # Phase 3: Data architecture and event-driven design
#
# **Session: 1.5-2 h.** Give every service its own data, design the events and
# the topics that carry them, and make cross-service transactions safe.
#
# Agenda: database per service (30 min), events and topics (30 min), sagas
# (30 min), consistency and read models (20 min). Every table below is derived
# from the design file: change the file, re-run, and the tables follow.

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"

# %%
import pandas as pd

import designkit
from designkit.analysis import (
    consistency,
    data_architecture,
    erd,
    event_catalog,
    migrations,
    read_models,
    saga_flow,
    saga_simulation,
    sagas,
    topics,
)
from designkit.analysis.checklist import checklist
from designkit.phases import phase
from designkit.render import data_tables, event_tables, html, saga_tables, tables
from designkit.render.erd import erd_gallery
from designkit.render.sequence import sequence_gallery

pd.set_option("display.max_colwidth", None)  # the reasons are sentences: show them whole
design = designkit.load(design_path)
html.phase_card(phase(3))

# %% [markdown]
# ## 1. Database per service
# Each service owns its data: nobody else reads or writes its store, they ask
# its API or listen to its events. Start from the stores the design lists.

# %%
tables.stores(design)

# %% [markdown]
# ### Technology per service, and why
# For each store: its data model and consistency, and the access pattern the
# use cases put on the entities it keeps (reads and writes a day). *review*
# marks a technology that does not fit its purpose, a consistency weaker than
# the entities need, or a single primary that takes very many writes. Ask the
# owning team whether the reason holds.

# %%
data_tables.store_choices(data_architecture.store_choices(design))

# %% [markdown]
# ### Who uses which store
# R/W/RW: how a service uses a store; `*` marks the owner. A second writer
# is a shared database; a reader that is not the owner depends on a private
# schema.

# %%
tables.ownership_matrix(design)

# %% [markdown]
# ### Shared databases and foreign ownership
# The anti-pattern rules for shared persistence and foreign store access,
# plus stores nobody owns and entities with two sources of truth.

# %%
data_tables.findings(
    data_architecture.data_findings(design), none="Every store has one owner and one writer."
)

# %% [markdown]
# ### Entity-relationship diagram per service
# The entities each service keeps, with their attributes (the key in bold,
# sensitive classifications on the right) and relations: a filled diamond is
# composition, a hollow one aggregation, `*` the many side. Dashed boxes are
# kept by another service: across services a relation is an id, never a
# foreign key.

# %%
erd_gallery(erd.erds(design))

# %% [markdown]
# ### Migration strategy per store
# How a schema or data change reaches production without downtime:
# expand/contract for a store with one owner, a dual write with a cut-over
# for projections that can be rebuilt, change data capture to split a shared
# store or to move data out of a legacy system.

# %%
data_tables.migrations(migrations.migrations(design))

# %%
data_tables.migration_steps()

# %% [markdown]
# ## 2. Event catalog
# Every event version with its producers, consumers, topic, ordering key and
# schema (`?` marks an optional field, brackets a classification). The key
# must be a field of the event, or its producer cannot key it.

# %%
event_tables.event_catalog(event_catalog.event_catalog(design))

# %% [markdown]
# ### Schema evolution
# Each version against the previous one under the mode it promises
# (Confluent Schema Registry semantics): *backward* lets consumers upgrade
# first, *forward* producers, *full* either.

# %%
event_tables.evolution(event_catalog.version_checks(design))

# %%
data_tables.findings(event_catalog.event_findings(design), none="The event catalog is consistent.")

# %% [markdown]
# ## 3. Topics
# Partitions sized from the peak message throughput (the traffic of the
# journeys, as in phase 6), next to the consumers' parallelism (a replica
# beyond the partition count gets no partition) and what is configured;
# replication with `min.insync.replicas`, retention and the storage it takes
# at peak (an upper bound). The traffic model counts the messages a request
# causes, not the replies a saga sends back, so reply topics can show 0.
# Order holds only per key: two events of one order stay in sequence, two
# orders do not.

# %%
event_tables.topic_plans(topics.topic_plans(design))

# %% [markdown]
# ### Consumers: retries, dead letters, idempotency, ordering
# Brokers deliver at least once, so every consumer needs an idempotency key;
# after its retries a message goes to a dead-letter topic, where later
# messages with the same key overtake it.

# %%
event_tables.consumers(topics.consumer_policies(design))

# %% [markdown]
# ### Outbox
# A service that writes its store and publishes needs both in one
# transaction: the event goes to an outbox table and a relay publishes it.
# Without one, a crash between the two loses an event or invents one.

# %%
event_tables.outbox(topics.outbox_checks(design))

# %%
data_tables.findings(topics.messaging_findings(design), none="No messaging problems found.")

# %% [markdown]
# ## 4. Sagas
# Each step's action and the compensation that undoes it; after the pivot
# step a saga only retries forward.

# %%
tables.saga_steps(design)

# %% [markdown]
# ### Sequence diagrams
# Commands solid, replies dashed, events of a choreography blue, local
# transactions as loops. Below the pivot line, in red, the compensations that
# run, last step first, when the pivot fails.

# %%
sequence_gallery(saga_flow.flows(design))

# %% [markdown]
# ### What each participant sees
# The commands and events each service of a saga receives from the others
# and sends to them: the contract each team has to honour.

# %%
saga_tables.participants(saga_flow.participants(design))

# %% [markdown]
# ### Saga validator
# Missing or non-idempotent compensations, steps after the pivot that cannot
# retry, missing timeouts and timeout budgets, choreographies that loop,
# steps nothing carries, and orchestrators that are not backend services.

# %%
data_tables.findings(sagas.saga_findings(design), none="Every saga passes the validator.")

# %% [markdown]
# ### Failure simulation
# A failure at each step in turn: which compensations run, in order, and
# where the saga ends: compensated, completed forward (past the pivot), or
# stuck, with the reason. Walk the room through the stuck rows.

# %%
saga_tables.simulation(saga_simulation.simulate_all(design))

# %% [markdown]
# ## 5. Consistency
# Every interaction between two services: strong (a call to the owner),
# eventual (through a topic, or a call answered from a projection) or
# read-your-writes (a projection the same client also writes to).

# %%
links = consistency.interactions(design)
data_tables.consistency_summary(links)

# %%
data_tables.consistency(links)

# %%
data_tables.findings(
    consistency.consistency_findings(design),
    none="Every chosen consistency is one its link can give.",
)

# %% [markdown]
# ### CQRS read models and event logs
# Query-side copies kept up to date by events, the read-model stickies of the
# event-storming board they implement, and whether a replay can rebuild them.

# %%
data_tables.read_models(read_models.read_models(design))

# %%
data_tables.event_logs(read_models.event_logs(design))

# %% [markdown]
# ### Trade-offs
# What each choice gains and costs, and where the design makes it: the text
# for the report's data section.

# %%
data_tables.tradeoffs(read_models.tradeoffs(design))

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 3))
