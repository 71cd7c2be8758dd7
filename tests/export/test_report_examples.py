"""Every phase notebook runs unattended against the other bundled designs too.

nbval checks the notebooks' stored outputs on the e-commerce example; this runs
them, as ``designkit report`` does, on banking (99.99%, PCI-DSS/SOX, sagas,
two data centres) and healthcare (HIPAA, PHI), and checks that the phases that
differ most between designs (3 and 7) said what those designs call for.
"""

from __future__ import annotations

import pytest

import designkit
from designkit.export.report import ReportOptions, build_report
from designkit.generate import generate
from designkit.validators import validate_documents
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.report

EXPECTED = {
    "banking": ("instant-transfer", "PCI-DSS", "SOX", "Blast radius", "Compliance"),
    "healthcare": ("HIPAA", "PHI", "Blast radius", "Sagas"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_phase_runs_on_the_example(name: str, tmp_path) -> None:
    out = tmp_path / name
    result = build_report(
        ReportOptions(design=EXAMPLES / f"{name}.yaml", out=out, formats=["html"], progress=False)
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    text = " ".join(html.split())
    for expected in EXPECTED[name]:
        assert expected in text, expected
    assert "Traceback" not in html
    assert len([p for p in result.written if p.suffix == ".ipynb"]) == 9
    # The phases wrote their deliverables where the report said, and they are valid.
    assert (out / "artifacts" / "chaos").is_dir() and (out / "artifacts" / "istio").is_dir()
    checks = validate_documents(generate(designkit.load(EXAMPLES / f"{name}.yaml")))
    assert [c for c in checks if c.status in ("invalid", "skipped")] == []
