"""`provcrawl timestamp`: anchor the log's current tree head in time with an RFC 3161 authority."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from crawler.cli.common import EXIT_NOT_FOUND, CliError, DataDir, DbUrl, Debug, JsonOut, emit_json, fail, open_db

def _check_tsa(value: str | None) -> str | None:
    """A bad --tsa fails before a crawl, not after it."""
    if value is not None and not value.startswith(("http://", "https://")):
        raise typer.BadParameter(f"not an http(s) URL: {value!r}")
    return value


Tsa = Annotated[Optional[str], typer.Option("--tsa", metavar="URL", callback=_check_tsa,
                                            help="RFC 3161 time-stamping authority (default: $PROVCRAWL_TSA_URL, "
                                            "else the registry's settings.tsa).")]


def timestamp(
    tsa: Tsa = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds to wait for the TSA.")] = 30.0,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Timestamp the current tree head now: a signed head of the log as it stands (made if the newest
    does not cover it) gets an RFC 3161 token from the TSA, stored with it and carried by every
    bundle exported against it. Run it from cron; a head that already has a token is not re-sent.
    Exit 2 when the TSA fails (nothing is lost: the head stays, without a token), 1 for an empty log.

    \b
    Example:
        provcrawl timestamp --tsa https://freetsa.org/tsr
    """
    from crawler.evidence.anchoring import stamp_current_head, tsa_url
    from crawler.evidence.keys import ArchiveKeyError
    from crawler.evidence.timestamp import TimestampError

    url = tsa_url(tsa)
    if url is None:
        raise CliError("no time-stamping authority: pass --tsa URL, set PROVCRAWL_TSA_URL, or set tsa in the "
                       "registry's [settings]")
    database = open_db(data_dir, db, write=True)
    try:
        stamped = stamp_current_head(database, data_dir, url, timeout=timeout)
    except (TimestampError, ArchiveKeyError) as exc:
        raise CliError(f"timestamp: {exc}") from exc
    finally:
        database.dispose()
    if stamped is None:
        fail("the log is empty: nothing to timestamp yet", EXIT_NOT_FOUND)
    if json_out:
        emit_json(stamped.as_dict())
        return
    typer.echo(f"tree head of size {stamped.size} (root {stamped.root}, created {stamped.created}"
               f"{'' if stamped.signed else ', UNSIGNED: run provcrawl keys init'}) "
               f"{'timestamped' if stamped.new else 'was already timestamped'} by {stamped.tsa} at "
               f"{stamped.gen_time.isoformat()}")


def stamp_after_crawl(tsa: str | None, data_dir: Path, db: str | None) -> None:
    """The crawl's end: timestamp the tree head when a TSA is configured. A failing TSA is a warning
    on stderr and never fails the crawl (its captures are stored and in the log either way)."""
    from crawler.evidence.anchoring import stamp_current_head, tsa_url

    url = tsa_url(tsa)
    if url is None:
        return
    database = open_db(data_dir, db, write=True)
    try:
        stamp_current_head(database, data_dir, url)
    except Exception as exc:  # noqa: BLE001 - whatever the TSA or network does, the crawl stands
        typer.echo(f"provcrawl: warning: the tree head was not timestamped ({exc}); run `provcrawl timestamp` "
                   "later", err=True)
        return
    finally:
        database.dispose()
