"""Admin registration for audio and video files."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from media_library.forms import MediaFileForm
from media_library.models import MediaFile


class MediaFileChooserViewSet(SnippetChooserViewSet):
    # Lets MediaFileChooser(media_type=...) open a modal with one media type,
    # also across search and pagination inside the modal.
    url_filter_parameters = ["media_type"]
    preserve_url_parameters = ["multiple", "media_type"]


class MediaFileViewSet(SnippetViewSet):
    model = MediaFile
    chooser_viewset_class = MediaFileChooserViewSet
    icon = "media"
    menu_label = _("Ljud och video")
    menu_name = "media_files"
    add_to_admin_menu = True
    # Between Images (300) and Documents (400).
    menu_order = 350
    list_display = [
        "title",
        "media_type",
        Column("duration_display", label=_("Längd"), sort_key="duration_seconds"),
    ]
    list_filter = ["media_type"]
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("file"),
            FieldPanel("duration_seconds"),
            FieldPanel("transcript"),
            InlinePanel("captions", label=_("Textningsfiler (WebVTT)")),
        ],
        base_form_class=MediaFileForm,
    )


register_snippet(MediaFileViewSet)
