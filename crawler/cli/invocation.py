"""How the user started provcrawl, so the commands we suggest run when pasted where they stand.

`provcrawl` is only a command when its venv is on PATH; the quick start never activates it, so a
suggestion reads `.venv/bin/provcrawl …` there, and `python -m crawler …` when run that way.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path


def _as_typed(path: Path) -> str:
    """Relative to the working directory when below it (shorter, and what the user typed), else absolute."""
    path = path.absolute()
    try:
        rel = path.relative_to(Path.cwd())
    except ValueError:
        return str(path)
    return str(rel) if rel.parent != Path(".") else f"./{rel}"


def command_prefix(argv0: str | None = None) -> str:
    """The shell words that start provcrawl again from the current directory, e.g. ``.venv/bin/provcrawl``."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    if not argv0 or Path(argv0).name == "__main__.py":  # python -m crawler
        return f"{shlex.quote(_as_typed(Path(sys.executable)))} -m crawler"
    script = Path(argv0)
    on_path = shutil.which(script.name)
    if on_path and script.exists() and os.path.samefile(on_path, script):
        return shlex.quote(script.name)
    if not script.exists():
        return "provcrawl"
    return shlex.quote(_as_typed(script))


def archive_options(data_dir: Path, db: str | None) -> str:
    """``--data-dir`` (and ``--db`` as the user gave it on the command line) for a printed next command:
    without them a pasted command would open another archive. A ``--db`` that came from PROVCRAWL_DB is
    left to the environment that holds it."""
    words = f"--data-dir {shlex.quote(str(data_dir))}"
    if db and db != os.environ.get("PROVCRAWL_DB"):
        words += f" --db {shlex.quote(db)}"
    return words
