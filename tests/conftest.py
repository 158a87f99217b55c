from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixture_server import FixtureServer

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("PROVCRAWL_TEST_PG_URL")


@pytest.fixture(scope="session")
def site_server() -> Iterator[FixtureServer]:
    with FixtureServer() as server:
        yield server


def _pg_fresh_url(name: str) -> str:
    """A new, empty PostgreSQL database for one test (dropped and re-created)."""
    from sqlalchemy import create_engine, text

    assert PG_URL
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + "/" + name


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def backend_url(backend: str, tmp_path: Path, node_id: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'provenance.sqlite'}"
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("PROVCRAWL_TEST_PG_URL is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip("PROVCRAWL_TEST_PG_URL not set (CI sets it)")
    import hashlib

    # the checkout in the name: two checkouts testing against one server must not drop each other's DBs
    return _pg_fresh_url("provcrawl_test_" + hashlib.sha1(f"{ROOT}:{node_id}".encode()).hexdigest()[:12])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``sqlite_only`` exercise the CLI, files and formats, not the database: their
    PostgreSQL variant is left out (the database's own behaviour — schema, locking, the log, long
    values, concurrency, search — is tested on both)."""
    kept = [i for i in items if not (i.get_closest_marker("sqlite_only") and "[postgresql" in i.nodeid)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def clone_pg(template_url: str, url: str) -> None:
    """``url``'s database becomes a copy of ``template_url``'s (PostgreSQL's CREATE DATABASE ... TEMPLATE)."""
    from sqlalchemy import create_engine, text

    assert PG_URL
    source, name = template_url.rsplit("/", 1)[1], url.rsplit("/", 1)[1]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d "
                          "AND pid <> pg_backend_pid()"), {"d": source})
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each DB-touching test runs on SQLite and, where a server is available, on PostgreSQL."""
    return backend_url(request.param, tmp_path, request.node.nodeid)


# Commands that only read the database and the WARCs (no reactor, no worker processes, no signals)
# run in the test process through the same entry point, `crawler.cli.main`: a subprocess costs
# a second of imports on a loaded machine, and these are most of the suite's CLI calls. `verify`,
# `prove`, `export` (writes the one file asked for) and `search` (`--reindex` rewrites the index)
# are of that kind too: about 60 calls, a second of CPU each.
# Crawls, snapshots, re-extraction, imports, the demo and servers still run as real processes.
IN_PROCESS = frozenset({"captures", "provenance", "text", "changes", "diff", "cite", "sources", "notifications",
                        "verify", "prove", "export", "search"})


def run_in_process(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    """`provcrawl ARGS` as `main()` runs it: exit status, stdout and stderr as a subprocess gives them."""
    from crawler.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_argv, saved_env = sys.argv, {k: os.environ.pop(k) for k in ("PROVCRAWL_DATA_DIR", "PROVCRAWL_DB")
                                       if k in os.environ}
    sys.argv = ["provcrawl", *cmd[3:]]
    code: int = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved_argv
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(cmd, code, out.getvalue(), err.getvalue())


class Cli:
    """Runs `python -m crawler` in a subprocess, as a user runs `provcrawl` (one reactor a process)."""

    def __init__(self, data_dir: Path, db_url: str | None) -> None:
        self.data_dir = data_dir
        self.db_url = db_url

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'provenance.sqlite'}"

    def run(self, *args: str, check: bool = True, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "crawler", *args]
        if args and args[0] not in ("--help", "--version", "extract") and "--help" not in args:
            cmd += ["--data-dir", str(self.data_dir)]
            if self.db_url:
                cmd += ["--db", self.db_url]
        if args and args[0] in IN_PROCESS:
            proc = run_in_process(cmd)
        else:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            env.pop("PROVCRAWL_DATA_DIR", None)
            env.pop("PROVCRAWL_DB", None)
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)
        if check and proc.returncode != 0:
            raise AssertionError(f"{cmd} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr[-4000:]}")
        return proc

    def json(self, *args: str) -> object:
        return json.loads(self.run(*args, "--json").stdout)


@pytest.fixture
def mutable_site(tmp_path: Path) -> Iterator[tuple[FixtureServer, Path]]:
    """The demo site copied into the test's directory, so the test can edit pages between crawls."""
    from crawler.demo.server import SITE

    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    with FixtureServer(site=site) as server:
        yield server, site


@pytest.fixture
def cli(tmp_path: Path, db_url: str) -> Cli:
    return Cli(tmp_path / "data", None if db_url.startswith("sqlite") else db_url)


@pytest.fixture(scope="module")
def stored_once(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Run some commands once a module and backend, then hand each test its own copy of the result
    (data directory and database): ``stored_once(key, cli, build)`` with ``build(template_cli)``."""
    made: dict[tuple[str, str], Cli] = {}

    def copy(key: str, cli: Cli, build) -> Cli:  # type: ignore[no-untyped-def]
        backend = "sqlite" if cli.db_url is None else "postgresql"
        if (key, backend) not in made:
            where = tmp_path_factory.mktemp(f"{key}-{backend}")
            template = Cli(where / "data", None if backend == "sqlite" else
                           backend_url(backend, where, f"template:{where}"))
            build(template)
            made[key, backend] = template
        template = made[key, backend]
        shutil.copytree(template.data_dir, cli.data_dir)
        if cli.db_url and template.db_url:
            clone_pg(template.db_url, cli.db_url)
        return cli

    return copy


@pytest.fixture(scope="session")
def local_tsa():  # type: ignore[no-untyped-def]
    """A loopback RFC 3161 authority (openssl ts -reply, throw-away CA): see tests/tsa_server.py."""
    from tests.tsa_server import LocalTsa

    with LocalTsa() as tsa:
        yield tsa
