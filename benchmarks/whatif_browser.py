"""How fast the what-if tables follow a slider in a real browser (JupyterLab + Chromium).

Starts JupyterLab on a workshop folder for a design (default: the test suite's
small shop), runs notebook 06 in the system Chromium (playwright), drags the
traffic slider's handle in steps and times each step from the mouse move to
the tables changing on the page. The floor, measured in the same run, is the
panel's own update in this process (evaluate + render, no browser or kernel
messaging); the difference is what JupyterLab, the widget protocol and the
browser add. Target: under 200 ms per step. Slow (a minute or two); not part
of ``run_all.py``'s default set.

    python benchmarks/whatif_browser.py [--design FILE] [--steps N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.lab import browser, open_notebook, run_all, running_lab  # noqa: E402
from tests.browser.test_lab import labelled, measure_latency  # noqa: E402

import designkit  # noqa: E402
from designkit.export.workshop import prepare_workshop  # noqa: E402
from designkit.widgets.whatif import WhatIfPanel  # noqa: E402


def floor_ms(design_path: Path, steps: int) -> float:
    """Median in-process update of the what-if panel for one traffic step."""
    panel = WhatIfPanel(designkit.load(design_path))
    times = []
    for i in range(steps):
        start = time.perf_counter()
        panel.traffic.value = 1.0 + (i + 1) / 10
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--design", type=Path, default=ROOT / "tests/fixtures/small-shop.yaml")
    parser.add_argument("--steps", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        design = root / args.design.name
        shutil.copy(args.design, design)
        folder = root / "workshop"
        prepare_workshop(design, folder)
        (root / "lab").mkdir()
        with running_lab(folder, root / "lab") as lab, browser(lab) as page:
            open_notebook(page, lab, "06_observability_slo.ipynb", "bench")
            run_all(page, lab)
            slider = labelled(page, "widget-slider", "Traffic multiplier")
            out = page.locator(".widget-vbox", has=slider).first.locator(".widget-output").first
            slider.scroll_into_view_if_needed()
            figures = measure_latency(page, slider.locator(".noUi-handle").first, out, args.steps)
            errors = list(lab.errors)
    floor = floor_ms(args.design, args.steps)
    median = statistics.median(figures)
    print(f"what-if slider in JupyterLab ({args.design.name}, {args.steps} drag steps)")
    print(
        f"  browser, move -> tables changed: median {median:.0f} ms, "
        f"min {min(figures):.0f}, max {max(figures):.0f}  (target < 200 ms)"
    )
    print(f"  floor, panel update in-process:  median {floor:.0f} ms")
    print(f"  added by kernel messaging + browser: {median - floor:.0f} ms")
    if errors:
        print(f"  browser console errors: {errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
