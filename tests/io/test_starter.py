"""The file ``designkit new`` writes: valid, guiding, and kept readable by later saves."""

from __future__ import annotations

import re

import designkit
from designkit.io import loads
from designkit.io.starter import SECTIONS, starter_text
from designkit.model import Design, Service
from designkit.widgets.requirements import apply_values


def test_the_new_design_validates_and_holds_only_defaults():
    design = loads(starter_text("shop"))
    assert design.metadata.name == "shop"
    assert design == Design.model_validate({"metadata": {"name": "shop"}})


def test_every_section_of_the_model_is_in_the_file_with_the_phase_that_fills_it():
    text = starter_text("shop")
    keys = re.findall(r"^([a-z_]+):", text, flags=re.M)
    assert set(keys) == set(Design.model_fields)
    for key, _empty, number, _holds in SECTIONS:
        comment = text.split(f"\n{key}:")[0].rsplit("\n", 1)[-1]
        assert comment.startswith(f"# Phase {number}:"), (key, comment)


def test_names_are_quoted_safely():
    design = loads(starter_text('a: "b" # c'))
    assert design.metadata.name == 'a: "b" # c'


def test_saving_after_an_edit_keeps_the_guide(tmp_path):
    path = tmp_path / "shop.yaml"
    path.write_text(starter_text("shop"))
    design = designkit.load(path)
    design.services.append(Service(name="cart"))
    design.requirements = apply_values(design.requirements, {"peak_rps": 250})
    designkit.save(design)
    text = path.read_text()
    assert "  traffic:\n    peak_rps: 250.0\n" in text
    for key, _empty, number, _holds in SECTIONS:  # each comment still sits above its section
        assert re.search(rf"^# Phase {number}: [^\n]*\n{key}:", text, flags=re.M), key
    assert "services:\n  - name: cart\n" in text
    assert "# Phase 3: one data store per service." in text
    assert "# availability: 0.999" in text
