"""An image upload field that refuses bad images with a form error, never a crash."""

import warnings
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField

from PIL import Image as PILImage

from media_library.validators import CORRUPT_IMAGE_MESSAGE, validate_image_content


def read_image_dimensions(
    file: Any, max_frames: int | None = None
) -> tuple[int, int, int] | None:
    """Return (width, height, frames) from the header, or None if Pillow refuses.

    Pillow raises DecompressionBombError (and warns, made an error here) for
    sizes far beyond any setting, before anything is decoded. Frames are
    counted up to one past `max_frames` (default MEDIA_LIBRARY_MAX_IMAGE_FRAMES):
    Pillow's n_frames would walk every frame of the file, and a small GIF
    can hold hundreds of thousands.
    """
    if max_frames is None:
        max_frames = settings.MEDIA_LIBRARY_MAX_IMAGE_FRAMES
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                width, height = image.size
                return width, height, _count_frames(image, max_frames)
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return None
    finally:
        file.seek(0)


def _count_frames(image: PILImage.Image, limit: int) -> int:
    """The number of frames, or limit + 1 if there are more."""
    if not getattr(image, "is_animated", False):
        return 1
    frames = 1
    try:
        while frames <= limit:
            image.seek(frames)
            frames += 1
    except EOFError:
        pass
    return frames


class CheckedImageField(WagtailImageField):
    """WagtailImageField that counts pixels from the header and then decodes.

    Wagtail measures an image through Willow, which decodes the whole file with
    Pillow to learn its size: a truncated file then raises OSError out of form
    validation (a server error), and an oversized one is decoded before it is
    refused. Here the size comes from the header alone, and only an image within
    the limit is decoded, with any decoder error turned into a form error.
    An animation is refused past MEDIA_LIBRARY_MAX_IMAGE_FRAMES frames before
    any frame is decoded, so validation stays well under a second.
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
        max_frames = settings.MEDIA_LIBRARY_MAX_IMAGE_FRAMES
        if frames > max_frames:
            raise ValidationError(
                _(
                    "Den animerade bilden har fler än %(max_frames)s bildrutor. "
                    "Korta animationen eller ladda upp en stillbild."
                )
                % {"max_frames": max_frames},
                code="too_many_frames",
            )
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
