from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from pages.blocks import SpeakerStreamBlock

from .base import ResourcePage, resource_edit_handler, resource_panels
from .video import VideoFieldsMixin


class WebinarPage(VideoFieldsMixin, ResourcePage):
    """A recorded webinar: the video fields plus date, speakers and slides."""

    kind = "webinar"

    held_on = models.DateField(_("datum för webbinariet"), null=True, blank=True)
    speakers = StreamField(SpeakerStreamBlock(), verbose_name=_("talare"), blank=True)
    slides = models.ForeignKey(
        "media_library.CustomDocument",
        verbose_name=_("presentationsbilder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    kind_panels: ClassVar[list] = [
        MultiFieldPanel(
            [FieldPanel("held_on"), FieldPanel("speakers"), FieldPanel("slides")],
            heading=_("Webbinarium"),
        ),
        *VideoFieldsMixin.video_panels,
    ]
    content_panels = resource_panels(kind_panels)
    edit_handler = resource_edit_handler(kind_panels)
    search_fields: ClassVar[list] = [
        *ResourcePage.search_fields,
        index.SearchField("transcript"),
        index.SearchField("speakers"),
    ]

    def search_body_extra(self) -> list[str]:
        speakers = self.speakers.stream_block.get_searchable_content(self.speakers)
        return [*super().search_body_extra(), *speakers]

    class Meta:
        verbose_name = _("webbinarium")
        verbose_name_plural = _("webbinarier")
