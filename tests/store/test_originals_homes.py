"""Stored originals in both homes, a folder and an S3 bucket (moto's server on loopback): bytes come
back unchanged, the same bytes are stored once, nothing else is ever written under a hash, and a
damaged object is found rather than served. The files are FRUS 1949 vol. VII part 2 doc. 191 (public
domain; tests/data/images/PROVENANCE.md) as a PDF and as a PNG scan."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from opis.config import ConfigError, load_settings
from opis.store.originals import (
    OriginalConflict,
    OriginalCorrupt,
    OriginalMissing,
    Originals,
    OriginalsDir,
    open_originals,
    rehash,
)
from opis.store.originals.s3 import S3Originals, parse_s3_url
from tests.conftest import REPO_ROOT
from tests.support.s3 import client, new_bucket

PDF = REPO_ROOT / "tests" / "data" / "ingest" / "frus1949v07p2-d191.libreoffice.pdf"
PNG = REPO_ROOT / "tests" / "data" / "images" / "frus1949v07p2-d191-p1.png"
PREFIX = "archive/originals"


@pytest.fixture(params=["files", "s3"])
def home(request: pytest.FixtureRequest, tmp_path: Path) -> Originals:
    if request.param == "files":
        return OriginalsDir(tmp_path / "originals")
    endpoint: str = request.getfixturevalue("s3_endpoint")
    return S3Originals(new_bucket(endpoint, versioned=True), PREFIX, tmp_path / "cache", endpoint)


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def test_a_file_goes_in_and_comes_back_unchanged(home: Originals, tmp_path: Path) -> None:
    data = PDF.read_bytes()
    sha, size = home.put_file(PDF)
    assert (sha, size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert home.has(sha) and home.size(sha) == size and list(home.hashes()) == [sha]
    with home.open(sha) as fh:
        assert fh.read() == data
    assert home.local_path(sha).read_bytes() == data
    home.copy_to(sha, tmp_path / "out" / "copy.pdf")
    assert (tmp_path / "out" / "copy.pdf").read_bytes() == data
    assert rehash(home, sha) == (sha, size)


def test_the_same_bytes_are_stored_once(home: Originals) -> None:
    first = home.put_file(PNG)
    assert home.put_file(PNG) == first == home.put_bytes(PNG.read_bytes())
    assert list(home.hashes()) == [first[0]]
    if isinstance(home, S3Originals):  # a versioned bucket keeps every write: there was one
        versions = home.client.list_object_versions(Bucket=home.bucket).get("Versions", [])
        assert [v.get("Key") for v in versions] == [f"{PREFIX}/{first[0]}"]
    else:
        assert [p.name for p in home.root.rglob("*") if p.is_file()] == [first[0]]


def test_hashes_come_in_order_and_absent_ones_are_missing(home: Originals) -> None:
    shas = [home.put_bytes(f"letter {n}".encode())[0] for n in range(12)]
    assert list(home.hashes()) == sorted(shas)
    absent = hashlib.sha256(b"never stored").hexdigest()
    assert not home.has(absent)
    with pytest.raises(OriginalMissing):
        home.size(absent)
    with pytest.raises(OriginalMissing), home.open(absent):
        pass


def test_another_object_under_a_hash_is_never_overwritten(s3_endpoint: str, tmp_path: Path) -> None:
    home = S3Originals(new_bucket(s3_endpoint), PREFIX, tmp_path / "cache", s3_endpoint)
    sha = hashlib.sha256(PNG.read_bytes()).hexdigest()
    intruder = b"not the scan"
    home.client.put_object(Bucket=home.bucket, Key=home.key(sha), Body=intruder)
    with pytest.raises(OriginalConflict, match="left as it is"):
        home.put_file(PNG)
    assert home.client.get_object(Bucket=home.bucket, Key=home.key(sha))["Body"].read() == intruder


def test_a_damaged_object_is_refused_not_served(s3_endpoint: str, tmp_path: Path) -> None:
    home = S3Originals(new_bucket(s3_endpoint), PREFIX, tmp_path / "cache", s3_endpoint)
    sha, _ = home.put_file(PNG)
    damaged = _flip(PNG.read_bytes(), 1000)
    home.client.put_object(Bucket=home.bucket, Key=home.key(sha), Body=damaged)
    with pytest.raises(OriginalCorrupt, match="damaged"):
        home.local_path(sha)
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]  # nothing half-kept in the cache
    assert rehash(home, sha) == (hashlib.sha256(damaged).hexdigest(), len(damaged))


class _DamagingClient:
    """boto3's client, except that put_object sends the body with one byte flipped (a fault on the way)."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def put_object(self, **kwargs: Any) -> Any:
        body = kwargs.pop("Body").read()
        kwargs.pop("ChecksumSHA256")  # moto does not check it; AWS and MinIO would refuse the damaged body
        return self.real.put_object(Body=_flip(body, len(body) // 2), **kwargs)


def test_an_upload_damaged_on_the_way_is_found_and_removed(s3_endpoint: str, tmp_path: Path) -> None:
    bucket = new_bucket(s3_endpoint)
    home = S3Originals(bucket, PREFIX, tmp_path / "cache", s3_endpoint,
                       client=_DamagingClient(client(s3_endpoint)))  # type: ignore[arg-type]
    with pytest.raises(OriginalCorrupt, match="removed"):
        home.put_file(PDF)
    assert list(home.hashes()) == []


def test_the_originals_setting_chooses_the_home(s3_endpoint: str, tmp_path: Path) -> None:
    settings = load_settings({"OPIS_DATA_DIR": str(tmp_path), "OPIS_ORIGINALS": "s3://opis-archive/frus/originals",
                              "OPIS_S3_ENDPOINT_URL": s3_endpoint + "/"})
    chosen = open_originals(settings)
    assert isinstance(chosen, S3Originals)
    assert (chosen.bucket, chosen.prefix, chosen.endpoint_url) == ("opis-archive", "frus/originals", s3_endpoint)
    assert chosen.root == tmp_path / "cache" / "originals"
    shared = open_originals(load_settings({"OPIS_DATA_DIR": str(tmp_path), "OPIS_ORIGINALS": str(tmp_path / "nfs")}))
    assert isinstance(shared, OriginalsDir) and shared.root == tmp_path / "nfs"
    assert isinstance(open_originals(load_settings({"OPIS_DATA_DIR": str(tmp_path)})), OriginalsDir)
    for bad in ("s3://Bad_Bucket/x", "s3://ab", "ftp://host/originals"):
        with pytest.raises(ConfigError, match="OPIS_ORIGINALS"):
            load_settings({"OPIS_ORIGINALS": bad})
    with pytest.raises(ConfigError, match="OPIS_S3_ENDPOINT_URL"):
        load_settings({"OPIS_S3_ENDPOINT_URL": "minio:9000"})
    assert parse_s3_url("s3://opis-archive") == ("opis-archive", "")
