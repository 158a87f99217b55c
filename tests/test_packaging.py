"""The package builds without a warning and its wheel ships every data file the code reads."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "spiders", "storage")


def test_the_wheel_builds_without_warnings_and_ships_every_data_file(tmp_path: Path) -> None:
    import setuptools

    if int(setuptools.__version__.split(".")[0]) < 77:
        # building needs the build requirement; fetching it is not a loopback-only test's business
        pytest.skip(f"setuptools {setuptools.__version__} < 77 (pyproject's build requirement) in this venv")
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "__pycache__", "build", "dist", "*.egg-info", "data", "demo-data", ".pytest_cache"))
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "-w", str(tmp_path / "dist"), str(src)], capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    # the build's warnings (setuptools' SetuptoolsDeprecationWarning, BuildBackendWarning, distutils'
    # "warning:"), not pip's remarks about this machine's pip configuration
    warnings = [line for line in out.splitlines() if re.search(r"[a-z]Warning:|^\s*warning:", line)]
    assert not warnings, "\n".join(warnings[:20])
    (wheel,) = (tmp_path / "dist").glob("provcrawl-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    data = {p.relative_to(src).as_posix() for pkg in PACKAGES for p in (src / pkg).rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc")}
    assert data and not data - shipped, sorted(data - shipped)[:10]
    assert not any(name.startswith(("tests/", "bench/")) for name in shipped)
