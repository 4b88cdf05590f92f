"""An image upload field that refuses bad images with a form error, never a crash."""

import warnings
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField

from PIL import Image as PILImage

from media_library.validators import CORRUPT_IMAGE_MESSAGE, validate_image_content


def read_image_dimensions(file: Any) -> tuple[int, int, int] | None:
    """Return (width, height, frames) from the header, or None if Pillow refuses.

    Pillow raises DecompressionBombError (and warns, made an error here) for
    sizes far beyond any setting, before anything is decoded.
    """
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                width, height = image.size
                return width, height, getattr(image, "n_frames", 1)
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return None
    finally:
        file.seek(0)


class CheckedImageField(WagtailImageField):
    """WagtailImageField that counts pixels from the header and then decodes.

    Wagtail measures an image through Willow, which decodes the whole file with
    Pillow to learn its size: a truncated file then raises OSError out of form
    validation (a server error), and an oversized one is decoded before it is
    refused. Here the size comes from the header alone, and only an image within
    the limit is decoded, with any decoder error turned into a form error.
    """

    def check_image_pixel_size(self, f: Any) -> None:
        try:
            dimensions = read_image_dimensions(f)
        except Exception as exc:
            raise ValidationError(CORRUPT_IMAGE_MESSAGE, code="corrupt_image") from exc

        if dimensions is None:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {
                    "num_pixels": _("okänt antal"),
                    "max_pixels_count": self.max_image_pixels
                    or PILImage.MAX_IMAGE_PIXELS,
                },
                code="file_too_many_pixels",
            )

        width, height, frames = dimensions
        num_pixels = width * height * frames
        if self.max_image_pixels is not None and num_pixels > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": num_pixels, "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )

        validate_image_content(f)

    def to_python(self, data: Any) -> Any:
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as exc:
            # Anything else escaping from parsing an uploaded file is a bad file,
            # not a bug worth a server error.
            raise ValidationError(CORRUPT_IMAGE_MESSAGE, code="corrupt_image") from exc
