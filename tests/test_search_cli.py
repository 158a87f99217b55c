"""`provcrawl search` end to end: snapshot real pages, edit one, snapshot again, find the quote."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.e2e

EN, RU = "/en/news/lavrov-blinken.html", "/ru/news/lavrov-blinken-cp1251.html"


@pytest.mark.slow  # ~45-65 s a database on a loaded machine: three snapshots and seven CLI runs
def test_search_finds_the_quote_and_when_it_was_edited_out(cli: Cli, mutable_site) -> None:
    server, site = mutable_site
    cli.run("snapshot", server.url(EN), server.url(RU))
    # the page says “Arctic Council’s meeting” (curly apostrophe); the Russian one "провёл", in cp1251
    quote = "the ARCTIC COUNCIL'S MEETING has created a sensation"
    (en,) = cli.json("search", quote)
    assert en["url"] == server.url(EN) and en["removed_at"] is None
    assert "Arctic Council’s meeting has created a sensation" in en["snippet"]
    (ru,) = cli.json("search", "С. В. Лавров провел переговоры")
    assert ru["url"] == server.url(RU) and "провёл переговоры" in ru["snippet"]

    page = site / EN.lstrip("/")
    page.write_text(page.read_text(encoding="utf-8").replace("has created a sensation", "drew some notice"),
                    encoding="utf-8")
    cli.run("snapshot", server.url(EN))
    cli.run("snapshot", server.url(EN))  # unchanged: a revisit, with the edited text
    (en2,) = cli.json("search", quote)
    assert en2["first_seen"] == en["first_seen"] and en2["last_seen"] == en["first_seen"]
    removed = en2["removed_at"]
    assert removed and removed["capture_id"] > en["first_seen"]["capture_id"]
    human = cli.run("search", quote).stdout
    assert f"published {en['first_seen']['fetched_at'][:10]}" in human and "edited out" in human

    none = cli.run("search", "a sensation", "--until", "2000-01-01", check=False)
    assert none.returncode == 1 and "no captured text holds" in none.stderr
    for bad in (["« — »"], ["x", "--since", "yesterday"]):
        proc = cli.run("search", *bad, check=False)
        assert proc.returncode == 2 and proc.stderr.strip(), bad

    reindexed = cli.run("search", "--reindex", quote, "--json")
    assert "reindexed 4 extraction texts" in reindexed.stderr
    assert json.loads(reindexed.stdout) == [en2]


def test_search_explains_itself() -> None:
    from typer.testing import CliRunner

    from crawler.cli import app

    result = CliRunner().invoke(app, ["search", "--help"], terminal_width=80)
    assert result.exit_code == 0
    assert "Example:" in result.output and "--reindex" in result.output and "--data-dir" in result.output


@pytest.mark.sqlite_only
def test_a_source_name_nobody_knows_is_an_error_not_nothing_found(cli: Cli) -> None:
    # `--source mid_ru` (the README's example) matched no capture, and the quote looked unpublished
    from storage.db import Database

    cli.data_dir.mkdir(parents=True)
    Database(cli.database_url).dispose()
    for command in (["search", "the Arctic is our territory"], ["captures"], ["changes"], ["reextract"]):
        proc = cli.run(*command, "--source", "mid_ru", check=False)
        assert proc.returncode == 2 and "unknown source 'mid_ru'" in proc.stderr, (command, proc.stderr)
        assert "mid_ru_en" in proc.stderr  # the names it knows
    proc = cli.run("search", "the Arctic is our territory", "--source", "mid_ru_en", check=False)
    assert proc.returncode == 1 and "no captured text holds" in proc.stderr, proc.stderr
