"""Admin forms that check uploaded content and the image accessibility fields."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from media_library.fields import CheckedImageField
from media_library.signal_handlers import delete_file_after_commit
from media_library.validators import (
    MEDIA_EXTENSIONS,
    sniff_media,
    validate_document_content,
)

ALT_TEXT_REQUIRED_MESSAGE = _(
    "Skriv en alternativtext som beskriver bilden, eller markera bilden som "
    "dekorativ om den inte tillför någon information."
)


def checked_image_field(field: forms.Field) -> CheckedImageField:
    """Return a CheckedImageField configured like `field`."""
    return CheckedImageField(
        label=field.label,
        required=field.required,
        widget=field.widget,
        max_length=field.max_length,
    )


class CustomImageForm(BaseImageForm):
    class Meta(BaseImageForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # get_image_form() builds Wagtail's own field; swap in the one that
            # decodes safely (see CheckedImageField), keeping the configured widget.
            self.fields["file"] = checked_image_field(self.fields["file"])
        if "alt_text_reviewed" in self.fields and (
            self.instance.pk is None or self.instance.alt_text_reviewed
        ):
            # Only an imported image's proposed alt text awaits review; an
            # upload's is the editor's own.
            del self.fields["alt_text_reviewed"]

    def clean(self):
        cleaned_data = super().clean()
        # Forms built with a subset of fields (partial updates) leave alt text
        # alone; every form that shows the field must enforce it.
        if "alt_text" not in self.fields:
            return cleaned_data
        if "is_decorative" in self.fields:
            is_decorative = cleaned_data.get("is_decorative", False)
        else:
            is_decorative = self.instance.is_decorative
        alt_text = (cleaned_data.get("alt_text") or "").strip()
        if not is_decorative and not alt_text and "alt_text" not in self.errors:
            self.add_error("alt_text", ALT_TEXT_REQUIRED_MESSAGE)
        return cleaned_data


class CustomDocumentForm(BaseDocumentForm):
    class Meta(BaseDocumentForm.Meta):
        pass

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_document_content(file)
        return file


class MediaFileForm(WagtailAdminModelForm):
    """Base form for MediaFile: type, MIME type and size come from the bytes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.original_file = self.instance.file
        if "file" in self.fields:
            field = self.fields["file"]
            field.widget.attrs["accept"] = ",".join(f".{e}" for e in MEDIA_EXTENSIONS)
            field.help_text = _(
                "Ljud (MP3, M4A, Ogg/Opus, WAV) eller video (MP4, WebM). "
                "Största filstorlek: %(max_size)s."
            ) % {"max_size": filesizeformat(settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZE)}

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            media_type, mime_type = sniff_media(file)
            # Not form fields, so set them on the instance the form will save.
            self.instance.media_type = media_type
            self.instance.mime_type = mime_type
            self.instance.file_size = file.size
        return file

    def save(self, commit=True):
        if self.instance.pk is None and self.for_user is not None:
            self.instance.uploaded_by_user = self.for_user
        instance = super().save(commit=commit)
        if commit and "file" in self.changed_data:
            # A replaced file is no longer referenced by anything.
            delete_file_after_commit(self.original_file)
        return instance
