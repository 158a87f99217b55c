"""RFC 3161 requests and checks against a local TSA (openssl ts -reply), and the WACZ signature."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import pytest

from crawler.evidence.timestamp import TimestampError, request_timestamp, token_info, verify_timestamp
from crawler.evidence.wacz_signature import check_signed_data, signed_data
from tests.tsa_server import OPENSSL, make_ca_and_tsa

HEAD = b'{"created":"2026-12-07T05:00:00Z","root":"' + b"ab" * 32 + b'","size":3}'


@pytest.fixture(scope="module")
def stamped(local_tsa):  # type: ignore[no-untyped-def]
    return local_tsa, request_timestamp(local_tsa.url, HEAD)


def test_a_token_verifies_here_and_with_openssl(stamped, tmp_path: Path) -> None:
    tsa, ts = stamped
    assert ts.tsa == tsa.url and ts.gen_time.tzinfo is not None
    assert verify_timestamp(ts.response_der, HEAD, tsa.ca_pem.read_bytes()) == ts.gen_time
    assert token_info(ts.response_der)["imprint_sha256"] == __import__("hashlib").sha256(HEAD).hexdigest()
    (tmp_path / "head.json").write_bytes(HEAD)
    (tmp_path / "head.tsr").write_bytes(ts.response_der)
    proc = subprocess.run([OPENSSL, "ts", "-verify", "-data", str(tmp_path / "head.json"), "-in",
                           str(tmp_path / "head.tsr"), "-CAfile", str(tsa.ca_pem)], capture_output=True, text=True)
    assert proc.returncode == 0 and "Verification: OK" in proc.stdout, proc.stderr


def test_each_failure_is_named(stamped, tmp_path: Path) -> None:
    tsa, ts = stamped
    ca = tsa.ca_pem.read_bytes()
    with pytest.raises(TimestampError, match="message imprint: the token timestamps other data"):
        verify_timestamp(ts.response_der, HEAD + b" ", ca)
    altered = bytearray(ts.response_der)
    altered[-5] ^= 1  # inside the signature value
    with pytest.raises(TimestampError, match="TSA signature: the token's signature does not verify"):
        verify_timestamp(bytes(altered), HEAD, ca)
    make_ca_and_tsa(tmp_path, "someone else")
    with pytest.raises(TimestampError, match="does not chain to the given CA"):
        verify_timestamp(ts.response_der, HEAD, (tmp_path / "ca.pem").read_bytes())
    with pytest.raises(TimestampError, match="nonce"):
        verify_timestamp(ts.response_der, HEAD, ca, nonce=1)
    with pytest.raises(TimestampError, match="no PEM certificate"):
        verify_timestamp(ts.response_der, HEAD, b"not a certificate")
    with pytest.raises(TimestampError, match="did not send an RFC 3161 TimeStampResp"):
        verify_timestamp(b"junk", HEAD, ca)


def test_a_failing_tsa_is_a_clear_error(local_tsa) -> None:
    with pytest.raises(TimestampError, match="answered HTTP 503"):
        request_timestamp(local_tsa.base + "/fail", HEAD)
    with pytest.raises(TimestampError, match="did not send an RFC 3161 TimeStampResp"):
        request_timestamp(local_tsa.base + "/garbage", HEAD)
    with pytest.raises(TimestampError, match="cannot reach the TSA"):
        request_timestamp("http://127.0.0.1:9/tsr", HEAD, timeout=5)
    with pytest.raises(TimestampError, match="must be http"):
        request_timestamp("file:///etc/passwd", HEAD)


def test_wacz_anonymous_signature_round_trip_and_tampering() -> None:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    key = ec.generate_private_key(ec.SECP384R1())
    digest = "sha256:" + "0f" * 32
    signed = signed_data(digest, "2026-12-07T05:00:00+00:00", "provcrawl test", key)
    assert signed is not None and len(base64.b64decode(signed["signature"])) == 96  # raw r||s on P-384
    assert check_signed_data(signed, digest, "2026-12-07T05:00:00+00:00") is None
    assert "hash" in check_signed_data(signed, "sha256:" + "1f" * 32, None)
    assert "created" in check_signed_data(signed, digest, "2026-12-08T00:00:00+00:00")
    other = signed_data(digest, signed["created"], "x", ec.generate_private_key(ec.SECP384R1()))
    assert "does not verify" in check_signed_data({**signed, "publicKey": other["publicKey"]}, digest, None)
    assert signed_data(digest, "t", "x", ed25519.Ed25519PrivateKey.generate()) is None


def test_the_tsa_url_comes_from_the_registry_settings(tmp_path: Path) -> None:
    from crawler.sources import load, registry_settings

    (tmp_path / "r.toml").write_text('[settings]\ntsa = "http://127.0.0.1:1/tsr"\n')
    assert registry_settings(tmp_path / "r.toml") == {"tsa": "http://127.0.0.1:1/tsr"}
    assert registry_settings() == {} and load()  # the shipped registry names no TSA and still loads


def test_the_tsa_url_option_beats_the_environment_which_beats_the_registry(monkeypatch) -> None:
    from crawler.evidence.anchoring import ENV, tsa_url

    monkeypatch.delenv(ENV, raising=False)
    assert tsa_url(None) is None  # the shipped registry names none
    monkeypatch.setenv(ENV, "http://127.0.0.1:2/tsr")
    assert tsa_url(None) == "http://127.0.0.1:2/tsr"
    assert tsa_url("http://127.0.0.1:3/tsr") == "http://127.0.0.1:3/tsr"


def test_a_token_whose_certificates_are_in_chain_order_is_read(stamped, tmp_path: Path) -> None:
    """OpenSSL-based TSAs write the chain in chain order, not DER's sorted SET order, which
    rfc3161-client's parser refuses: such a token is read from a sorted copy, and kept as sent."""
    from rfc3161_client import decode_timestamp_response

    from crawler.evidence.timestamp import _children, _tlv, _with_sorted_certificates

    tsa, ts = stamped
    der = ts.response_der
    canonical = _with_sorted_certificates(der)
    assert canonical is not None
    # the same token with its two certificates in the other order
    _, s, e = _tlv(canonical, 0)
    token = _children(canonical, s, e)[1]
    content = _children(canonical, token[2], token[3])[1]
    _, s, e = _tlv(canonical, content[2])
    certs = next(c for c in _children(canonical, s, e) if c[0] == 0xA0)
    members = [canonical[p:end] for _, p, _, end in _children(canonical, certs[2], certs[3])]
    assert len(members) == 2  # the TSA certificate and its root
    unsorted = canonical[:certs[2]] + b"".join(reversed(members)) + canonical[certs[3]:]
    with pytest.raises(ValueError, match="InvalidSetOrdering"):
        decode_timestamp_response(unsorted)
    assert verify_timestamp(unsorted, HEAD, tsa.ca_pem.read_bytes()) == ts.gen_time
    (tmp_path / "head.json").write_bytes(HEAD)
    (tmp_path / "head.tsr").write_bytes(unsorted)
    proc = subprocess.run([OPENSSL, "ts", "-verify", "-data", str(tmp_path / "head.json"), "-in",
                           str(tmp_path / "head.tsr"), "-CAfile", str(tsa.ca_pem)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
