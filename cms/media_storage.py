"""The S3 storage of uploads: public material under stable public URLs,
documents private.

Images (originals and renditions), audio, video and captions are public
material: the site and the API give out their URLs, and the API's answers
are revalidated with ETags for as long as the content does not change, so a
signed URL, which expires, would break in a consumer's hands. They are
uploaded readable by anyone (`public-read`, or a bucket policy for these
prefixes where the bucket refuses ACLs) and linked without a signature.
Documents may be in a private collection: they are never readable from the
bucket without the storage's credentials; the CMS serves them after its
privacy check (WAGTAILDOCS_SERVE_METHOD = "serve_view"), and any URL the
storage gives for one is signed and expires.
"""

from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# Wagtail's and media_library's upload folders of public material.
PUBLIC_PREFIXES = ("original_images/", "images/", "media/", "captions/")


def is_public(name: str) -> bool:
    return clean_name(name).startswith(PUBLIC_PREFIXES)


class MediaStorage(S3Storage):
    def __init__(self, public_acl: bool = True, **settings):
        # False where the bucket refuses ACLs (AWS's default since 2023):
        # a bucket policy then makes the public prefixes readable.
        self.public_acl = public_acl
        super().__init__(**settings)

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if self.public_acl and is_public(name):
            parameters["ACL"] = "public-read"
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not is_public(name) or self.custom_domain:
            return super().url(name, parameters, expire, http_method)
        return self.unsigned_connection.meta.client.generate_presigned_url(
            "get_object",
            Params={
                **(parameters or {}),
                "Bucket": self.bucket.name,
                "Key": self._normalize_name(clean_name(name)),
            },
            HttpMethod=http_method,
        )
