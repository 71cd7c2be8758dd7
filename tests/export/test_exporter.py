"""The designkit nbconvert exporter: the page HTMLExporter would give, rendered faster."""

from __future__ import annotations

import base64
import copy

import nbformat
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter

from designkit.export.exporter import NO_ALT, DesignReportExporter

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect/></svg>'
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n not really").decode()


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    shown = nbformat.v4.new_code_cell("x")
    shown.outputs = [
        nbformat.v4.new_output("display_data", data={"image/svg+xml": SVG}),
        nbformat.v4.new_output("display_data", data={"image/png": PNG}),
        nbformat.v4.new_output(
            "display_data",
            data={"text/html": '<p>mine</p><img src="a.png" alt="kept"><img src="b.png">'},
        ),
        nbformat.v4.new_output("stream", text="<img src=x onerror=alert(1)>\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\ntext <img src=c.png>"), shown]
    return nb


def test_same_page_as_htmlexporter_after_its_soup_pass():
    """Alternative texts and tabindex as HTMLExporter's BeautifulSoup pass sets them."""
    nb = _notebook()
    ours, _ = DesignReportExporter().from_notebook_node(copy.deepcopy(nb))

    class Reference(DesignReportExporter):
        from_notebook_node = HTMLExporter.from_notebook_node

    theirs, _ = Reference().from_notebook_node(copy.deepcopy(nb))
    mine = BeautifulSoup(ours, "html.parser")
    assert str(mine) == str(BeautifulSoup(theirs, "html.parser"))
    assert [img.get("alt") for img in mine.find_all("img")] == [NO_ALT] * 3 + ["kept", NO_ALT]
    assert len(mine.select("div.jp-OutputArea-output[tabindex='0']")) == 5
    assert "&lt;img src=x onerror=alert(1)&gt;" in ours  # escaped text is left alone
