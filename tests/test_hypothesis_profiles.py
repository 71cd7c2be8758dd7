"""Hypothesis profiles: derandomized in CI (set by .ci/run), free exploration locally."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import settings

from tests.conftest import ROOT

PROBE = """
from hypothesis import given, strategies as st
SEEN = []
@given(st.floats(0, 1e6))
def test_probe(x):
    SEEN.append(repr(x))
def test_zz_print():
    print("SEEN", ",".join(SEEN[:20]))
"""


def test_ci_profile_is_derandomized_without_database_or_deadline():
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.database is None and ci.deadline is None
    dev = settings.get_profile("dev")
    assert not dev.derandomize and dev.deadline is None and dev.max_examples >= 100


def test_the_profile_follows_the_environment_variable():
    expected = os.environ.get("HYPOTHESIS_PROFILE") or "dev"
    assert settings.default == settings.get_profile(expected)


def test_ci_run_selects_the_ci_profile():
    script = (ROOT / ".ci" / "run").read_text()
    assert "export HYPOTHESIS_PROFILE=ci" in script
    assert script.index("export HYPOTHESIS_PROFILE=ci") < script.index("make test")


def _drawn(tmp_path, profile):
    probe = tmp_path / "test_probe.py"
    probe.write_text(PROBE)
    (tmp_path / "conftest.py").write_text((ROOT / "conftest.py").read_text())
    env = {**os.environ, "HYPOTHESIS_PROFILE": profile}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:cloudcoil",
            "-c",
            os.devnull,
            "--rootdir",
            str(tmp_path),
            str(probe),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout
    return next(line for line in out.splitlines() if "SEEN" in line)


def test_ci_draws_the_same_examples_every_run(tmp_path):
    assert _drawn(tmp_path, "ci") == _drawn(tmp_path, "ci")


def test_dev_explores_new_examples(tmp_path):
    assert _drawn(tmp_path, "dev") != _drawn(tmp_path, "dev")
