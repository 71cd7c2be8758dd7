"""The report: every phase notebook run against a design, exported offline."""

from __future__ import annotations

import re

import nbformat
import pytest

from designkit.cli import main
from designkit.export.report import ReportError, ReportOptions, build_report, combine
from designkit.phases import PHASES, phase
from tests.conftest import FIXTURES

pytestmark = pytest.mark.report


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The small design with a hostile title, run through every phase."""
    folder = tmp_path_factory.mktemp("report")
    design = folder / "shop.yaml"
    text = (FIXTURES / "small-shop.yaml").read_text()
    text = text.replace("title: Small <b>shop</b>", f"title: Small {XSS} shop")
    text = text.replace("  - name: order\n", f"  - name: order\n    description: '{XSS}'\n", 1)
    design.write_text(text)
    result = build_report(ReportOptions(design=design, out=folder / "out", progress=False))
    return folder / "out", result


XSS = "<img src=x onerror=alert(1)>"


def _stub_notebooks(folder, bodies):
    """Write one-cell phase notebooks (after a parameters cell) into ``folder``."""
    folder.mkdir(exist_ok=True)
    for number, body in bodies.items():
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "language": "python",
            "display_name": "Python 3",
        }
        nb.cells = [
            nbformat.v4.new_code_cell("design_path = ''", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(body),
        ]
        nbformat.write(nb, folder / phase(number).notebook)
    return folder


def test_every_phase_notebook_is_executed(report):
    out, result = report
    for p in PHASES:
        nb = nbformat.read(out / "notebooks" / p.notebook, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.execution_count for c in code), p.notebook
        assert any("injected-parameters" in c.metadata.get("tags", []) for c in code)
    steps = {"report.pdf", "artifacts", "kernel helper ready", "kernel helper ready (validators)"}
    assert set(result.seconds) == {p.notebook for p in PHASES} | steps


def test_artifacts_are_written(report):
    out, result = report
    artifacts = out / "artifacts"
    for expected in (
        "kubernetes/base/kustomization.yaml",
        "openapi/order.yaml",
        "prometheus/order.rules.yaml",
    ):
        assert (artifacts / expected).is_file(), expected
    assert sum(p.is_relative_to(artifacts) for p in result.written) > 20


def test_html_is_offline_and_has_every_phase(report):
    out, _ = report
    html = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html), "no external scripts"
    assert not re.search(r"<link[^>]+href=\"?https?:", html), "no external styles"
    assert "cdnjs" not in html and "mathjax" not in html.lower()
    for p in PHASES:
        assert f'id="phase-{p.number}"' in html
    assert "Success criteria" in html
    assert "<svg" in html or "data:image/svg+xml" in html  # the dependency graph


def test_user_text_is_escaped_on_the_title_page(report):
    out, _ = report
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_code_and_widgets_are_hidden(report):
    out, _ = report
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "import designkit" not in html
    assert "RequirementsForm" not in html


def test_invalid_design_is_refused_before_running(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: {name: x}\nservices: [{name: a, team: nobody}]\n")
    assert main(["report", str(bad), "--out", str(tmp_path / "out"), "--no-progress"]) == 1
    assert not (tmp_path / "out").exists()


def test_failing_phase_names_notebook_and_cell(tmp_path):
    notebooks = _stub_notebooks(tmp_path / "nbs", {0: "1 / 0"})
    options = ReportOptions(
        design=FIXTURES / "small-shop.yaml",
        out=tmp_path / "out",
        phases=["0"],
        progress=False,
        notebooks=notebooks,
    )
    with pytest.raises(
        ReportError,
        match=r"00_setup_requirements.ipynb: cell \d+ .*"
        r"ZeroDivisionError",
    ):
        build_report(options)
    assert (tmp_path / "out" / "notebooks" / phase(0).notebook).exists()  # kept for debugging


def test_unknown_phase_is_an_error(tmp_path):
    options = ReportOptions(
        design=FIXTURES / "small-shop.yaml", out=tmp_path, phases=["12"], progress=False
    )
    with pytest.raises(ReportError, match="no phase"):
        build_report(options)


def test_combine_drops_hidden_cells_and_leaves_inputs_alone():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("form", metadata={"tags": ["widget"]}),
        nbformat.v4.new_code_cell(
            "table", outputs=[nbformat.v4.new_output("stream", name="stdout", text="t")]
        ),
        nbformat.v4.new_code_cell("x = 2"),  # no output: nothing to show
    ]
    before = nbformat.writes(nb)
    report = combine([(phase(0), nb)], {"title": "T"})
    assert [c.source for c in report.cells] == ['<a id="phase-0"></a>\n\n# Title', "table"]
    assert "dk-phase-start" in report.cells[0].metadata["tags"]
    assert nbformat.writes(nb) == before
    assert report.metadata["designkit"]["contents"] == [
        {
            "anchor": "phase-0",
            "title": "0. Workshop set-up and requirements",
            "heading": "Title",
            "part": 0,
            "running": "Phase 0: Workshop set-up and requirements",
        }
    ]
    assert {c.metadata["dk_part"] for c in report.cells} == {0}


def test_glance_comes_first_and_is_in_the_contents(report):
    out, _ = report
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.index('id="glance"') < html.index('id="phase-0"')
    assert 'href="#glance"' in html


# --- the PDF, checked the way a reader meets it -------------------------------------------


def test_pdf_has_every_phase_and_no_blank_pages(report):
    import pypdfium2 as pdfium

    out, result = report
    assert out / "report.pdf" in result.written
    pdf = pdfium.PdfDocument(out / "report.pdf")
    assert len(pdf) >= 10
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for p in PHASES:
        assert p.title in text, p.title
    assert "The design at a glance" in text
    assert XSS in " ".join(text.split())  # user text printed as text
    for index in sorted({0, 1, 2, len(pdf) // 2, len(pdf) - 1}):
        image = pdf[index].render(scale=0.5).to_pil().convert("L")
        lo, hi = image.getextrema()
        assert hi - lo > 100, f"page {index + 1} looks blank"


# --- the HTML in a real browser, offline -------------------------------------------------


def test_html_in_chromium_offline_no_errors_and_escaped(report):
    import os

    from playwright.sync_api import sync_playwright

    from designkit.export.pdf import find_chromium

    out, _ = report
    browser_path = find_chromium()
    assert browser_path, "Chromium is installed by the set-up command"
    requests, errors, dialogs = [], [], []
    with sync_playwright() as pw:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        browser = pw.chromium.launch(executable_path=browser_path, args=args)
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto((out / "report.html").as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        title = page.locator(".dk-title").inner_text()
        graphs = page.locator("svg[role=img], img[src^='data:image/svg+xml']").count()
        catalog = page.locator("td", has_text="<img src=x onerror=alert(1)>").count()
        browser.close()
    assert errors == []
    assert dialogs == []
    assert {u.split(":", 1)[0] for u in requests} <= {"file", "data"}, requests
    assert "<img src=x onerror=alert(1)>" in title
    assert graphs >= 2  # at a glance and in phase 1
    assert catalog >= 1


def test_parallel_run_keeps_phase_order_and_reports_the_earliest_failure(tmp_path):
    notebooks = _stub_notebooks(
        tmp_path / "nbs", {n: f"raise RuntimeError('boom {n}')" if n else "x = 1" for n in range(3)}
    )
    options = ReportOptions(
        design=FIXTURES / "small-shop.yaml",
        out=tmp_path / "out",
        phases=["0", "1", "2"],
        progress=False,
        notebooks=notebooks,
        jobs=2,
    )
    with pytest.raises(ReportError, match=r"01_decomposition_domain.ipynb: .*boom 1"):
        build_report(options)


def test_running_notebooks_leaves_the_working_directory_alone(tmp_path):
    import os

    before = os.getcwd()
    notebooks = _stub_notebooks(
        tmp_path / "nbs", dict.fromkeys(range(4), "import os; print(os.getcwd())")
    )
    options = ReportOptions(
        design=FIXTURES / "small-shop.yaml",
        out=tmp_path / "out",
        phases=["0", "1", "2", "3"],
        progress=False,
        notebooks=notebooks,
        jobs=4,
        formats=["html"],
    )
    build_report(options)
    assert os.getcwd() == before
    ran = nbformat.read(tmp_path / "out" / "notebooks" / PHASES[0].notebook, as_version=4)
    assert ran.cells[-1].outputs[0]["text"].strip() == str(notebooks)  # kernel cwd
