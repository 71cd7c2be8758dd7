# %% [markdown]
# # Phase 4: Service contracts and communication
#
# **Session: 1.5-2 h.** Write down every API and event contract, how it is
# versioned and deprecated, and how consumers keep providers honest.
#
# Agenda: synchronous APIs (40 min), event contracts (30 min), versioning and
# contract testing (30 min).

# %% tags=["parameters"]
design_path = "../data/examples/ecommerce.yaml"
artifacts_dir = "../exports/artifacts"  # "" writes nothing

# %%
import designkit
from designkit.analysis.checklist import checklist
from designkit.phases import phase
from designkit.export.artifacts import write_artifacts
from designkit.generate import generate
from designkit.validators import validate_documents
from designkit.render import artifacts, html, tables

design = designkit.load(design_path)
html.phase_card(phase(4))

# %% [markdown]
# ## Synchronous APIs
# Every endpoint each service offers, with the scopes a caller needs.

# %%
tables.endpoints(design)

# %% [markdown]
# ## Who calls whom, and how
# Protocol per dependency: REST, gRPC, or asynchronous through a topic.

# %%
tables.dependencies(design)

# %% [markdown]
# ## Event contracts
# Events by topic, with their version and compatibility rule.

# %%
tables.events(design)

# %% [markdown]
# ## Versioning at the edge

# %%
tables.routes(design)

# %% [markdown]
# ## Generated contracts
# OpenAPI 3.1 per service, AsyncAPI 3 for the events, a JSON Schema (and Avro
# where chosen) per event version, and the contract-testing and versioning
# plan.

# %%
contract_docs = generate(design, ["openapi", "asyncapi", "schemas", "contract_docs"])
artifacts.documents_table(contract_docs)

# %% tags=["remove"]
artifacts.preview(contract_docs, "the design", limit=4)

# %% [markdown]
# ### What the validators said
# Each document checked by the real validator of its format: openapi-spec-validator for OpenAPI 3.1, the official
# AsyncAPI 3.0.0 JSON Schema, the JSON Schema meta-schema and fastavro for
# event schemas.

# %%
artifacts.validation_summary(validate_documents(contract_docs))

# %% [markdown]
# ### Written
# The same documents on disk (under `artifacts/` in a report), ready to commit
# or apply.

# %%
write_artifacts(contract_docs, artifacts_dir, design_path)

# %% [markdown]
# ## Success criteria of this phase

# %%
html.checklist_card(checklist(design, 4))
