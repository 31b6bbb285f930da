"""An S3-compatible object store for tests: moto's server on loopback, a real HTTP endpoint that boto3
talks to exactly as it talks to AWS, MinIO or Ceph (not moto's in-process patching)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

# moto accepts any credentials; boto3 wants some, from the same variables a deployment sets.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "opis-tests", "AWS_SECRET_ACCESS_KEY": "opis-tests",
               "AWS_DEFAULT_REGION": "us-east-1"}


@contextmanager
def moto_server() -> Iterator[str]:
    """Start moto's S3 server on a free loopback port; yield its endpoint URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def client(endpoint: str) -> S3Client:
    import boto3
    from botocore.config import Config

    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"], region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}))


def new_bucket(endpoint: str, versioned: bool = False) -> str:
    """A fresh bucket (each test its own: the server lives for the whole session)."""
    name = f"opis-{uuid.uuid4().hex[:20]}"
    s3 = client(endpoint)
    s3.create_bucket(Bucket=name)
    if versioned:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name
