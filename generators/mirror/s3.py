"""The only module that talks to S3 (boto3): an S3-compatible bucket as a `Store`.

The endpoint and the credentials come from where boto3 reads them (AWS_ENDPOINT_URL,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_DEFAULT_REGION, ~/.aws);
they are never part of a message, and server errors are reported by their code only.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
)

from generators.mirror.errors import BucketMissing, CredentialsError, StoreError, Unreachable
from generators.mirror.keys import check_key, check_prefix
from generators.mirror.store import CHUNK, ObjectInfo

if TYPE_CHECKING:  # types-boto3[s3], a test dependency: only the type checker reads it
    from types_boto3_s3.type_defs import ListObjectsV2OutputTypeDef, ObjectIdentifierTypeDef

T = TypeVar("T")

CHECK_VARIABLE = {
    "InvalidAccessKeyId": "AWS_ACCESS_KEY_ID",
    "InvalidClientTokenId": "AWS_ACCESS_KEY_ID",
    "SignatureDoesNotMatch": "AWS_SECRET_ACCESS_KEY",
    "InvalidToken": "AWS_SESSION_TOKEN",
    "ExpiredToken": "AWS_SESSION_TOKEN",
    "AccessDenied": "quyền của khóa AWS_ACCESS_KEY_ID trên bucket này",
    "AllAccessDisabled": "quyền của khóa AWS_ACCESS_KEY_ID trên bucket này",
}
"""Server error codes that mean "wrong credential" → what the user should check."""


def b64_sha256(hex_digest: str) -> str:
    """S3's ChecksumSHA256 form (base64 of the raw digest) of a hex sha256."""
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


def hex_sha256(b64_digest: str) -> str | None:
    """A hex sha256 from S3's full-object ChecksumSHA256; None for a multipart one."""
    if "-" in b64_digest:
        return None
    return base64.b64decode(b64_digest).hex()


class S3Store:
    """`s3://bucket/prefix` as a Store; thread-safe (one boto3 client)."""

    def __init__(self, bucket: str, prefix: str, label: str) -> None:
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self.label = label
        self.requests = 0
        try:
            self.client = boto3.session.Session().client(
                "s3", config=Config(retries={"mode": "standard"}, connect_timeout=10,
                                    read_timeout=60))
        except BotoCoreError as exc:  # e.g. a malformed AWS_ENDPOINT_URL
            raise StoreError(f"{label}: không tạo được kết nối S3 ({type(exc).__name__}) — "
                             "kiểm tra AWS_ENDPOINT_URL và AWS_DEFAULT_REGION") from None
        self.endpoint = self.client.meta.endpoint_url

    def _call(self, what: str, call: Callable[[], T]) -> T:
        """Run one request; turn boto's errors into ours, without any credential in them."""
        return cast(T, self._run(what, call, missing_ok=False))

    def _found(self, what: str, call: Callable[[], T]) -> T | None:
        """Like `_call`, but None when the key does not exist."""
        return self._run(what, call, missing_ok=True)

    def _run(self, what: str, call: Callable[[], T], missing_ok: bool) -> T | None:
        self.requests += 1
        try:
            return call()
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if missing_ok and code in ("NoSuchKey", "404", "NotFound"):
                return None
            raise self._client_error(what, exc) from None
        except (NoCredentialsError, PartialCredentialsError):
            raise CredentialsError(
                f"{self.label}: không tìm thấy khóa truy cập S3 — đặt AWS_ACCESS_KEY_ID và "
                "AWS_SECRET_ACCESS_KEY") from None
        except ConnectionError:
            raise Unreachable(
                f"{self.label}: không kết nối được tới máy chủ S3 {self.endpoint} — kiểm tra "
                "AWS_ENDPOINT_URL và mạng") from None
        except BotoCoreError as exc:
            raise StoreError(f"{self.label}: lỗi S3 khi {what} ({type(exc).__name__})") from None

    def _client_error(self, what: str, exc: ClientError) -> StoreError:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", "?"))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
        if code in CHECK_VARIABLE:
            return CredentialsError(
                f"{self.label}: máy chủ S3 từ chối khóa truy cập ({code}) — kiểm tra "
                f"{CHECK_VARIABLE[code]}")
        if code == "NoSuchBucket":
            return BucketMissing(f"{self.label}: không có bucket '{self.bucket}' trên "
                                 f"{self.endpoint} — tạo bucket trước, hoặc sửa --to")
        return StoreError(f"{self.label}: máy chủ S3 trả lỗi {code} (HTTP {status}) khi {what}")

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key, self.label)

    def put(self, key: str, source: Path | bytes, sha256: str, media_type: str) -> None:
        # ChecksumSHA256: a server that checks it refuses a body damaged on the way
        args: dict[str, Any] = {"Bucket": self.bucket, "Key": self._key(key),
                                "ContentType": media_type, "ChecksumSHA256": b64_sha256(sha256)}
        if isinstance(source, bytes):
            self._call(f"gửi {key}", lambda: self.client.put_object(Body=source, **args))
            return
        with open(source, "rb") as body:
            self._call(f"gửi {key}", lambda: self.client.put_object(Body=body, **args))

    def get(self, key: str) -> bytes | None:
        answer = self._found(f"đọc {key}", lambda: self.client.get_object(
            Bucket=self.bucket, Key=self._key(key)))
        return None if answer is None else answer["Body"].read()

    def head(self, key: str) -> ObjectInfo | None:
        answer = self._found(f"kiểm tra {key}", lambda: self.client.head_object(
            Bucket=self.bucket, Key=self._key(key), ChecksumMode="ENABLED"))
        if answer is None:
            return None
        checksum = answer.get("ChecksumSHA256")
        return ObjectInfo(key, int(answer["ContentLength"]),
                          hex_sha256(checksum) if checksum else None,
                          answer["LastModified"].timestamp())

    def digest(self, key: str) -> str:
        answer = self._call(f"đọc lại {key}", lambda: self.client.get_object(
            Bucket=self.bucket, Key=self._key(key)))
        digest = hashlib.sha256()
        body = answer["Body"]
        try:
            while chunk := body.read(CHUNK):
                digest.update(chunk)
        except BotoCoreError:
            raise StoreError(f"{self.label}: đứt kết nối khi đọc lại {key}") from None
        return digest.hexdigest()

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        token: str | None = None
        while True:
            page = self._call(f"liệt kê {prefix}",
                              lambda: self._list_page(prefix, token))  # noqa: B023
            for item in page.get("Contents", []):
                yield ObjectInfo(item["Key"][len(self.prefix):], int(item["Size"]), None,
                                 item["LastModified"].timestamp())
            if not page.get("IsTruncated"):
                return
            token = page["NextContinuationToken"]

    def _list_page(self, prefix: str, token: str | None) -> ListObjectsV2OutputTypeDef:
        """One page of ListObjectsV2: the first without a token, the next ones with it."""
        full = self.prefix + check_prefix(prefix, self.label)
        if token is None:
            return self.client.list_objects_v2(Bucket=self.bucket, Prefix=full)
        return self.client.list_objects_v2(Bucket=self.bucket, Prefix=full,
                                           ContinuationToken=token)

    def copy(self, source: str, key: str, media_type: str) -> None:
        # SHA256 on the copy: the server computes it from what it holds, so head() can check it
        self._call(f"chép {source}", lambda: self.client.copy_object(
            Bucket=self.bucket, Key=self._key(key), ContentType=media_type,
            MetadataDirective="REPLACE", ChecksumAlgorithm="SHA256",
            CopySource={"Bucket": self.bucket, "Key": self._key(source)}))

    def delete(self, keys: Sequence[str]) -> None:
        for start in range(0, len(keys), 1000):  # DeleteObjects takes at most 1000 keys
            batch: list[ObjectIdentifierTypeDef] = [
                {"Key": self._key(key)} for key in keys[start:start + 1000]]
            answer = self._call("xóa", lambda: self.client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}))  # noqa: B023
            if answer.get("Errors"):
                first = answer["Errors"][0]
                raise StoreError(f"{self.label}: không xóa được {len(answer['Errors'])} đối "
                                 f"tượng ({first.get('Code', '?')})")
