"""Every script in bench/ still imports what it uses: they run rarely, by hand, so a module moved in
crawler/ would otherwise break them unnoticed (bench/paywall_model.py did when blocked-page detection
moved to paywall/blocked.py)."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
# scripts that do their work at import (argparse at module level): checked through --help instead
RUN_AT_IMPORT = {"resume_trials.py"}
SCRIPTS = sorted(p.name for p in BENCH.glob("*.py"))


@pytest.mark.parametrize("name", [n for n in SCRIPTS if n not in RUN_AT_IMPORT])
def test_a_bench_script_imports(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    runpy.run_path(str(BENCH / name), run_name="bench_import_check")  # its main() does not run


@pytest.mark.parametrize("name", sorted(RUN_AT_IMPORT))
def test_a_script_that_runs_at_import_answers_help(name: str) -> None:
    done = subprocess.run([sys.executable, str(BENCH / name), "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "usage" in done.stdout, done.stderr
