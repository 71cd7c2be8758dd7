"""Notebooks: sources in sync, a parameters cell, no logic, outputs stored."""

from __future__ import annotations

import ast

import jupytext
import nbformat
import pytest

from designkit.phases import PHASES
from tests.conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"


@pytest.mark.parametrize("p", PHASES, ids=lambda p: p.notebook)
def test_ipynb_matches_its_jupytext_source(p):
    source = jupytext.read(NOTEBOOKS / p.notebook.replace(".ipynb", ".py"))
    stored = nbformat.read(NOTEBOOKS / p.notebook, as_version=4)
    assert [(c.cell_type, c.source) for c in source.cells] == [
        (c.cell_type, c.source) for c in stored.cells
    ], "run `make notebooks` after editing a notebook source"


@pytest.mark.parametrize("p", PHASES, ids=lambda p: p.notebook)
def test_parameters_cell_defaults_to_the_example(p):
    nb = nbformat.read(NOTEBOOKS / p.notebook, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    lines = params[0].source.strip().splitlines()
    assert lines[0] == 'design_path = "../data/examples/ecommerce.yaml"'
    # Phases that generate deliverables also write them (the report passes its folder).
    assert lines[1:] in ([], ['artifacts_dir = "../exports/artifacts"  # "" writes nothing'])


@pytest.mark.parametrize("p", PHASES, ids=lambda p: p.notebook)
def test_cells_hold_calls_not_logic(p):
    """No function or class definitions, loops or branches in notebooks: that is package code."""
    nb = nbformat.read(NOTEBOOKS / p.notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(
                node,
                ast.FunctionDef
                | ast.ClassDef
                | ast.For
                | ast.While
                | ast.If
                | ast.Lambda
                | ast.ListComp
                | ast.DictComp,
            ), f"{p.notebook}: move this logic into src/designkit: {cell.source[:60]!r}"


@pytest.mark.parametrize("p", PHASES, ids=lambda p: p.notebook)
def test_outputs_are_stored(p):
    nb = nbformat.read(NOTEBOOKS / p.notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    stored = [c for c in code if c.outputs]
    assert len(stored) >= len(code) - 2  # the parameters cell and imports print nothing
