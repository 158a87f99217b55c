"""RFC 3161 trusted timestamps of tree heads: asking a time-stamping authority (TSA), and checking a token.

A token binds the SHA-256 of the exact tree-head bytes to a time, signed by the TSA: whoever trusts
the TSA's root CA can then check that the log had that root no later than the token's time, with
no access to our database (`openssl ts -verify` does the same check). The ASN.1 is left to the
maintained `rfc3161-client` library; certificates are read with `cryptography`.
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

SHA256_OID = "2.16.840.1.101.3.4.2.1"
# a TSA's clock and ours may differ a little; a token from further in the future than this is refused
CLOCK_SKEW = timedelta(minutes=5)


class TimestampError(Exception):
    """The TSA could not be asked, or a token does not prove what it should; the message names what."""


@dataclass(frozen=True)
class Timestamp:
    tsa: str
    gen_time: datetime
    response_der: bytes  # the whole TimeStampResp, as `openssl ts -verify -in` reads it (the .tsr file)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def request_timestamp(tsa_url: str, data: bytes, timeout: float = 30.0) -> Timestamp:
    """Ask the TSA at ``tsa_url`` to timestamp ``data`` (SHA-256 imprint, a fresh nonce, certReq).

    The answer is checked before it is returned: granted, for our imprint, with our nonce, carrying
    the TSA's certificate. Its signature chain is not: that needs the TSA's root CA, which the
    person checking a bundle supplies (`verify_timestamp`)."""
    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder

    if not tsa_url.startswith(("http://", "https://")):
        raise TimestampError(f"the TSA URL must be http(s): {tsa_url!r}")
    request = (TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256)
               .nonce(nonce=True).cert_request(cert_request=True).build())
    http = urllib.request.Request(tsa_url, data=request.as_bytes(), method="POST", headers={
        "Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"})
    try:
        with urllib.request.urlopen(http, timeout=timeout) as resp:  # noqa: S310 - the operator's TSA URL
            body = resp.read()
    except urllib.error.HTTPError as exc:
        raise TimestampError(f"the TSA at {tsa_url} answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TimestampError(f"cannot reach the TSA at {tsa_url}: {reason}") from exc
    response = _decode(body, f"the TSA at {tsa_url}")
    _check_granted(response)
    _check_imprint(response, data)
    if response.tst_info.nonce != request.nonce:
        raise TimestampError(f"the TSA at {tsa_url} answered with another nonce (a replayed or mixed-up response)")
    if not response.signed_data.certificates:
        raise TimestampError(f"the TSA at {tsa_url} did not include its certificate although it was asked to")
    return Timestamp(tsa=tsa_url, gen_time=_aware(response.tst_info.gen_time), response_der=body)


def _decode(der: bytes, what: str):  # type: ignore[no-untyped-def]
    """Parse a TimeStampResp. rfc3161-client (1.0) insists on DER's sorted SET OF for the token's
    certificates, which OpenSSL-based TSAs do not write when they include a chain (they keep chain
    order); such a response is parsed from a copy with that SET sorted. The certificates are not
    under the token's signature, so the check is the same; the stored bytes stay the TSA's own."""
    from rfc3161_client import decode_timestamp_response

    try:
        return decode_timestamp_response(der)
    except Exception as exc:  # noqa: BLE001 - the parser raises its own (Rust) error types
        sorted_copy = _with_sorted_certificates(der) if "InvalidSetOrdering" in str(exc) else None
        if sorted_copy is not None:
            try:
                return decode_timestamp_response(sorted_copy)
            except Exception:  # noqa: BLE001, S110 - report the original error below
                pass
        raise TimestampError(f"{what} did not send an RFC 3161 TimeStampResp ({exc.__class__.__name__}: "
                             f"{str(exc)[:120]})") from exc


def _tlv(der: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, content start, end) of the DER element at ``pos`` (definite lengths only)."""
    tag, first = der[pos], der[pos + 1]
    if first < 0x80:
        return tag, pos + 2, pos + 2 + first
    n = first & 0x7F
    if n == 0 or n > 4:
        raise ValueError("not a definite DER length")
    start = pos + 2 + n
    return tag, start, start + int.from_bytes(der[pos + 2:start], "big")


def _children(der: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    out, pos = [], start
    while pos < end:
        tag, cstart, cend = _tlv(der, pos)
        out.append((tag, pos, cstart, cend))
        pos = cend
    return out


def _with_sorted_certificates(der: bytes) -> bytes | None:
    """TimeStampResp → timeStampToken (ContentInfo) → [0] SignedData → certificates [0]: the same
    bytes with that SET's members in DER order (same length, so no enclosing length changes)."""
    try:
        _, s, e = _tlv(der, 0)
        token = _children(der, s, e)[1]  # status, timeStampToken
        _, content = _children(der, token[2], token[3])  # contentType, [0] EXPLICIT content
        _, s, e, = _tlv(der, content[2])  # SignedData SEQUENCE
        certs = next(c for c in _children(der, s, e) if c[0] == 0xA0)
        members = [der[p:end] for _, p, _, end in _children(der, certs[2], certs[3])]
    except (IndexError, StopIteration, ValueError):
        return None
    return der[:certs[2]] + b"".join(sorted(members)) + der[certs[3]:]


def _check_granted(response) -> None:  # type: ignore[no-untyped-def]
    from rfc3161_client import PKIStatus

    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        text = "; ".join(response.status_string) if response.status_string else ""
        raise TimestampError(f"the TSA refused the request (PKIStatus {response.status}{': ' + text if text else ''})")


def _check_imprint(response, data: bytes) -> None:  # type: ignore[no-untyped-def]
    imprint = response.tst_info.message_imprint
    if imprint.hash_algorithm.dotted_string != SHA256_OID:
        raise TimestampError(f"message imprint: not SHA-256 (algorithm {imprint.hash_algorithm.dotted_string})")
    if imprint.message != hashlib.sha256(data).digest():
        raise TimestampError("message imprint: the token timestamps other data "
                             f"(sha256 {imprint.message.hex()}, the data's is {hashlib.sha256(data).hexdigest()})")


def load_certificates(pem: bytes):  # type: ignore[no-untyped-def]
    """Every certificate in a PEM file (a root CA, perhaps with intermediates)."""
    from cryptography import x509

    try:
        certs = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise TimestampError(f"the TSA CA file holds no PEM certificate ({exc})") from exc
    return certs


def _reason(message: str) -> str:
    """openssl's error stack as one readable clause."""
    found = re.search(r'Verify error: ([^"]+)"', message)
    if found:
        return f"the TSA certificate does not chain to the given CA ({found.group(1)})"
    if "signature failure" in message:
        return "the token's signature does not verify (the token was altered)"
    return message[:200]


def token_info(response_der: bytes) -> dict[str, object]:
    """What a token says, unchecked: for display next to a check's result."""
    response = _decode(response_der, "the token")
    tst = response.tst_info
    return {"gen_time": _aware(tst.gen_time).isoformat(), "serial_number": tst.serial_number,
            "imprint_sha256": tst.message_imprint.message.hex(), "nonce": tst.nonce,
            "policy": tst.policy.dotted_string}


def verify_timestamp(response_der: bytes, data: bytes, ca_pem: bytes, *, nonce: int | None = None,
                     now: datetime | None = None) -> datetime:
    """Check a stored TimeStampResp against ``data`` and the TSA's root CA (PEM); its time.

    Checked, in this order, each failure naming itself: the response parses and was granted; the
    message imprint is SHA-256 of ``data``; the nonce (when the caller knows it); the token's CMS
    signature, by the TSA certificate it carries (which must be for time stamping, critical EKU),
    chaining to a certificate in ``ca_pem``, valid at the token's time; the time is not in the future."""
    from rfc3161_client import VerificationError, VerifierBuilder

    response = _decode(response_der, "the token")
    _check_granted(response)
    _check_imprint(response, data)
    if nonce is not None and response.tst_info.nonce != nonce:
        raise TimestampError(f"nonce: the token carries {response.tst_info.nonce}, expected {nonce}")
    builder = VerifierBuilder()
    for cert in load_certificates(ca_pem):
        builder = builder.add_root_certificate(cert)
    try:
        builder.build().verify_message(response, data)
    except (VerificationError, ValueError) as exc:
        raise TimestampError(f"TSA signature: {_reason(str(exc))}") from exc
    gen_time = _aware(response.tst_info.gen_time)
    if gen_time > (now or datetime.now(UTC)) + CLOCK_SKEW:
        raise TimestampError(f"gen time: {gen_time.isoformat()} is in the future")
    return gen_time
