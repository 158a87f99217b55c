"""The `provcrawl` command line. Exit status: 0 success, 1 nothing found, 2 usage or runtime error.

The app is built here; each command group lives in its own module (capture, inspect, evidence,
maintenance) and what they share (options, errors, exit statuses) in `common`.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from crawler import __version__
from crawler.cli import capture, evidence, inspect, maintenance, notify, proof, search, timestamp, web
from crawler.cli.common import EXIT_ERROR, CliError

app = typer.Typer(
    name="provcrawl", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Crawl and snapshot web pages into WARC files, with a provenance record of every capture "
         "and the extracted main text.",
)

# Registration order is the order of `provcrawl --help`: capture, inspect, evidence, maintenance.
for _name, _command in (
    ("snapshot", capture.snapshot), ("crawl", capture.crawl), ("worker", capture.worker),
    ("schedule", capture.schedule), ("demo", capture.demo),
    ("sources", inspect.sources), ("captures", inspect.captures), ("provenance", inspect.provenance),
    ("changes", inspect.changes), ("diff", inspect.diff), ("text", inspect.text),
    ("verify", evidence.verify), ("cite", evidence.cite), ("export", evidence.export),
    ("serve", evidence.serve), ("prove", proof.prove), ("timestamp", timestamp.timestamp),
    ("reextract", maintenance.reextract), ("import", maintenance.import_),
    ("extract", maintenance.extract),
    ("web", web.web),
):
    app.command(_name)(_command)
app.command("search")(search.search)  # full-text search over every captured text
app.command("notifications")(notify.notifications)  # alerts stored by --notify, delivered or waiting
app.add_typer(proof.keys, name="keys")


@app.callback(invoke_without_command=True)
def _root(version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False) -> None:
    if version:
        typer.echo(f"provcrawl {__version__}")
        raise typer.Exit()


# packages of pyproject's optional extras, imported only by the commands that need them
OPTIONAL_EXTRAS = {"redis": "distributed", "scrapy_redis": "distributed", "psycopg": "postgres"}


def main() -> None:
    """Entry point: user errors become one line on stderr and exit status 2."""
    debug = "--debug" in sys.argv or os.environ.get("PROVCRAWL_DEBUG") == "1"
    try:
        app()
    except CliError as exc:
        if debug:
            raise
        typer.echo(f"provcrawl: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the CLI edge: one line unless --debug
        if debug:
            raise
        if isinstance(exc, ModuleNotFoundError) and (extra := OPTIONAL_EXTRAS.get(exc.name or "")):
            typer.echo(f"provcrawl: this needs {exc.name}, from the optional extra {extra}: "
                       f"pip install 'provcrawl[{extra}]'", err=True)
        else:
            typer.echo(f"provcrawl: error: {exc.__class__.__name__}: {exc}", err=True)
        sys.exit(EXIT_ERROR)
