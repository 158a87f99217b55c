"""`provcrawl web`: the reading room, a read-only browser view of the archive (crawler/web/)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from crawler.cli.common import EXIT_ERROR, CliError, DataDir, DbUrl, Debug, fail, open_db


def web(
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    bind: Annotated[str, typer.Option("--bind", help="Address to listen on (default loopback only; any other "
                                      "address needs --token).")] = "127.0.0.1",
    token: Annotated[Optional[str], typer.Option("--token", envvar="PROVCRAWL_WEB_TOKEN", show_envvar=True,
                                                 help="Require this token on every request (?token= once, "
                                                 "or Authorization: Bearer).")] = None,
    replay: Annotated[Optional[str], typer.Option(
        "--replay", metavar="URL", help="Where `provcrawl serve` (pywb) runs, for replay links and a "
                                        "sandboxed replay frame, e.g. http://127.0.0.1:8080.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, debug: Debug = False,
) -> None:
    """The reading room in a browser: sources, search, a URL's timeline, a capture's provenance,
    text and screenshot, diffs, verification and evidence bundles. Read-only. Every page also
    answers JSON (under /api/... or with Accept: application/json).

    \b
    Example:
        provcrawl web --port 8000               # then open http://127.0.0.1:8000/
        provcrawl web --bind 0.0.0.0 --token "$(openssl rand -hex 16)"
    """
    from urllib.parse import urlsplit

    from crawler.web.security import is_loopback

    if token is not None and len(token) < 8:
        fail("the token must be at least 8 characters", EXIT_ERROR)
    if not is_loopback(bind) and not token:
        fail(f"--bind {bind} is not a loopback address: give --token (or PROVCRAWL_WEB_TOKEN) so that only "
             "those who have it can read the archive", EXIT_ERROR)
    if replay is not None:
        parts = urlsplit(replay)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise typer.BadParameter(f"not an http(s) address: {replay!r}", param_hint="--replay")
    import socket

    import uvicorn

    from crawler.web.app import create_app, read_only

    database = read_only(open_db(data_dir, db))
    app = create_app(database, data_dir.resolve(), token=token, replay=replay)
    try:  # bound here, so that a port in use is a one-line error before anything is served
        sock = socket.socket(socket.AF_INET6 if ":" in bind else socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((bind, port))
    except (OSError, OverflowError) as exc:
        raise CliError(f"cannot listen on {bind}:{port}: {getattr(exc, 'strerror', None) or exc}") from exc
    host = f"[{bind}]" if ":" in bind else bind
    typer.echo(f"reading room on http://{host}:{port}/ (read-only{', token required' if token else ''}; "
               "Ctrl-C stops)", err=True)
    config = uvicorn.Config(app, log_level="debug" if debug else "warning", access_log=debug,
                            server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        database.dispose()
