"""A local RFC 3161 time-stamping authority for the tests, on loopback only.

A throw-away root CA and a TSA certificate (extendedKeyUsage timeStamping, critical) are made with
`cryptography`; a tiny HTTP server answers `application/timestamp-query` POSTs by running
`openssl ts -reply`, the reference implementation, so that our requests and checks meet tokens we
did not make ourselves. Like public TSAs, it includes the chain (TSA certificate and root) in chain
order, not in DER's sorted SET order (see crawler/evidence/timestamp.py, _decode). Paths: /tsr answers; /fail answers HTTP 503; /garbage answers 200 with junk.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"

_CONFIG = """\
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
certs = $dir/ca.pem
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def make_ca_and_tsa(directory: Path, name: str = "provcrawl test") -> None:
    """ca.pem (+ ca.key), tsa.pem + tsa.key in ``directory``: a root CA and a TSA certificate it issued."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.now(UTC)
    ca_key, tsa_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} root CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    tsa = (x509.CertificateBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} TSA")]))
           .issuer_name(ca_name).public_key(tsa_key.public_key()).serial_number(x509.random_serial_number())
           .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
           .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
           .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                        data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                        crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
           .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
           .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    key_format = (pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (directory / "ca.pem").write_bytes(ca.public_bytes(pem))
    (directory / "ca.key").write_bytes(ca_key.private_bytes(*key_format))
    (directory / "tsa.pem").write_bytes(tsa.public_bytes(pem))
    (directory / "tsa.key").write_bytes(tsa_key.private_bytes(*key_format))


class LocalTsa:
    """``with LocalTsa() as tsa:`` — ``tsa.url`` answers RFC 3161 queries; ``tsa.ca_pem`` is its root CA."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="provcrawl-tsa-")
        self.dir = Path(self._tmp.name)
        make_ca_and_tsa(self.dir)
        (self.dir / "serial").write_text("01\n")
        (self.dir / "openssl.cnf").write_text(_CONFIG.format(dir=self.dir))
        self.ca_pem = self.dir / "ca.pem"
        self.requests = 0
        lock = threading.Lock()
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                query = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path == "/fail":
                    return self._send(503, b"unavailable", "text/plain")
                if self.path == "/garbage":
                    return self._send(200, b"this is not a timestamp", "application/timestamp-reply")
                with lock:  # openssl ts -reply increments one serial file
                    tsa.requests += 1
                    q, r = tsa.dir / "query.tsq", tsa.dir / "reply.tsr"
                    q.write_bytes(query)
                    proc = subprocess.run([OPENSSL, "ts", "-reply", "-config", str(tsa.dir / "openssl.cnf"),
                                           "-queryfile", str(q), "-out", str(r)], capture_output=True, timeout=30)
                    body = r.read_bytes() if proc.returncode == 0 else proc.stderr
                if proc.returncode != 0:
                    return self._send(500, body, "text/plain")
                self._send(200, body, "application/timestamp-reply")

            def _send(self, code: int, body: bytes, ctype: str) -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.url = self.base + "/tsr"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LocalTsa:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._tmp.cleanup()
