"""Phase 0: a form that edits the design's requirements and saves them.

The logic lives in :func:`apply_values` (a pure function, thoroughly tested);
the form only collects values, calls it and reports the outcome.
"""

from __future__ import annotations

import os
from typing import Any

import ipywidgets as w

from ..model import Design, Requirements
from ._save import DesignSaver

__all__ = ["AVAILABILITY_CHOICES", "RequirementsForm", "apply_values", "form_values"]

AVAILABILITY_CHOICES = (0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999)
COMPLIANCE = ("pci-dss", "hipaa", "gdpr", "sox", "iso-27001", "soc2")


def form_values(req: Requirements) -> dict[str, Any]:
    """The flat values a form shows for ``req``.

    Examples
    --------
    >>> form_values(Requirements())["availability"]
    0.999
    """
    return {
        "kind": req.kind,
        "peak_rps": req.traffic.peak_rps,
        "growth_per_year": req.traffic.growth_per_year,
        "read_ratio": req.traffic.read_ratio,
        "percentile": req.latency.percentile,
        "threshold_ms": req.latency.threshold_ms,
        "availability": req.availability,
        "compliance": tuple(req.compliance),
        "budget_monthly": req.budget.monthly if req.budget else 0.0,
        "currency": req.budget.currency if req.budget else "USD",
        "domain_complexity": req.domain_complexity,
        "mvp": req.mvp,
        "constraints": "\n".join(req.constraints),
    }


def apply_values(req: Requirements, values: dict[str, Any]) -> Requirements:
    """A new, validated Requirements: ``req`` with the form's ``values`` applied.

    Fields the form does not show (capabilities, ...) are kept as they were. A
    budget of 0 means "no budget stated". Raises pydantic's ValidationError for
    values out of range; ``req`` itself is never modified.

    Examples
    --------
    >>> new = apply_values(Requirements(), {"peak_rps": 500, "compliance": ["gdpr"]})
    >>> new.traffic.peak_rps, new.compliance
    (500.0, ['gdpr'])
    """
    data = req.model_dump(exclude_unset=True)
    v = {**form_values(req), **values}
    data["kind"] = v["kind"]
    data["traffic"] = {
        **data.get("traffic", {}),
        "peak_rps": v["peak_rps"],
        "growth_per_year": v["growth_per_year"],
        "read_ratio": v["read_ratio"],
    }
    data["latency"] = {"percentile": v["percentile"], "threshold_ms": v["threshold_ms"]}
    data["availability"] = v["availability"]
    data["compliance"] = sorted(set(v["compliance"]), key=COMPLIANCE.index)
    if v["budget_monthly"]:
        data["budget"] = {"monthly": v["budget_monthly"], "currency": v["currency"] or "USD"}
    else:
        data.pop("budget", None)
    data["domain_complexity"] = v["domain_complexity"]
    data["mvp"] = bool(v["mvp"])
    data["constraints"] = [
        line.strip() for line in str(v["constraints"]).splitlines() if line.strip()
    ]
    return Requirements.model_validate(data)


class RequirementsForm:
    """Edit ``design.requirements``; "Apply" updates the model, "Save" also writes the file."""

    def __init__(self, design: Design, path: str | os.PathLike[str] | None = None) -> None:
        self.design = design
        self.path = path
        self._saver = DesignSaver(design, path) if path is not None else None
        v = form_values(design.requirements)
        style = {"description_width": "11em"}
        layout = w.Layout(width="30em")
        self.controls: dict[str, w.ValueWidget] = {
            "kind": w.ToggleButtons(
                options=["greenfield", "migration"],
                value=v["kind"],
                description="Kind",
                style=style,
            ),
            "peak_rps": w.BoundedFloatText(
                value=v["peak_rps"],
                min=0.001,
                max=1e9,
                description="Peak req/s",
                style=style,
                layout=layout,
            ),
            "growth_per_year": w.BoundedFloatText(
                value=v["growth_per_year"],
                min=0,
                max=100,
                step=0.1,
                description="Growth per year",
                style=style,
                layout=layout,
            ),
            "read_ratio": w.FloatSlider(
                value=v["read_ratio"],
                min=0,
                max=1,
                step=0.05,
                description="Read share",
                style=style,
                layout=layout,
            ),
            "percentile": w.Dropdown(
                options=[50.0, 90.0, 95.0, 99.0, 99.9],
                value=v["percentile"]
                if v["percentile"] in (50.0, 90.0, 95.0, 99.0, 99.9)
                else 95.0,
                description="Latency percentile",
                style=style,
                layout=layout,
            ),
            "threshold_ms": w.BoundedFloatText(
                value=v["threshold_ms"],
                min=0.001,
                max=1e6,
                description="Latency ms",
                style=style,
                layout=layout,
            ),
            "availability": w.Dropdown(
                options=[
                    (f"{a:.3%}", a) for a in sorted({*AVAILABILITY_CHOICES, v["availability"]})
                ],
                value=v["availability"],
                description="Availability",
                style=style,
                layout=layout,
            ),
            "compliance": w.SelectMultiple(
                options=list(COMPLIANCE),
                value=v["compliance"],
                description="Compliance",
                style=style,
                layout=layout,
                rows=len(COMPLIANCE),
            ),
            "budget_monthly": w.BoundedFloatText(
                value=v["budget_monthly"],
                min=0,
                max=1e12,
                description="Budget / month",
                style=style,
                layout=layout,
            ),
            "currency": w.Text(
                value=v["currency"], description="Currency", style=style, layout=layout
            ),
            "domain_complexity": w.Dropdown(
                options=["low", "medium", "high"],
                value=v["domain_complexity"],
                description="Domain complexity",
                style=style,
                layout=layout,
            ),
            "mvp": w.Checkbox(value=v["mvp"], description="MVP stage", style=style),
            "constraints": w.Textarea(
                value=v["constraints"],
                description="Constraints",
                placeholder="one per line",
                style=style,
                layout=w.Layout(width="40em", height="6em"),
            ),
        }
        self.apply_button = w.Button(description="Apply", icon="check")
        self.save_button = w.Button(
            description="Save to file", icon="save", button_style="primary", disabled=path is None
        )
        self.status = w.HTML()
        self.apply_button.on_click(lambda _b: self.apply())
        self.save_button.on_click(lambda _b: self.save())
        self.widget = w.VBox(
            [*self.controls.values(), w.HBox([self.apply_button, self.save_button]), self.status]
        )

    def values(self) -> dict[str, Any]:
        """The values currently in the controls."""
        return {name: control.value for name, control in self.controls.items()}

    def apply(self) -> bool:
        """Put the form's values into the design; show what went wrong if they are invalid."""
        from pydantic import ValidationError

        try:
            self.design.requirements = apply_values(self.design.requirements, self.values())
        except ValidationError as exc:
            lines = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
            self._say("Not applied: " + "; ".join(lines), ok=False)
            return False
        self._say("Applied to the design (not yet saved).", ok=True)
        return True

    def save(self) -> bool:
        """Apply, then save the design to ``path`` atomically."""
        if self.path is None or not self.apply():
            return False
        if self._saver is None or self._saver.path != self.path:
            self._saver = DesignSaver(self.design, self.path)
        design, error, note = self._saver.save(self.design)
        if error:
            self._say(error, ok=False)
            return False
        self.design = design
        name = os.path.basename(self.path)
        self._say(f"Saved to {name}" + (f" ({note})." if note else "."), ok=True)
        return True

    def _say(self, text: str, *, ok: bool) -> None:
        from html import escape

        colour = "#2e7d32" if ok else "#c62828"
        self.status.value = f'<span style="color:{colour}">{escape(text)}</span>'

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
