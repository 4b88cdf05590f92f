"""A real S3 server of the tests' own (moto's server mode) on a free port.

Like AWS, it refuses an unsigned GET of an object whose ACL does not make it
public. Unlike AWS it does not check the signature or expiry of a signed URL
(moto only checks signatures with its IAM mode, where signed URLs fail), so
the tests check that URLs are signed and that unsigned ones are refused.
"""

import subprocess
import sys
import urllib.error
import urllib.request
import uuid

import boto3

from tests.ops.local_server import stop, wait_until_listening
from tests.ops.redis_server import free_port

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"  # moto accepts any key pair
REGION = "eu-north-1"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


class S3Server:
    """`python -m moto.server` on 127.0.0.1:`port`, holding everything in memory."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "S3Server":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server"]
            + ["-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_listening(self.process, self.port, 30, "moto's S3 server")
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def create_bucket(self) -> str:
        """A new, empty bucket with the defaults a new AWS bucket has (private)."""
        name = f"media-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def environment(self, bucket: str) -> dict[str, str]:
        """The variables an operator sets for this server (README, "Media storage")."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_ADDRESSING_STYLE": "path",
        }

    def read(self, bucket: str, key: str) -> bytes:
        """The object's bytes, read with the storage's credentials."""
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()

    def public_grants(self, bucket: str, key: str) -> list[str]:
        acl = self.client().get_object_acl(Bucket=bucket, Key=key)
        return [
            grant["Permission"]
            for grant in acl["Grants"]
            if grant["Grantee"].get("URI") == ALL_USERS
        ]


def http_get(url: str) -> tuple[int, bytes]:
    """(status, body) of a plain GET, as a browser or anyone with the URL does it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
