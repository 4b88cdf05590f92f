"""The abstract resource page shared by every resource kind."""

import datetime
from typing import ClassVar

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from pages.blocks import ResourceStreamBlock
from pages.forms import ResourcePageForm
from pages.panels import SharingStatusPanel
from search.analysis import language_of
from search.elasticsearch import text_mapping

from .cacheable import CacheablePageMixin
from .feed_identity import FeedIdentityMixin
from .preview import HeadlessPreviewMixin
from .roles import Role, RolesPanel
from .sharing import SharedPageMixin, ShareWith

# The messages editors see when a page is not ready to publish.
MISSING_ROLE_MESSAGE = _(
    "Välj minst en roll som materialet riktar sig till innan du publicerar."
)
MISSING_ALT_TEXT_MESSAGE = _(
    "Bilden saknar alternativtext. Skriv en alternativtext för bilden i "
    "bildbiblioteket, eller markera den som dekorativ, innan du publicerar."
)
UNREVIEWED_ALT_TEXT_MESSAGE = _(
    "Bilden har en föreslagen alternativtext som ingen har granskat. Granska den "
    "i bildbiblioteket och kryssa i ”Alternativtexten är granskad” innan du "
    "publicerar."
)
UNREVIEWED_BODY_IMAGES_MESSAGE = _(
    "Bilderna %(titles)s i brödtexten har föreslagna alternativtexter som ingen har "
    "granskat. Granska dem i bildbiblioteket och kryssa i ”Alternativtexten är "
    "granskad” innan du publicerar."
)

RESOURCE_PAGE_MODELS = [
    "pages.ArticlePage",
    "pages.VideoPage",
    "pages.WebinarPage",
    "pages.PodcastEpisodePage",
    "pages.LinkPage",
]


def default_review_by() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


class ResourcePageRelated(Orderable):
    """A related resource shown beside a resource."""

    page = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="related_links"
    )
    target = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("relaterat material"),
    )

    panels = [PageChooserPanel("target", RESOURCE_PAGE_MODELS)]

    class Meta(Orderable.Meta):
        verbose_name = _("relaterat material")
        verbose_name_plural = _("relaterat material")


def resource_panels(kind_panels: list | None = None) -> list:
    """Editor panels of a resource: shared fields around the kind's own ones."""
    return [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("listing_image"),
        RolesPanel("roles"),
        *(kind_panels or []),
        FieldPanel("body"),
        InlinePanel(
            "related_links", heading=_("Relaterat material"), label=_("Material")
        ),
        MultiFieldPanel(
            [FieldPanel("content_owner"), FieldPanel("review_by")],
            heading=_("Ansvar"),
        ),
    ]


SHARE_PANELS = [
    FieldPanel("share_with"),
    FieldPanel("share_sites", widget=forms.CheckboxSelectMultiple),
    SharingStatusPanel(heading=_("Delningsstatus")),
]


def resource_edit_handler(kind_panels: list | None = None) -> TabbedInterface:
    """The editor's tabs for a resource, with sharing in a tab of its own."""
    return TabbedInterface(
        [
            ObjectList(resource_panels(kind_panels), heading=_("Innehåll")),
            ObjectList(SHARE_PANELS, heading=_("Dela med")),
            ObjectList(Page.promote_panels, heading=_("Marknadsför")),
            ObjectList(Page.settings_panels, heading=_("Inställningar")),
        ],
        base_form_class=ResourcePageForm,
    )


class ResourcePage(
    HeadlessPreviewMixin, CacheablePageMixin, SharedPageMixin, FeedIdentityMixin, Page
):
    """Fields, panels and rules shared by every resource kind."""

    kind: ClassVar[str]

    summary = models.TextField(
        _("sammanfattning"),
        max_length=300,
        help_text=_(
            "Högst 300 tecken, utan formatering. Visas i listor, sökträffar och API:t."
        ),
    )
    listing_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("listbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ResourceStreamBlock(), verbose_name=_("brödtext"), blank=True)
    content_owner = models.CharField(
        _("innehållsansvarig"),
        max_length=200,
        help_text=_("Den organisation eller enhet som ansvarar för innehållet."),
    )
    share_with = models.CharField(
        _("dela med"),
        max_length=10,
        choices=ShareWith.choices,
        default=ShareWith.ALL,
        help_text=_(
            "Gäller material på Göteborgsregionens webbplats: vilka medlemskommuner "
            "som automatiskt visar det på sina webbplatser."
        ),
    )
    share_sites = ParentalManyToManyField(
        "pages.SiteProfile",
        verbose_name=_("valda medlemskommuner"),
        blank=True,
        related_name="+",
        limit_choices_to={"is_hub": False},
    )
    review_by = models.DateField(
        _("granskas senast"),
        default=default_review_by,
        help_text=_("Datum då innehållet senast ska ses över."),
    )

    parent_page_types: ClassVar[list[str]] = ["pages.TopicPage"]
    subpage_types: ClassVar[list[str]] = []
    base_form_class = ResourcePageForm

    content_panels = resource_panels()
    edit_handler = resource_edit_handler()

    # For Wagtail's stock API v2 (/api/v2/): the fields it may return, no
    # more than the delivery API shows.
    api_fields: ClassVar[list] = [APIField("summary"), APIField("listing_image")]
    search_fields: ClassVar[list] = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields(
            "role_links", [index.RelatedFields("role", [index.SearchField("name")])]
        ),
        # The public Elasticsearch index (search/elasticsearch.py): the parts
        # of search_texts() in the page's language, analysed for it.
        index.SearchField("search_text_sv", es_extra=text_mapping("sv")),
        index.SearchField("search_text_en", es_extra=text_mapping("en")),
    ]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.localize_links()
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        self.localize_links()
        return super().save_revision(*args, **kwargs)

    def localize_links(self) -> None:
        """Point role and related links at this page's own locale.

        Wagtail's copy_for_translation and wagtail-localize copy child objects
        as they are (wagtail-localize #820), and neither runs full_clean, so
        this runs on every save and every new revision.
        """
        if not self.locale_id:
            return
        role_ids = {link.role_id for link in self.role_links.all() if link.role_id}
        foreign_roles = {
            role.pk: role
            for role in Role.objects.filter(pk__in=role_ids).exclude(
                locale_id=self.locale_id
            )
        }
        for link in self.role_links.all():
            if link.role_id in foreign_roles:
                link.role = foreign_roles[link.role_id].for_locale(self.locale)
        for link in self.related_links.all():
            if link.target_id and link.target.locale_id != self.locale_id:
                translation = link.target.get_translation_or_none(self.locale)
                if translation is not None:
                    link.target = translation

    def publish_errors(self, role_count: int | None = None) -> dict[str, list[str]]:
        """What stops this page from being published, by form field name.

        Drafts may be incomplete; the edit form and the bulk publish action
        both ask this before publishing. The edit form passes `role_count`
        because its role links are not on the instance until it is saved.
        """
        errors: dict[str, list[str]] = {}
        if role_count is None:
            role_count = sum(1 for link in self.role_links.all() if link.role_id)
        if role_count == 0:
            errors.setdefault("__all__", []).append(str(MISSING_ROLE_MESSAGE))
        image = self.listing_image
        if image is not None and not image.alt_text_reviewed:
            errors.setdefault("listing_image", []).append(
                str(UNREVIEWED_ALT_TEXT_MESSAGE)
            )
        elif image is not None and image.missing_alt_text:
            errors.setdefault("listing_image", []).append(str(MISSING_ALT_TEXT_MESSAGE))
        unreviewed = self.unreviewed_body_images()
        if unreviewed:
            titles = ", ".join(f"”{image.title}”" for image in unreviewed)
            errors.setdefault("body", []).append(
                str(UNREVIEWED_BODY_IMAGES_MESSAGE) % {"titles": titles}
            )
        return errors

    def unreviewed_body_images(self) -> list:
        """The body's images whose alt text is a proposal nobody has reviewed.

        A body image carries its own alt text (Wagtail's ImageBlock), which the
        editor's chooser fills in from the image's; a proposed one (an
        imported image's) must be reviewed in the library before publishing.
        """
        found = {}
        for block in self.body:
            if block.block_type != "figure":
                continue
            image = block.value.get("image")
            if image is not None and not image.alt_text_reviewed:
                found.setdefault(image.pk, image)
        return list(found.values())

    @property
    def roles(self) -> list:
        return [link.role for link in self.role_links.all()]

    def search_texts(self, titles: dict[str, str] | None = None) -> dict[str, list]:
        """What search finds this resource by, field by field, strongest first.

        "meta" is where the resource sits and whom it is for: its topic and
        theme, roles, kind, and the kind's own labels (publisher, series);
        "body" is its text and what is said in it (transcripts). The search
        app (search/documents.py) analyses and indexes these. `titles` maps
        tree paths to page titles, for indexing many pages at once.
        """
        step = self.steplen
        parents = (self.path[:-step], self.path[: -2 * step])  # topic, theme
        if titles is None:
            titles = dict(
                Page.objects.filter(path__in=parents).values_list("path", "title")
            )
        with translation.override(self.locale.language_code):
            kind = str(self._meta.verbose_name)
        return {
            "title": [self.title],
            "summary": [self.summary],
            "meta": [
                *(titles[path] for path in parents if path in titles),
                *(role.name for role in self.roles if role is not None),
                kind,
                *self.search_meta_extra(),
            ],
            "body": [
                *self.body.stream_block.get_searchable_content(self.body),
                *self.search_body_extra(),
            ],
        }

    def search_text_sv(self) -> dict[str, list[str]]:
        """search_texts() for Elasticsearch's Swedish fields; empty unless Swedish."""
        return self._search_text_in("sv")

    def search_text_en(self) -> dict[str, list[str]]:
        """search_texts() for Elasticsearch's English fields; empty unless English."""
        return self._search_text_in("en")

    def _search_text_in(self, language: str) -> dict[str, list[str]]:
        # Wagtail's database backend (the admin's search) indexes these too:
        # an empty dict adds nothing to it, where None would add "None".
        if language_of(self.locale.language_code) != language:
            return {}
        return {
            part: [text for text in texts if text]
            for part, texts in self.search_texts().items()
        }

    def search_meta_extra(self) -> list[str]:
        """Labels of the kind that search should find it by (publisher, series)."""
        return []

    def search_body_extra(self) -> list[str]:
        """Text of the kind beyond the body (a transcript, the speakers)."""
        return []
