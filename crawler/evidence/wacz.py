"""Reading WACZ bundles for import: check every file against ``datapackage.json``, unpack the WARCs.

A capture row points at a record by file and offset, which a record inside a zip does not give
to readers; so the WARCs under ``archive/`` are unpacked, byte for byte, into the import
directory. Nothing is unpacked unless every resource matches its SHA-256 in ``datapackage.json``
(and ``datapackage.json`` its digest in ``datapackage-digest.json``, when present): a bundle that
was altered after it was made is refused whole.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path, PurePosixPath

ZIP_MAGIC = b"PK\x03\x04"


class NotImportable(Exception):
    """The whole file is refused; the message says why in one line."""


def is_zip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == ZIP_MAGIC


def member_sha256(z: zipfile.ZipFile, name: str) -> str:
    """Hex SHA-256 of one member, read in chunks (WARCs inside a WACZ can be large)."""
    digest = hashlib.sha256()
    with z.open(name) as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _expected(entry: dict[str, object], what: str) -> str:
    value = entry.get("hash")
    if not isinstance(value, str) or not value.startswith("sha256:"):
        raise NotImportable(f"{what} has no sha256 hash in datapackage.json, so it cannot be checked")
    return value.removeprefix("sha256:").lower()


def _package(z: zipfile.ZipFile) -> list[dict[str, object]]:
    names = set(z.namelist())
    if "datapackage.json" not in names:
        raise NotImportable("a zip without datapackage.json, not a WACZ bundle")
    if "datapackage-digest.json" in names:
        try:
            digest = json.loads(z.read("datapackage-digest.json"))
        except ValueError as exc:
            raise NotImportable(f"datapackage-digest.json is not JSON: {exc}") from exc
        want, got = _expected(digest, "datapackage.json"), member_sha256(z, "datapackage.json")
        if want != got:
            raise NotImportable(f"datapackage.json does not match datapackage-digest.json (sha256 {got}, "
                                f"expected {want}); not imported")
    try:
        package = json.loads(z.read("datapackage.json"))
        resources = list(package["resources"])
    except (ValueError, KeyError, TypeError) as exc:
        raise NotImportable(f"datapackage.json lists no resources ({exc.__class__.__name__}: {exc})") from exc
    for entry in resources:
        path = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(path, str):
            raise NotImportable(f"datapackage.json has a resource without a path: {entry!r}"[:200])
        if path not in names:
            raise NotImportable(f"{path} is listed in datapackage.json but not in the bundle; not imported")
        want, got = _expected(entry, path), member_sha256(z, path)
        if want != got:
            raise NotImportable(f"{path} does not match datapackage.json (sha256 {got}, expected {want}); "
                                "the bundle was altered; not imported")
    return resources


def unpack_wacz(src: Path, dest_dir: Path) -> list[Path]:
    """Check the bundle, then unpack its WARCs under ``dest_dir/<bundle name>/``; their paths."""
    try:
        z = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotImportable(f"not a readable zip: {exc}") from exc
    with z:
        try:
            return _unpack(z, src, dest_dir)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
            raise NotImportable(f"damaged zip: {exc}") from exc


def _unpack(z: zipfile.ZipFile, src: Path, dest_dir: Path) -> list[Path]:
    resources = _package(z)
    listed = {str(e["path"]) for e in resources}
    warcs = sorted(n for n in z.namelist() if n.startswith("archive/") and not n.endswith("/"))
    if unlisted := [n for n in warcs if n not in listed]:
        raise NotImportable(f"{unlisted[0]} is not listed in datapackage.json, so it cannot be checked; "
                            "not imported")
    if not warcs:
        raise NotImportable("a WACZ bundle with no WARC files under archive/")
    out_dir = dest_dir / src.name
    paths = []
    for name in warcs:
        rel = PurePosixPath(name).relative_to("archive")
        if ".." in rel.parts:
            raise NotImportable(f"{name}: a path outside the bundle")
        dest = out_dir.joinpath(*rel.parts)
        want = next(_expected(e, name) for e in resources if e["path"] == name)
        if dest.exists():
            if file_sha256(dest) != want:
                raise NotImportable(f"{dest} exists and differs from {name} in this bundle")
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            partial = dest.with_name(dest.name + ".partial")
            with z.open(name) as fh, open(partial, "wb") as out:
                while chunk := fh.read(1 << 20):
                    out.write(chunk)
            partial.replace(dest)
        paths.append(dest.resolve())
    return paths


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks (bundled WARCs can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
