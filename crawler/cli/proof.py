"""Commands of the Merkle log: `keys init` (the archive's signing key) and `prove` (inclusion proofs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from crawler.cli.common import (EXIT_NOT_FOUND, ROW_ID_MAX, CliError, DataDir, DbUrl, Debug, JsonOut, emit_json, fail,
                                open_db)

keys = typer.Typer(no_args_is_help=True, help="The archive's signing key, which signs the Merkle log's tree heads.")


@keys.command("init")
def keys_init(
    algorithm: Annotated[str, typer.Option("--algorithm", help="p384 (ECDSA P-384, default: what WACZ anonymous "
                                           "signing and ReplayWeb.page use; `openssl dgst` checks it), p256 or "
                                           "ed25519.")] = "p384",
    data_dir: DataDir = Path("data"), debug: Debug = False,
) -> None:
    """Create the archive key: DIR/keys/archive-key.pem (private, mode 0600) and archive-key.pub.pem.

    Tree heads made from now on are signed with it. Refuses to replace an existing key. Keep a copy
    of the private key safe and publish the public one: whoever checks a proof needs it.

    \b
    Example:
        provcrawl keys init --algorithm ed25519
    """
    from crawler.evidence.keys import ALGORITHMS, ArchiveKeyError, init_keys, key_paths

    if algorithm not in ALGORITHMS:
        raise typer.BadParameter(f"choose from {', '.join(ALGORITHMS)}", param_hint="--algorithm")
    try:
        private = init_keys(data_dir, algorithm)
    except ArchiveKeyError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"cannot write the key: {exc}") from exc
    typer.echo(f"wrote {private} ({algorithm}, private: keep it safe) and {key_paths(data_dir)[1]} (public: publish it)")


def prove(
    url: Annotated[Optional[str], typer.Argument(help="The URL whose latest capture to prove.")] = None,
    capture: Annotated[Optional[int], typer.Option("--capture", max=ROW_ID_MAX, help="A capture id instead of a URL.")] = None,
    data_dir: DataDir = Path("data"), db: DbUrl = None, json_out: JsonOut = False, debug: Debug = False,
) -> None:
    """Prove a capture is in the Merkle log: its leaf, the audit path to a signed tree head, the signature.

    Uses the newest signed tree head that includes the capture, or makes (and signs, when the
    archive has a key) one. Exit 0 with a proof, 1 when there is no such capture.

    \b
    Example:
        provcrawl prove https://www.mid.ru/en/foreign_policy/news/1999999/ --json
        provcrawl prove --capture 42
    """
    from crawler.evidence.export import exportable
    from crawler.evidence.keys import ArchiveKeyError, verify_signature
    from crawler.evidence.tree_heads import ProofError, capture_proof, head_bytes
    from storage import merkle
    from storage.models import Capture
    from storage.queries import captures_of

    if (url is None) == (capture is None):
        raise typer.BadParameter("name a URL or --capture ID (one of them)")
    database = open_db(data_dir, db)
    with database.session() as s:
        if capture is None:
            assert url is not None
            caps = captures_of(s, url)
            if not caps:
                fail(f"no captures of {url}", EXIT_NOT_FOUND)
            capture = ([c for c in caps if exportable(c)] or caps)[-1].id
        elif s.get(Capture, capture) is None:
            fail(f"no capture {capture}", EXIT_NOT_FOUND)
        try:
            proof = capture_proof(s, data_dir, capture)
        except (ProofError, ArchiveKeyError) as exc:
            raise CliError(str(exc)) from exc
    if json_out:
        emit_json(proof)
        return
    head = proof["tree_head"]
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    ok = merkle.verify_inclusion(bytes.fromhex(proof["leaf_hash"]), proof["leaf_index"], head["size"], path,
                                 bytes.fromhex(head["root"]))
    typer.echo(f"capture {proof['capture_id']}: leaf {proof['leaf_index']} {proof['leaf_hash']}")
    typer.echo(f"tree head: size {head['size']}, root {head['root']}, created {head['created']}")
    typer.echo(f"audit path: {len(path)} hashes; {'leads to the root' if ok else 'DOES NOT lead to the root'}")
    if proof["signature"] is None:
        typer.echo("signature: none (the archive has no key: `provcrawl keys init`); the head proves nothing to "
                   "someone who does not trust this database")
    else:
        import base64

        signature = base64.b64decode(proof["signature"])
        valid = verify_signature(proof["public_key"].encode(), head_bytes(head), signature)
        typer.echo(f"signature: {'valid' if valid else 'INVALID'} ({len(signature)} bytes, public key in --json)")
    if proof["timestamp"]:
        typer.echo(f"timestamp: {proof['timestamp']['gen_time']} by {proof['timestamp']['tsa']}")
    if not ok:
        raise typer.Exit(1)
