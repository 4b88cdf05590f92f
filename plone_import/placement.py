"""Where imported items go: Plone's folders become topics under themes.

A folder with an entry in the mapping gets that topic (an existing one by
slug, or one made with the given title); a folder without one puts its items
into its nearest ancestor's topic, and a top-level folder without one gets a
topic of its own, with its title, under the default theme. Items right in a
language folder go to the default topic. A keyword mapped to a topic wins
over the folder.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import Page

from pages.models import ThemeHubPage, TopicPage

from .inline import cut_at_word
from .items import PloneItem
from .mapping import Mapping, TopicChoice

INTRO_MAX_LENGTH = 500  # TopicPage.intro


class PlacementError(Exception):
    """The item has no place in the tree; the message says what to map."""


class Topics:
    """The site's themes and topics, and topics made on demand."""

    def __init__(self, home: Page):
        self.themes = {
            theme.slug: theme for theme in ThemeHubPage.objects.child_of(home)
        }
        self.made: list[TopicPage] = []

    def choose(
        self, choice: TopicChoice, slug: str = "", intro: str = "", live: bool = True
    ) -> tuple[TopicPage, bool]:
        """The topic `choice` names, made if missing; (topic, made now)."""
        theme = self.themes.get(choice.theme)
        if theme is None:
            raise PlacementError(
                _("Temat %(slug)s finns inte på webbplatsen.") % {"slug": choice.theme}
            )
        children = TopicPage.objects.child_of(theme)
        slug = slugify(slug or choice.topic) or "amne"
        for candidate in (choice.topic, slug):
            existing = children.filter(slug=candidate).first()
            if existing is not None:
                return existing, False
        topic = TopicPage(
            title=choice.topic,
            slug=slug,
            intro=cut_at_word(intro, INTRO_MAX_LENGTH),
            live=False,
        )
        theme.add_child(instance=topic)
        revision = topic.save_revision()
        if live:
            revision.publish()
        self.made.append(topic)
        return topic, True


class Placement:
    """Folder paths to topic page ids; `structure` holds the language
    folders, which are no topics."""

    def __init__(self, mapping: Mapping, topics: Topics):
        self.mapping = mapping
        self.topics = topics
        self.targets: dict[str, int] = {}
        self.structure: set[str] = {"/"}

    def folder_topic(self, item: PloneItem) -> tuple[TopicPage, bool]:
        """The topic for a folder's items; (topic, made for this folder)."""
        choice = self.mapping.folders.get(item.path)
        if choice is not None:
            titled = TopicChoice(choice.topic or item.title, choice.theme)
            slug = "" if choice.topic else item.plone_id
            return self.topics.choose(
                titled, slug, item.description, live=item.published
            )
        ancestor = self._ancestor_target(item.parent_path)
        if ancestor is not None:
            return TopicPage.objects.get(pk=ancestor), False
        if not self._is_top_level(item):
            raise PlacementError(
                _("Mappen ligger i en mapp som inte kunde importeras.")
            )
        if not self.mapping.theme:
            raise PlacementError(
                _(
                    "Mappen har ingen rad i [folders] och [defaults] theme saknas i "
                    "mappningsfilen."
                )
            )
        choice = TopicChoice(item.title, self.mapping.theme)
        return self.topics.choose(
            choice, item.plone_id, item.description, live=item.published
        )

    def item_topic(self, item: PloneItem) -> TopicPage:
        """The topic a page for `item` goes under."""
        for subject in item.subjects:
            rule = self.mapping.subjects.get(subject.casefold())
            if rule is not None and rule.topic is not None:
                return self.topics.choose(rule.topic)[0]
        ancestor = self._ancestor_target(item.parent_path)
        if ancestor is not None:
            return TopicPage.objects.get(pk=ancestor)
        if not self._is_top_level(item):
            raise PlacementError(_("Mappen som objektet ligger i importerades inte."))
        default = self.mapping.default_topic
        if default is None:
            raise PlacementError(
                _(
                    "Objektet ligger direkt i en språkmapp och [defaults] topic "
                    "saknas i mappningsfilen."
                )
            )
        return self.topics.choose(default)[0]

    def _ancestor_target(self, path: str) -> int | None:
        while path not in self.structure:
            if path in self.targets:
                return self.targets[path]
            path = path.rsplit("/", 1)[0] or "/"
        return None

    def _is_top_level(self, item: PloneItem) -> bool:
        return item.parent_path in self.structure
