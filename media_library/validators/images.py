"""Images: every frame decoded, so a damaged image is refused at upload."""

import warnings
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from PIL import Image as PILImage
from PIL import ImageSequence

CORRUPT_IMAGE_MESSAGE = _(
    "Bildfilen är skadad eller ofullständig och kan inte visas. Spara om bilden "
    "i ett bildprogram och försök igen."
)


def validate_image_content(file: IO[bytes]) -> None:
    """Decode every frame so that truncated or corrupt images are refused now.

    Run it only after the pixel count has been checked from the header
    (CheckedImageField does both): decoding is what costs memory.
    """
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its limit; treat that as a refusal too.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                for frame in ImageSequence.Iterator(image):
                    frame.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            _("Bilden har för många pixlar. Minska bildens storlek och försök igen."),
            code="too_many_pixels",
        ) from None
    except Exception as exc:
        # Decoders raise many types (OSError, SyntaxError, ValueError, zlib and
        # struct errors …) for damaged data; all mean the same to the editor.
        raise ValidationError(CORRUPT_IMAGE_MESSAGE, code="corrupt_image") from exc
    finally:
        file.seek(0)
