"""Chooser widget for MediaFile foreign keys that lists only audio or only video."""

from urllib.parse import urlencode

from wagtail.snippets.widgets import AdminSnippetChooser

from media_library.models import MediaFile


class MediaFileChooser(AdminSnippetChooser):
    """Snippet chooser whose modal is filtered to one media type.

    Use as `FieldPanel("video", widget=MediaFileChooser(media_type="video"))`.
    A plain `FieldPanel` also works but lists every file.
    """

    def __init__(self, media_type: str | None = None, **kwargs) -> None:
        self.media_type = media_type
        super().__init__(model=MediaFile, **kwargs)

    def get_chooser_modal_url(self) -> str:
        url = super().get_chooser_modal_url()
        if self.media_type:
            url = f"{url}?{urlencode({'media_type': self.media_type})}"
        return url
