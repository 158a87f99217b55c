"""Re-extraction from WARC bytes: the same analysis as a crawl, in worker processes.

Captures are read from the DB in id-ordered batches and their records from the WARC files, so
memory stays flat however many captures there are. Results are written by the parent process,
one transaction per batch. Existing extraction rows are never changed: each run adds rows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

import crawler.analysis.analyze as analysis

from crawler.analysis import paywall, processes
from crawler.analysis.extraction import EXTRACTOR_VERSION, ExtractionSettings
from crawler.sources import rules_for_capture
from storage.db import Database
from storage.models import Capture, Extraction
from storage.warc import WarcReadError, read_record

BATCH = 400
CLASSIFIER_ID = f"{paywall.CLASSIFIER} {paywall.CLASSIFIER_VERSION}"


@dataclass(frozen=True)
class Job:
    capture_id: int
    path: str
    offset: int
    url: str
    status: int | None
    redirect_location: str | None
    archive_of: str | None = None  # a web-archive copy: its original URL picks the rules


@dataclass
class Outcome:
    capture_id: int
    result: analysis.Analysis | None = None
    error: str | None = None


@dataclass
class Counts:
    analysed: int = 0
    extracted: int = 0
    skipped: int = 0
    verdict_only: int = 0
    errors: list[str] = field(default_factory=list)


# -- worker side -----------------------------------------------------------------------------
_settings = ExtractionSettings()
_max_decoded = analysis.DEFAULT_MAX_DECODED


def _init(settings: ExtractionSettings, max_decoded: int) -> None:
    global _settings, _max_decoded
    _settings, _max_decoded = settings, max_decoded


def run_job(job: Job) -> Outcome:
    """Read the record, analyse its payload. Runs in a worker; never raises."""
    try:
        rec = read_record(Path(job.path), job.offset)
    except WarcReadError as exc:
        return Outcome(job.capture_id, error=str(exc))
    headers = analysis.header_map(rec.http_headers)
    try:
        result = analysis.analyze(rec.payload, url=job.url, status=job.status, headers=headers,
                                  redirect_location=job.redirect_location, settings=_settings,
                                  rules=rules_for_capture(job.url, job.archive_of), max_decoded=_max_decoded)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop a long run
        return Outcome(job.capture_id, error=f"{exc.__class__.__name__}: {exc}")
    return Outcome(job.capture_id, result=result)


# -- parent side -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Selection:
    all: bool = False
    source: str | None = None
    since: datetime | None = None
    warc_files: tuple[str, ...] = ()
    run_id: int | None = None
    capture_ids: tuple[int, ...] = ()
    shard: tuple[int, int] | None = None  # (k, n): this process takes ids with id % n == k - 1


class UnknownWarcError(ValueError):
    """A WARC path given to select captures matches no stored capture's file."""


def stored_warc_files(db: Database, data_dir: Path, paths: Iterable[str | Path],
                      cwd: Path | None = None) -> tuple[str, ...]:
    """The stored ``warc_file`` values the paths name, however the user typed them.

    A path may be relative to the working directory (what ``ls DIR/warc`` shows), to the data
    dir, to its ``warc/`` directory, absolute, or a bare file name; the stored value is relative to
    the data dir (or absolute, for files imported in place). Raises UnknownWarcError for a path
    that names no stored file.
    """
    cwd = cwd or Path.cwd()
    with db.session() as s:
        stored = list(s.scalars(select(Capture.warc_file).where(Capture.warc_file.is_not(None)).distinct()))
    by_path: dict[Path, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    for value in stored:
        full = Path(value) if Path(value).is_absolute() else data_dir / value
        by_path.setdefault((cwd / full).resolve(), []).append(value)
        by_name.setdefault(Path(value).name, []).append(value)
    chosen: list[str] = []
    for given in paths:
        p = Path(given).expanduser()
        candidates = {(cwd / p).resolve(), (cwd / data_dir / p).resolve(), (cwd / data_dir / "warc" / p).resolve()}
        found = [v for c in candidates for v in by_path.get(c, [])]
        if not found and p.name == str(given):  # a bare file name: any stored file of that name
            found = by_name.get(p.name, [])
        if not found:
            raise UnknownWarcError(f"no capture is stored in WARC file {given} (data dir {data_dir})")
        chosen += [v for v in found if v not in chosen]
    return tuple(chosen)


def _query(sel: Selection, after: int):  # type: ignore[no-untyped-def]
    # A revisit's payload lives in its original's record: read that one.
    original = aliased(Capture)
    q = (select(Capture.id, func.coalesce(original.warc_file, Capture.warc_file).label("warc_file"),
                func.coalesce(original.warc_offset, Capture.warc_offset).label("warc_offset"), Capture.url,
                func.coalesce(original.status, Capture.status).label("status"), Capture.redirect_location,
                Capture.archive_of)
         .outerjoin(original, original.id == Capture.revisit_of_id)
         .where(Capture.id > after, Capture.warc_file.is_not(None), Capture.warc_offset.is_not(None))
         .where(or_(Capture.content_type.is_(None), Capture.content_type.ilike("%html%"),
                    Capture.redirect_location.is_not(None)))
         .order_by(Capture.id).limit(BATCH))
    if sel.source:
        q = q.where(Capture.source == sel.source)
    if sel.since:
        q = q.where(Capture.fetched_at >= sel.since)
    if sel.warc_files:
        q = q.where(Capture.warc_file.in_(sel.warc_files))
    if sel.run_id is not None:
        q = q.where(Capture.run_id == sel.run_id)
    if sel.capture_ids:
        q = q.where(Capture.id.in_(sel.capture_ids))
    if sel.shard:
        k, n = sel.shard
        q = q.where(Capture.id % n == k - 1)
    return q


def _already_done(settings: ExtractionSettings, rules_version: str | None):  # type: ignore[no-untyped-def]
    return exists().where(and_(
        Extraction.capture_id == Capture.id, Extraction.extractor_version == EXTRACTOR_VERSION,
        Extraction.settings_hash == settings.hash, Extraction.classifier_version == CLASSIFIER_ID,
        Extraction.rules_version.is_(None) if rules_version is None else Extraction.rules_version == rules_version,
    ))


def iter_batches(db: Database, data_dir: Path, sel: Selection, settings: ExtractionSettings,
                 force: bool, counts: Counts) -> Iterator[list[Job]]:
    """Batches of jobs, id-ordered; a capture already analysed with identical versions is skipped."""
    after = 0
    while True:
        with db.session() as s:
            rows = s.execute(_query(sel, after)).all()
            if not rows:
                return
            after = rows[-1].id
            done: set[int] = set()
            if not force:
                by_rules: dict[str | None, list[int]] = {}
                for r in rows:
                    by_rules.setdefault(rules_for_capture(r.url, r.archive_of).version, []).append(r.id)
                for rv, ids in by_rules.items():
                    done |= set(s.scalars(select(Capture.id).where(Capture.id.in_(ids), _already_done(settings, rv))))
        counts.skipped += len(done)
        jobs = [Job(r.id, str((data_dir / r.warc_file).resolve()), r.warc_offset, r.url, r.status, r.redirect_location,
                    r.archive_of) for r in rows if r.id not in done]
        if jobs:
            yield jobs


def reextract(db: Database, data_dir: Path, sel: Selection, *, settings: ExtractionSettings, workers: int = 1,
              force: bool = False, max_decoded: int = analysis.DEFAULT_MAX_DECODED,
              on_progress: Callable[[int], None] | None = None) -> Counts:
    counts = Counts()
    pool = None
    if workers > 1:
        pool = processes.pool(workers, "forkserver" if os.name == "posix" else "spawn",
                              initializer=_init, initargs=(settings, max_decoded))
    else:
        _init(settings, max_decoded)

    def store(outcomes: Iterable[Outcome]) -> None:
        done: list[tuple[int, analysis.Analysis]] = []
        for out in outcomes:
            if out.error:
                counts.errors.append(f"capture {out.capture_id}: {out.error}")
            else:
                assert out.result is not None
                done.append((out.capture_id, out.result))
            if on_progress:
                on_progress(1)
        with db.session() as s:
            row_ids = analysis.store_many(s, done, settings)
        counts.analysed += len(done)
        counts.extracted += sum(r is not None for r in row_ids)
        counts.verdict_only += sum(r is None for r in row_ids)  # redirects, error pages: a verdict, no text

    try:
        if pool is None:
            for jobs in iter_batches(db, data_dir, sel, settings, force, counts):
                store(map(run_job, jobs))
        else:
            # The next batch is queued before this one is written, so the workers never wait for
            # the parent's DB work; at most two batches are in memory.
            pending: Iterator[Outcome] | None = None
            for jobs in iter_batches(db, data_dir, sel, settings, force, counts):
                queued = pool.imap_unordered(run_job, jobs, chunksize=8)
                if pending is not None:
                    store(pending)
                pending = queued
            if pending is not None:
                store(pending)
    except BaseException:
        if pool:
            pool.terminate()  # e.g. the DB went away: do not wait for the queued batch first
        raise
    finally:
        if pool:
            pool.close()
            pool.join()
    return counts
