"""The designkit nbconvert exporter: the report template, offline, code hidden.

Registered as the ``designkit`` entry point of ``nbconvert.exporters``, so
``jupyter nbconvert --to designkit notebook.ipynb`` (and JupyterLab's export
menu) use it too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from traitlets import default

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["TEMPLATES", "DesignReportExporter"]

TEMPLATES = Path(__file__).parent / "templates"

_FOCUSABLE_DIV = re.compile(
    r'<div ((?:id="[^"]*" )?class="[^"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b)'
)
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)")
NO_ALT = "No description has been provided for this image"
"""The alternative text of an image that has none (nbconvert's words)."""


class DesignReportExporter(HTMLExporter):
    """HTML without code cells, prompts or CDN scripts, with a title page."""

    export_from_notebook = "designkit report"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "designkit"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    def _init_resources(self, resources: dict[str, Any]) -> dict[str, Any]:
        resources = super()._init_resources(resources)
        folder = TEMPLATES / "designkit"
        resources["designkit_css"] = (folder / "report.css").read_text("utf-8")
        resources["designkit_js"] = (folder / "report.js").read_text("utf-8")
        return resources

    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """The report page: HTMLExporter's, without its BeautifulSoup pass.

        HTMLExporter parses and re-serialises the whole page with BeautifulSoup
        to give images without one an alternative text and cell inputs and outputs a
        ``tabindex``: a third of the time of rendering a 2.5 MB report. The
        template writes those tags itself, so two patterns that match only its
        own ``<img`` and cell ``<div`` openings do the same (user text in the
        page is escaped and cannot contain them).
        """
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        html = _IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', html)
        return _FOCUSABLE_DIV.sub(r'<div tabindex="0" \1', html), resources
