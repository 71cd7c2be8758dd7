import pytest
from pydantic import ValidationError

import designkit
from designkit.model import Requirements
from designkit.widgets.requirements import RequirementsForm, apply_values, form_values


def test_apply_values_keeps_fields_the_form_does_not_show(small_shop):
    before = small_shop.requirements
    new = apply_values(
        before,
        {
            "peak_rps": 900,
            "compliance": ["sox", "gdpr"],
            "budget_monthly": 12000,
            "constraints": " a \n\n b ",
        },
    )
    assert new.traffic.peak_rps == 900
    assert new.compliance == ["gdpr", "sox"]  # canonical order
    assert new.budget.monthly == 12000 and new.budget.currency == "USD"
    assert new.constraints == ["a", "b"]
    assert new.capabilities == before.capabilities
    assert before.traffic.peak_rps == 120  # input untouched


def test_zero_budget_removes_it():
    req = Requirements.model_validate({"budget": {"monthly": 10}})
    assert apply_values(req, {"budget_monthly": 0}).budget is None


def test_round_trip_of_form_values(small_shop):
    req = small_shop.requirements
    assert apply_values(req, form_values(req)) == req


def test_out_of_range_values_are_rejected():
    with pytest.raises(ValidationError):
        apply_values(Requirements(), {"availability": 1.5})


def test_form_applies_and_saves(tmp_path, small_shop):
    path = tmp_path / "d.yaml"
    designkit.save(small_shop, path)
    design = designkit.load(path)
    form = RequirementsForm(design, path)
    form.controls["peak_rps"].value = 777
    form.controls["mvp"].value = True
    form.save_button.click()
    assert "Saved" in form.status.value
    again = designkit.load(path)
    assert again.requirements.traffic.peak_rps == 777 and again.requirements.mvp


def test_form_merges_with_an_edit_saved_elsewhere(tmp_path, small_shop):
    path = tmp_path / "d.yaml"
    designkit.save(small_shop, path)
    form = RequirementsForm(designkit.load(path), path)
    other = designkit.load(path)  # a second kernel
    other.requirements.mvp = True
    designkit.save(other)
    form.controls["threshold_ms"].value = 150
    form.save_button.click()
    assert "merged with an edit saved elsewhere" in form.status.value
    again = designkit.load(path)
    assert again.requirements.latency.threshold_ms == 150 and again.requirements.mvp


def test_form_reports_a_save_that_cannot_be_done(tmp_path, small_shop):
    path = tmp_path / "d.yaml"
    designkit.save(small_shop, path)
    form = RequirementsForm(designkit.load(path), path)
    path.write_text("metadata: {}\n# broken elsewhere\n")
    form.save_button.click()
    assert "Not saved" in form.status.value and "metadata.name" in form.status.value
    assert path.read_text().endswith("# broken elsewhere\n")


def test_form_without_path_cannot_save(small_shop):
    form = RequirementsForm(small_shop)
    assert form.save_button.disabled
    form.controls["threshold_ms"].value = 150
    form.apply_button.click()
    assert small_shop.requirements.latency.threshold_ms == 150
    assert "Applied" in form.status.value
