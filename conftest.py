"""Collection rules and Hypothesis profiles for the whole repository's test run.

Hypothesis profiles, chosen with the environment variable ``HYPOTHESIS_PROFILE``:

``ci`` (set by ``.ci/run``)
    Derandomized: the examples are a function of each test's source, so a run
    that passed passes again; no example database, no deadline.
``dev`` (the default)
    Explores freely: a new seed each run (Hypothesis' 100 examples), failures kept
    in the local database (``.hypothesis/``) and replayed first next time.
    Every failure it finds becomes an ``@example`` on its test, so CI checks it
    for ever.

Neither profile has a deadline: timing is what benchmarks/ measures, and a
deadline on a shared machine is a flaky test.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Notebook sources (jupytext) are not test modules, and the package's examples/
# and notebooks/ are symlinks to data/examples and notebooks (collected there).
collect_ignore_glob = ["notebooks/*.py", "src/designkit/notebooks", "src/designkit/examples",
                       "scripts/*", "benchmarks/*"]

PROFILE_VARIABLE = "HYPOTHESIS_PROFILE"

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# Parent "default", not the current settings: under CI=true Hypothesis starts
# from its own derandomized "ci" profile, which "dev" must not inherit.
settings.register_profile(
    "dev",
    parent=settings.get_profile("default"),
    derandomize=False,
    deadline=None,
    print_blob=True,
)
settings.load_profile(os.environ.get(PROFILE_VARIABLE) or "dev")
