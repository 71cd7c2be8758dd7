"""Phase 6: what-if sliders; the capacity and availability tables and the burn chart follow at once.

The panel only collects knob values into a :class:`~designkit.analysis.whatif.Scenario`
and re-renders what :func:`~designkit.analysis.whatif.evaluate` returns.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..analysis.whatif import Scenario, WhatIf, evaluate
from ..model import Design
from ..render import charts, sizing_tables
from ._output import show

__all__ = ["OBJECTIVES", "WhatIfPanel"]

OBJECTIVES = (0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99995, 0.99999)


class WhatIfPanel:
    """Sliders for traffic, utilisation, the availability objective and one service."""

    def __init__(self, design: Design) -> None:
        self.design = design
        style = {"description_width": "14em"}
        layout = w.Layout(width="42em")
        objective = design.requirements.availability
        self.traffic = w.FloatLogSlider(
            value=1.0,
            base=10,
            min=-1,
            max=1,
            step=0.05,
            description="Traffic multiplier",
            style=style,
            layout=layout,
            readout_format=".2f",
        )
        self.utilization = w.FloatSlider(
            value=0.7,
            min=0.3,
            max=0.95,
            step=0.05,
            description="Target utilisation",
            style=style,
            layout=layout,
        )
        self.objective = w.SelectionSlider(
            options=[(f"{o:.3%}", o) for o in sorted({*OBJECTIVES, objective})],
            value=objective,
            description="Availability objective",
            style=style,
            layout=layout,
        )
        names = [s.name for s in design.services]
        self.service = w.Dropdown(
            options=["(none)", *names], value="(none)", description="Change a service", style=style
        )
        self.service_availability = w.SelectionSlider(
            options=[(f"{o:.3%}", o) for o in OBJECTIVES],
            value=0.999,
            description="its availability",
            style=style,
            layout=layout,
        )
        self.output = w.Output()
        self.result: WhatIf | None = None
        # The burn chart depends on the objective only; drawing it is most of an
        # update's time, so a traffic or utilisation slider reuses it.
        self._charts: dict[float, Any] = {}
        for control in (
            self.traffic,
            self.utilization,
            self.objective,
            self.service,
            self.service_availability,
        ):
            control.observe(lambda _change: self.update(), names="value")
        self.widget = w.VBox(
            [
                self.traffic,
                self.utilization,
                self.objective,
                w.HBox([self.service, self.service_availability]),
                self.output,
            ]
        )
        self.update()

    def scenario(self) -> Scenario:
        """The knobs' current values as a scenario."""
        changed = {}
        if self.service.value != "(none)":
            changed[self.service.value] = self.service_availability.value
        return Scenario(
            traffic_multiplier=self.traffic.value,
            target_utilization=self.utilization.value,
            availability_objective=self.objective.value,
            service_availability=changed,
        )

    def update(self) -> WhatIf:
        """Recompute for the current knobs and re-render the tables."""
        self.result = evaluate(self.design, self.scenario())
        show(
            self.output,
            sizing_tables.journey_availability(self.result.slo),
            self._burn_chart(self.objective.value),
            sizing_tables.capacity(self.result.capacity),
        )
        return self.result

    def _burn_chart(self, objective: float) -> Any:
        if objective not in self._charts:
            self._charts[objective] = charts.budget_burn(objective)
        return self._charts[objective]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
