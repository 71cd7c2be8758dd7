"""Objects shown in a widget's output look as they do in a cell's output."""

from __future__ import annotations

from types import SimpleNamespace

import ipywidgets as w
import pandas as pd
from IPython.core.formatters import DisplayFormatter

from designkit.render.table_html import table_html
from designkit.widgets._output import show


def test_show_uses_what_the_running_shell_registered(monkeypatch):
    """A DataFrame in a what-if or decomposition widget is designkit's table, not pandas'."""
    import IPython

    formatter = DisplayFormatter()
    formatter.formatters["text/html"].for_type(pd.DataFrame, table_html)
    monkeypatch.setattr(
        IPython, "get_ipython", lambda: SimpleNamespace(display_formatter=formatter)
    )
    frame = pd.DataFrame({"why": ["a sentence " * 10], "timeout ms": [float("nan")]})
    out = w.Output()
    show(out, frame)
    html = out.outputs[0]["data"]["text/html"]
    assert "dk-table" in html and "a sentence " * 10 in html and "NaN" not in html


def test_show_outside_a_shell_uses_the_defaults(monkeypatch):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    out = w.Output()
    show(out, pd.DataFrame({"a": [1]}))
    assert 'class="dataframe"' in out.outputs[0]["data"]["text/html"]
