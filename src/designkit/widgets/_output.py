"""Show objects in an ``ipywidgets.Output`` without its capture context.

``with output: display(x)`` relies on the front end (or nbclient's emulation of
it) to route the display messages into the widget; under nbclient/papermill
that emulation occasionally left a notebook waiting forever. Setting the
widget's ``outputs`` directly syncs the same content through the widget's own
state: the same in JupyterLab, in nbclient and in headless tests.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

__all__ = ["show"]


def show(output: w.Output, *objects: Any) -> None:
    """Replace what ``output`` shows with the rich display of each object.

    Examples
    --------
    >>> import ipywidgets as w
    >>> out = w.Output()
    >>> show(out, "a", 2)
    >>> [o["data"]["text/plain"] for o in out.outputs]
    ["'a'", '2']
    """
    from IPython import get_ipython
    from IPython.core.formatters import DisplayFormatter

    # The running shell's formatter: it holds what was registered for a type
    # (designkit's print tables for every DataFrame); a fresh one knows none.
    shell = get_ipython()
    formatter = shell.display_formatter if shell is not None else DisplayFormatter()
    items = []
    for obj in objects:
        data, metadata = formatter.format(obj)
        items.append({"output_type": "display_data", "data": data, "metadata": metadata})
    output.outputs = tuple(items)
