"""Collection rules for the whole repository's test run."""

# Notebook sources (jupytext) are not test modules, and the package's examples/
# and notebooks/ are symlinks to data/examples and notebooks (collected there).
collect_ignore_glob = ["notebooks/*.py", "src/designkit/notebooks", "src/designkit/examples",
                       "scripts/*", "benchmarks/*"]
