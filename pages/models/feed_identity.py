"""The identity a resource keeps in feeds: a UUID of its own, whatever its address.

Podcast apps and feed readers know an item by its guid (RSS) or id (Atom). A
page's URL changes with the host, the port, a slug or a move; feed_guid does
not. Every page that appears in a feed has its own: a copy, a translation and
a member site's alias are items of their own, each stable across edits,
publishes and the fan-out's syncs.
"""

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from .sites import HOME_PATH_LENGTH


def alias_feed_guid(source_guid: uuid.UUID, site_key: uuid.UUID) -> uuid.UUID:
    """An alias's feed guid: its source's, made its site's.

    `site_key` is the translation key of the home page of the alias's site
    (shared by the home's translations, never edited). Derived rather than
    drawn, so the alias a member site gets again (after hiding GR's material
    and showing it again, or being left out of the sharing and taken back)
    is the same item to its subscribers, not a new one.
    pages/migrations/0010_feed_identity.py gives existing aliases the same.
    """
    return uuid.uuid5(source_guid, str(site_key))


class FeedIdentityMixin(models.Model):
    """A feed guid per page, kept by copies of content but not by copies of pages."""

    feed_guid = models.UUIDField(_("id i flöden"), default=uuid.uuid4, editable=False)

    # A copied page and a translation (Wagtail's copy and copy_for_translation,
    # which wagtail-localize uses) get a new one from the default. The field is
    # not editable, so wagtail-localize does not synchronise it either.
    exclude_fields_in_copy: ClassVar[list[str]] = ["feed_guid"]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is None and self.alias_of_id is not None:
            # Wagtail's create_alias copies every field, this one too: the
            # alias would be its source in the feeds of its own site.
            self.feed_guid = self._alias_feed_guid()
        return super().save(*args, **kwargs)

    def _alias_feed_guid(self) -> uuid.UUID:
        home_key = (
            Page.objects.filter(path=self.path[:HOME_PATH_LENGTH])
            .values_list("translation_key", flat=True)
            .first()
        )
        if home_key is None:
            return uuid.uuid4()
        return alias_feed_guid(self.feed_guid, home_key)

    def with_content_json(self, content):
        # The content of a revision or, for an alias, of its source
        # (Page.update_aliases): the guid belongs to the page, not to the
        # content, like Wagtail's own translation_key and alias_of.
        page = super().with_content_json(content)
        page.feed_guid = self.feed_guid
        return page
