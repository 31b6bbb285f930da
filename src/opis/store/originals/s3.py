"""Stored originals in an S3-compatible object store (AWS S3, MinIO, Ceph's RGW), through boto3.

One object per original, its key ``<prefix>/<sha256>``. Writing:

- the file is hashed first; an object already under that hash is kept (a duplicate stores once), and
  one of another size is a conflict, never overwritten;
- the upload names its SHA-256 (``ChecksumSHA256``): a store that checks it refuses bytes that do
  not match, and ``If-None-Match: *`` makes the write create-only, so two writers racing on a hash
  cannot replace each other's object;
- after the upload the stored object is compared: by the store's own SHA-256 when it keeps one,
  otherwise by reading it back and hashing it. A mismatch removes the object this write created
  and fails.

Credentials and region come from boto3's usual places (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_DEFAULT_REGION, ~/.aws); OPIS_S3_ENDPOINT_URL points it at MinIO or Ceph. A PUT holds at most
5 GiB, so a larger original is refused with that reason.

Page images and PDFs are drawn from local files, so ``local_path`` downloads an original once into
``root`` (a read cache under the data folder: safe to delete, refilled on demand), checking its hash.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opis.store.originals.errors import OriginalConflict, OriginalCorrupt, OriginalMissing
from opis.store.originals.files import CHUNK, hash_stream

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

MAX_PUT = 5 << 30  # the largest object one PUT may write
_BUCKET_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789.-")


def parse_s3_url(url: str) -> tuple[str, str]:
    """(bucket, prefix) of ``s3://bucket[/prefix]``; ValueError with the reason if it is not one."""
    if not url.startswith("s3://"):
        raise ValueError("must start with s3://")
    bucket, _, prefix = url[len("s3://"):].partition("/")
    if not (3 <= len(bucket) <= 63 and set(bucket) <= _BUCKET_CHARS and bucket[0].isalnum()
            and bucket[-1].isalnum()):
        raise ValueError(f"{bucket!r} is not an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)")
    return bucket, prefix.strip("/")


def _missing(exc: Exception) -> bool:
    from botocore.exceptions import ClientError

    if not isinstance(exc, ClientError):
        return False
    return exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound")


def _code(exc: Exception) -> str:
    from botocore.exceptions import ClientError

    return str(exc.response.get("Error", {}).get("Code", "")) if isinstance(exc, ClientError) else ""


class S3Originals:
    def __init__(self, bucket: str, prefix: str, cache: Path, endpoint_url: str | None = None,
                 client: S3Client | None = None) -> None:
        self.bucket, self.prefix, self.root, self.endpoint_url = bucket, prefix.strip("/"), cache, endpoint_url
        self.client = client if client is not None else make_client(endpoint_url)

    def key(self, sha256: str) -> str:
        return f"{self.prefix}/{sha256}" if self.prefix else sha256

    def describe(self) -> str:
        where = f"s3://{self.bucket}/{self.prefix}".rstrip("/")
        return f"{where} at {self.endpoint_url}" if self.endpoint_url else where

    # -- reading ---------------------------------------------------------------------------

    def _head(self, sha256: str, checksum: bool = False) -> dict[str, Any] | None:
        try:
            extra: dict[str, Any] = {"ChecksumMode": "ENABLED"} if checksum else {}
            return dict(self.client.head_object(Bucket=self.bucket, Key=self.key(sha256), **extra))
        except Exception as exc:
            if _missing(exc):
                return None
            raise

    def has(self, sha256: str) -> bool:
        return self._head(sha256) is not None

    def size(self, sha256: str) -> int:
        head = self._head(sha256)
        if head is None:
            raise OriginalMissing(f"no stored original {sha256} in {self.describe()}")
        return int(head["ContentLength"])

    def hashes(self) -> Iterator[str]:
        from opis.store.originals import HASH

        start = f"{self.prefix}/" if self.prefix else ""
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=start):
            for item in page.get("Contents", []):
                name = str(item.get("Key", ""))[len(start):]
                if HASH.fullmatch(name):
                    yield name

    @contextmanager
    def open(self, sha256: str) -> Iterator[Any]:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))
        except Exception as exc:
            if _missing(exc):
                raise OriginalMissing(f"no stored original {sha256} in {self.describe()}") from None
            raise
        body = answer["Body"]
        try:
            yield body
        finally:
            body.close()

    def local_path(self, sha256: str) -> Path:
        target = self.root / sha256[:2] / sha256[2:4] / sha256
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".download-")
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, self.open(sha256) as body:
                while block := body.read(CHUNK):
                    digest.update(block)
                    out.write(block)
            if digest.hexdigest() != sha256:
                raise OriginalCorrupt(f"the object stored as {sha256} in {self.describe()} has the hash "
                                      f"{digest.hexdigest()}: it is damaged (run `opis fixity`)")
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return target

    def copy_to(self, sha256: str, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        with self.open(sha256) as body, target.open("wb") as out:
            while block := body.read(CHUNK):
                out.write(block)

    # -- writing ---------------------------------------------------------------------------

    def put_file(self, source: Path) -> tuple[str, int]:
        with source.open("rb") as fh:
            sha, size = hash_stream(fh)
        if self._kept(sha, size):
            return sha, size
        if size > MAX_PUT:
            raise OriginalConflict(f"{source.name}: {size} bytes is more than one S3 upload holds (5 GiB)")
        checksum = base64.b64encode(bytes.fromhex(sha)).decode("ascii")
        try:
            with source.open("rb") as body:
                self.client.put_object(Bucket=self.bucket, Key=self.key(sha), Body=body, ContentLength=size,
                                       ChecksumSHA256=checksum, IfNoneMatch="*")
        except Exception as exc:
            if _code(exc) not in ("PreconditionFailed", "ConditionalRequestConflict"):
                raise
            # Another writer stored this hash meanwhile: theirs stays, if it is the same size.
            self._kept(sha, size)
            return sha, size
        self._check_written(sha, size)
        return sha, size

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        with tempfile.NamedTemporaryFile(prefix="opis-put-", delete=False) as fh:
            fh.write(data)
        try:
            return self.put_file(Path(fh.name))
        finally:
            os.unlink(fh.name)

    def _kept(self, sha256: str, size: int) -> bool:
        """True if an object of this hash and size is stored already (its store's SHA-256 agreeing, when
        it keeps one); OriginalConflict if the object there differs: it is never replaced."""
        head = self._head(sha256, checksum=True)
        if head is None:
            return False
        stored = head.get("ChecksumSHA256")
        if int(head["ContentLength"]) != size or (stored and _hex(str(stored)) not in (sha256, None)):
            raise OriginalConflict(f"another object is stored as {sha256} in {self.describe()} "
                                   f"({head['ContentLength']} bytes); it is left as it is (run `opis fixity`)")
        return True

    def _check_written(self, sha256: str, size: int) -> None:
        """Compare the object just written with the bytes meant: by the store's SHA-256 if it kept
        one, otherwise by reading it back. A damaged write is removed (this write created it)."""
        head = self._head(sha256, checksum=True)
        stored = _hex(str(head.get("ChecksumSHA256") or "")) if head is not None else None
        if head is not None and stored is not None and int(head["ContentLength"]) == size:
            if stored == sha256:
                return
            got = stored
        else:
            from opis.store.originals import rehash

            try:
                got, got_size = rehash(self, sha256)
            except OriginalMissing:
                got, got_size = "nothing", 0
            if got == sha256 and got_size == size:
                return
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sha256))
        raise OriginalCorrupt(f"the upload of {sha256} to {self.describe()} stored other bytes ({got}); removed")


def _hex(checksum: str) -> str | None:
    """The hex digest of an S3 ``ChecksumSHA256`` (base64); None for a composite (multipart) one."""
    if not checksum or "-" in checksum:
        return None
    try:
        return base64.b64decode(checksum, validate=True).hex()
    except ValueError:
        return None


def make_client(endpoint_url: str | None) -> S3Client:
    """A boto3 S3 client; with an endpoint (MinIO, Ceph) it addresses buckets by path, which every
    S3-compatible store understands."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        raise RuntimeError("originals on S3 need boto3: pip install 'opis[s3]'") from None
    config = Config(s3={"addressing_style": "path"} if endpoint_url else {},
                    retries={"max_attempts": 5, "mode": "standard"})
    return boto3.client("s3", endpoint_url=endpoint_url, config=config)
