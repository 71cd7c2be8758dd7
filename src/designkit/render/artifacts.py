"""Generated documents for notebooks and the report: lists, previews, validator verdicts.

Everything is escaped; previews are collapsed so a phase reads as decisions first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

import pandas as pd

from ..generate.registry import Document
from ..generate.write import render
from ..validators import Check, summary
from ._frames import noted
from .html import Html

__all__ = ["documents_table", "preview", "validation_summary", "validation_table", "written"]


def documents_table(docs: Sequence[Document]) -> pd.DataFrame:
    """One row per generated document: path, format and size."""
    rows = [
        {"Document": d.path, "Format": d.format, "Lines": render(d, "design").count("\n")}
        for d in docs
    ]
    return noted(pd.DataFrame(rows, columns=["Document", "Format", "Lines"]).set_index("Document"))


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


_VERDICT = {
    "valid": "valid",
    "invalid": "INVALID",
    "skipped": "not checked",
    "not-applicable": "no validator",
}


def validation_table(checks: Sequence[Check], *, limit: int = 3) -> pd.DataFrame:
    """One row per document: the validator that checked it, its verdict and the first problems.

    Problems (or why a check was skipped) are joined with ``; `` up to ``limit``.
    """
    rows = []
    for c in checks:
        shown = "; ".join(c.messages[:limit])
        if len(c.messages) > limit:
            shown += f"; ... {len(c.messages) - limit} more"
        rows.append(
            {
                "Document": c.path,
                "Validator": c.validator,
                "Result": _VERDICT[c.status],
                "Problems": shown,
            }
        )
    return pd.DataFrame(rows, columns=["Document", "Validator", "Result", "Problems"]).set_index(
        "Document"
    )


def validation_summary(checks: Sequence[Check]) -> Html:
    """A one-box verdict: how many documents each validator passed, and what failed.

    Invalid documents are listed with their first problem; skipped validators say
    what to install. Documents with no validator (Markdown, Kustomize patches) are
    counted apart.
    """
    counts = summary(checks)
    by_validator = Counter(c.validator for c in checks if c.status == "valid")
    ok = counts["invalid"] == 0 and counts["skipped"] == 0
    colour = "#2e7d32" if ok else ("#c62828" if counts["invalid"] else "#ef6c00")
    head = (
        f'<b style="color:{colour}">{counts["valid"]} valid, {counts["invalid"]} invalid, '
        f"{counts['skipped']} not checked</b> ({counts['not-applicable']} with no validator)"
    )
    passed = "".join(
        f"<li>{escape(name)}: {n} valid</li>" for name, n in sorted(by_validator.items())
    )
    failed = "".join(
        f"<li><code>{escape(c.path)}</code> ({escape(_VERDICT[c.status])}): "
        f"{escape(c.messages[0] if c.messages else '')}</li>"
        for c in checks
        if c.status in ("invalid", "skipped")
    )
    return Html(
        f'<div style="border:1px solid {colour};border-radius:6px;padding:.5em .8em">{head}'
        f"<ul>{passed}{failed}</ul></div>"
    )


def written(paths: Iterable[Path], root: Path) -> Html:
    """What a write put on disk, by top folder, relative to ``root`` (no machine paths)."""
    folders = Counter(p.relative_to(root).parts[0] for p in paths)
    if not folders:
        return Html("<p>Nothing was written.</p>")
    items = ", ".join(f"<code>{escape(f)}/</code> {n}" for f, n in sorted(folders.items()))
    return Html(f"<p>Wrote {sum(folders.values())} files: {items}.</p>")
