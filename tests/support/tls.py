"""A throwaway certificate for 127.0.0.1 (made with the openssl command), and a TLS server context."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path


def make_certificate(folder: Path) -> tuple[Path, Path] | str:
    """(certificate, key) files in folder, or why they could not be made."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return "the openssl command is not installed: cannot make a certificate"
    cert, key = folder / "cert.pem", folder / "key.pem"
    done = subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ]
        + ["-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + [
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        return f"openssl could not make a certificate: {done.stderr.strip()}"
    return cert, key


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context
