"""Previews of generated documents for notebooks and the report: collapsed, escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

from ..generate.registry import Document
from ..generate.write import render
from .html import Html

__all__ = ["documents_table", "preview"]


def documents_table(docs: Sequence[Document]) -> pd.DataFrame:
    """One row per generated document: path, format and size."""
    rows = [
        {"Document": d.path, "Format": d.format, "Lines": render(d, "design").count("\n")}
        for d in docs
    ]
    return pd.DataFrame(rows, columns=["Document", "Format", "Lines"]).set_index("Document")


def preview(docs: Sequence[Document], source: str, *, limit: int = 12) -> Html:
    """Each document's text in a collapsed block (the first ``limit`` documents)."""
    blocks = [
        f"<details><summary><code>{escape(d.path)}</code></summary>"
        f'<pre style="max-height:30em;overflow:auto">{escape(render(d, source))}</pre>'
        "</details>"
        for d in docs[:limit]
    ]
    more = f"<p>... and {len(docs) - limit} more documents.</p>" if len(docs) > limit else ""
    return Html("".join(blocks) + more)
