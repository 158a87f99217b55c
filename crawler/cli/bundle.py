"""`provcrawl verify --bundle F.wacz [--tsa-cert CA.pem]`: a bundle checked with nothing but itself."""

from __future__ import annotations

from pathlib import Path

import typer

from crawler.cli.common import EXIT_NOT_FOUND, CliError, emit_json


def verify_bundle(bundle: Path | None, tsa_cert: Path | None, *, urls: list[str] | None, all_: bool,
                  json_out: bool) -> None:
    """Print one line per failed check (all checks with --json); exit 1 when any fails."""
    from crawler.evidence.bundle_check import check_bundle

    if bundle is None:
        raise typer.BadParameter("--tsa-cert goes with --bundle F.wacz", param_hint="--tsa-cert")
    if urls or all_:
        raise typer.BadParameter("--bundle checks a bundle alone; give no URLs or --all with it")
    if not bundle.is_file():
        raise CliError(f"no bundle at {bundle}")
    ca_pem = None
    if tsa_cert is not None:
        try:
            ca_pem = tsa_cert.read_bytes()
        except OSError as exc:
            raise CliError(f"cannot read --tsa-cert {tsa_cert}: {exc.strerror}") from exc
        if b"-----BEGIN CERTIFICATE-----" not in ca_pem:
            raise CliError(f"--tsa-cert {tsa_cert} holds no PEM certificate")
    report = check_bundle(bundle, ca_pem)
    if json_out:
        emit_json(report.as_dict())
    else:
        for c in report.checks:
            if c.ok is False:
                typer.echo(f"FAILED {c.name}: {c.detail}")
            elif c.ok is None:
                typer.echo(f"not checked: {c.name}: {c.detail}")
        if report.ok:
            s = report.summary
            head = s.get("tree_head") or {}
            stamp = s.get("timestamp")
            when = (f"timestamped {stamp['gen_time']}" + ("" if stamp["verified"] else " (token signature not checked)")
                    if stamp else "no trusted timestamp")
            typer.echo(f"OK: capture {s.get('capture_id')} of {s.get('url')} (fetched {s.get('fetched_at')}) is leaf "
                       f"of the signed tree head of size {head.get('size')}, {when}; "
                       f"{sum(c.ok is True for c in report.checks)} checks passed")
        else:
            typer.echo(f"FAILED: {sum(c.ok is False for c in report.checks)} of {len(report.checks)} checks")
    if not report.ok:
        raise typer.Exit(EXIT_NOT_FOUND)
