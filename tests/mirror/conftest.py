"""Fixtures: small built sites with their catalogue.json, and a real S3 server on loopback."""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

SECRET = "s3cr3t-Kh0a-Bi-Mat-0123456789abcdefXYZ"
"""The secret access key of every test: it must never appear in any output."""
KEY_ID = "AKIATUSACHTESTKEY001"
BUCKET = "tu-sach"
ROOT_DIR = Path(__file__).resolve().parents[2]

PAGES: dict[str, bytes] = {
    "index.html": b"<!doctype html><title>T\xe1\xbb\xa7 s\xc3\xa1ch</title>",
    "lao-dong/thu-viec/index.html": b"<!doctype html><h1>Th\xe1\xbb\xad vi\xe1\xbb\x87c</h1>",
    "lao-dong/thu-viec/index.en.html": b"<!doctype html><h1>Probation</h1>",
    "sach-noi/thu-viec.mp3": bytes(range(256)) * 40,
    "hinh/thu-viec.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "hinh/thu-viec-ban-sao.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",  # same content
    "sach-dien-tu/thu-viec.epub": b"PK\x03\x04" + b"epub" * 500,
}
COMPANIONS: dict[str, bytes] = {
    "oai-pmh.xml": b"<?xml version='1.0'?><OAI-PMH/>",
    "sitemap.xml": b"<?xml version='1.0'?><urlset/>",
}
MEDIA = {".html": "text/html", ".mp3": "audio/mpeg", ".svg": "image/svg+xml",
         ".epub": "application/epub+zip", ".xml": "application/xml"}


def described(path: str, data: bytes, role: str = "page") -> dict[str, Any]:
    return {"path": path, "media_type": MEDIA.get(Path(path).suffix, "application/octet-stream"),
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "role": role}


def write_site(site: Path, pages: dict[str, bytes] | None = None,
               companions: dict[str, bytes] | None = None, date: str = "2026-11-23",
               catalogue: dict[str, Any] | None = None) -> Path:
    """A built site: the files, and a catalogue.json listing them (one item per page; the
    audiobook item lists the page again, as the real catalogue does)."""
    pages = PAGES if pages is None else pages
    companions = COMPANIONS if companions is None else companions
    for path, data in {**pages, **companions}.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    items = [{"id": f"explainer/{path}", "type": "explainer", "title": path, "language": "vi",
              "url": path, "files": [described(path, data)]} for path, data in pages.items()]
    if items:
        items.append({**items[0], "id": "audiobook/x", "type": "audiobook"})
    document = catalogue or {
        "format": "tusach-catalogue/1", "name": "Tủ sách pháp luật số",
        "url": "https://example.gov.vn/tu-sach/", "language": "vi", "date": date,
        "items": items,
        "companions": [described(path, data) for path, data in companions.items()],
    }
    (site / "catalogue.json").write_text(json.dumps(document, ensure_ascii=False, indent=1),
                                         encoding="utf-8")
    return site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """One moto server (S3 protocol over HTTP) on loopback for the whole session."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@dataclass
class S3:
    endpoint: str
    client: Any
    bucket: str

    def keys(self, prefix: str = "") -> dict[str, bytes]:
        """Every object under `prefix` (the prefix removed from the keys) with its bytes."""
        found: dict[str, bytes] = {}
        pages = self.client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=self.bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                body = self.client.get_object(Bucket=self.bucket, Key=item["Key"])["Body"]
                found[item["Key"][len(prefix):]] = body.read()
        return found

    def content_type(self, key: str) -> str:
        return str(self.client.head_object(Bucket=self.bucket, Key=key)["ContentType"])

    def enforce_auth(self) -> tuple[str, str]:
        """Make the server check signatures from now on, for a new IAM user allowed s3:*;
        returns that user's (key id, secret)."""
        import boto3

        iam = boto3.client("iam")
        iam.create_user(UserName="mirror")
        iam.put_user_policy(UserName="mirror", PolicyName="s3", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName="mirror")["AccessKey"]
        requests.post(f"{self.endpoint}/moto-api/reset-auth", data=b"0", timeout=10)
        return str(key["AccessKeyId"]), str(key["SecretAccessKey"])

    def relax_auth(self) -> None:
        """Accept any key again (how moto starts)."""
        requests.post(f"{self.endpoint}/moto-api/reset-auth", data=b"inf", timeout=10)


@pytest.fixture
def s3(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[S3]:
    """A fresh server state, the standard AWS_* variables pointing at it, and a bucket."""
    import boto3

    requests.post(f"{moto_endpoint}/moto-api/reset", timeout=10)
    for name, value in {"AWS_ENDPOINT_URL": moto_endpoint, "AWS_ACCESS_KEY_ID": KEY_ID,
                        "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_DEFAULT_REGION": "us-east-1",
                        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
                        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-credentials"),
                        "AWS_MAX_ATTEMPTS": "2"}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    client = boto3.client("s3")
    client.create_bucket(Bucket=BUCKET)
    try:
        yield S3(moto_endpoint, client, BUCKET)
    finally:  # whatever the test did, later tests get a server that accepts any key
        requests.post(f"{moto_endpoint}/moto-api/reset-auth", data=b"inf", timeout=10)


Runner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def mirror_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """`python build.py mirror …` in-process: returns (exit code, stdout, stderr)."""
    import build

    def run(*argv: str) -> tuple[int, str, str]:
        code = build.main(["mirror", "--root", str(tmp_path), "--quiet", *argv])
        out, err = capsys.readouterr()
        assert SECRET not in out + err
        return code, out, err

    return run
