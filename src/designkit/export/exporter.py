"""The designkit nbconvert exporter: the report template, offline, code hidden.

Registered as the ``designkit`` entry point of ``nbconvert.exporters``, so
``jupyter nbconvert --to designkit notebook.ipynb`` (and JupyterLab's export
menu) use it too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter
from traitlets import default

__all__ = ["TEMPLATES", "DesignReportExporter"]

TEMPLATES = Path(__file__).parent / "templates"


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
