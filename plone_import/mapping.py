"""The mapping file: where a Plone site's folders, keywords and creators go.

A small TOML file (docs/plone-import-mapping.example.toml has one to copy):

    [defaults]
    organisation = "Göteborgsregionen"   # content owner when no creator maps
    theme = "trygghetsskapande"          # theme of topics made for folders
    topic = "lagesbild-och-atgardsplan"  # items right in a language folder

    [folders."/sv/trygghet"]             # a folder's path from the site root
    theme = "trygghetsskapande"          # optional: defaults.theme
    topic = "Trygghetsskapande arbete"   # an existing topic's slug, or the
                                         # title of a topic to make
    [subjects."Bygg och fastighet"]      # a Plone keyword (Subject)
    roles = ["bygg-och-fastighet"]       # role slugs (pages/models/roles.py)
    topic = "samverkan"                  # optional: the item goes there
    theme = "trygghetsskapande"          # optional, for a topic to make

    [creators]
    admin = "Göteborgsregionen"          # a Plone user id: content owner

Themes are the site's ThemeHubPage slugs. A folder without an entry puts
its items into the topic of its nearest mapped ancestor, or, with none, into
a topic made for its top-level folder (under defaults.theme). A keyword
without an entry that equals a role's Swedish name or slug (ignoring case)
gives that role; other keywords without an entry are listed in the report.
`load_mapping` checks the file's shape, `check_mapping` that every slug
exists; both raise MappingError naming the key.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from wagtail.models import Page

from pages.models import Role, ThemeHubPage, TopicPage


class MappingError(ValueError):
    """The mapping file is not usable; the message names the line or key."""


@dataclass(frozen=True)
class TopicChoice:
    """A topic by slug (existing) or title (made if missing), under `theme`."""

    topic: str
    theme: str


@dataclass(frozen=True)
class SubjectRule:
    roles: tuple[str, ...] = ()
    topic: TopicChoice | None = None


@dataclass
class Mapping:
    organisation: str = ""
    theme: str = ""
    topic: str = ""
    folders: dict[str, TopicChoice] = field(default_factory=dict)
    subjects: dict[str, SubjectRule] = field(default_factory=dict)
    creators: dict[str, str] = field(default_factory=dict)

    @property
    def default_topic(self) -> TopicChoice | None:
        return TopicChoice(self.topic, self.theme) if self.topic else None


def load_mapping(path: str | Path | None) -> Mapping:
    """The mapping in the TOML file at `path`; no file, an empty mapping."""
    if path is None:
        return Mapping()
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except OSError as exc:
        raise MappingError(
            _("Mappningsfilen %(path)s kan inte läsas: %(error)s")
            % {"path": path, "error": exc.strerror or exc}
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message names the line and column.
        raise MappingError(
            _("Mappningsfilen %(path)s är inte giltig TOML: %(error)s")
            % {"path": path, "error": exc}
        ) from exc
    return parse_mapping(data)


def parse_mapping(data: dict) -> Mapping:
    """A mapping from TOML data; MappingError names the first bad key."""
    _known(data, "", {"defaults", "folders", "subjects", "creators"})
    defaults = _table(data, "defaults")
    _known(defaults, "defaults", {"organisation", "theme", "topic"})
    mapping = Mapping(
        organisation=_text(defaults, "organisation", "defaults"),
        theme=_text(defaults, "theme", "defaults"),
        topic=_text(defaults, "topic", "defaults"),
    )
    if mapping.topic and not mapping.theme:
        raise MappingError(_("[defaults] topic kräver att [defaults] theme anges."))
    for path, entry in _table(data, "folders").items():
        where = f'folders."{path}"'
        if not isinstance(entry, dict):
            raise MappingError(_("[%(key)s] måste vara en tabell.") % {"key": where})
        _known(entry, where, {"theme", "topic"})
        key = normal_path(path)
        if not key:
            raise MappingError(
                _("[%(key)s]: sökvägen måste börja med /.") % {"key": where}
            )
        theme = _text(entry, "theme", where) or mapping.theme
        if not theme:
            raise MappingError(
                _("[%(key)s] saknar theme, och [defaults] theme är inte angivet.")
                % {"key": where}
            )
        mapping.folders[key] = TopicChoice(_text(entry, "topic", where), theme)
    for subject, entry in _table(data, "subjects").items():
        mapping.subjects[subject.strip().casefold()] = _subject(mapping, subject, entry)
    for creator, organisation in _table(data, "creators").items():
        if not isinstance(organisation, str) or not organisation.strip():
            raise MappingError(
                _("[creators] %(key)s måste vara en organisations namn (text).")
                % {"key": creator}
            )
        mapping.creators[creator] = organisation.strip()
    return mapping


def _subject(mapping: Mapping, subject: str, entry: object) -> SubjectRule:
    where = f'subjects."{subject}"'
    if not isinstance(entry, dict):
        raise MappingError(_("[%(key)s] måste vara en tabell.") % {"key": where})
    _known(entry, where, {"roles", "topic", "theme"})
    roles = entry.get("roles", [])
    if not isinstance(roles, list) or not all(
        isinstance(role, str) and role.strip() for role in roles
    ):
        raise MappingError(
            _("[%(key)s] roles måste vara en lista med rollers kortnamn.")
            % {"key": where}
        )
    topic = _text(entry, "topic", where)
    theme = _text(entry, "theme", where) or mapping.theme
    if topic and not theme:
        raise MappingError(
            _("[%(key)s] har topic men saknar theme, och [defaults] theme saknas.")
            % {"key": where}
        )
    if not roles and not topic:
        raise MappingError(
            _("[%(key)s] måste ange roles eller topic.") % {"key": where}
        )
    return SubjectRule(
        roles=tuple(role.strip() for role in roles),
        topic=TopicChoice(topic, theme) if topic else None,
    )


def check_mapping(mapping: Mapping, home: Page) -> None:
    """Every role and theme slug exists, and so does each topic named by a
    slug that is not a new topic's title; MappingError names the key."""
    role_slugs = set(Role.objects.values_list("slug", flat=True))
    themes = set(ThemeHubPage.objects.child_of(home).values_list("slug", flat=True))

    def theme(slug: str, where: str) -> None:
        if slug and slug not in themes:
            raise MappingError(
                _(
                    "%(key)s: temat %(slug)s finns inte på webbplatsen (finns: "
                    "%(themes)s)."
                )
                % {"key": where, "slug": slug, "themes": ", ".join(sorted(themes))}
            )

    theme(mapping.theme, "[defaults] theme")
    for path, choice in mapping.folders.items():
        theme(choice.theme, f'[folders."{path}"] theme')
    for subject, rule in mapping.subjects.items():
        where = f'[subjects."{subject}"]'
        for role in rule.roles:
            if role not in role_slugs:
                raise MappingError(
                    _("%(key)s: rollen %(slug)s finns inte.")
                    % {"key": where, "slug": role}
                )
        if rule.topic is not None:
            theme(rule.topic.theme, f"{where} theme")
    # Topics given by title are made when needed; a slug-like value that
    # names no topic is more likely a typo than a title.
    topics = set(TopicPage.objects.descendant_of(home).values_list("slug", flat=True))
    for where, choice in _topic_choices(mapping):
        if _looks_like_slug(choice.topic) and choice.topic not in topics:
            raise MappingError(
                _(
                    "%(key)s: ämnet %(slug)s finns inte. Skriv ett nytt ämnes "
                    "titel med stor bokstav eller mellanslag."
                )
                % {"key": where, "slug": choice.topic}
            )


def _topic_choices(mapping: Mapping):
    if mapping.default_topic:
        yield "[defaults] topic", mapping.default_topic
    for path, choice in mapping.folders.items():
        if choice.topic:
            yield f'[folders."{path}"] topic', choice
    for subject, rule in mapping.subjects.items():
        if rule.topic is not None:
            yield f'[subjects."{subject}"] topic', rule.topic


def _looks_like_slug(value: str) -> bool:
    return value == value.lower() and " " not in value and "-" in value


def normal_path(path: str) -> str:
    """A Plone path from the site root: leading slash, no trailing one."""
    path = path.strip()
    if not path.startswith("/"):
        return ""
    return "/" + path.strip("/")


def _known(table: dict, where: str, keys: set[str]) -> None:
    for key in table:
        if key not in keys:
            raise MappingError(
                _("Okänd nyckel %(key)s i mappningsfilen (tillåtna: %(known)s).")
                % {
                    "key": f"[{where}] {key}" if where else f"[{key}]",
                    "known": ", ".join(sorted(keys)),
                }
            )


def _table(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(_("[%(key)s] måste vara en tabell.") % {"key": key})
    return value


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise MappingError(
            _("[%(where)s] %(key)s måste vara text.") % {"where": where, "key": key}
        )
    return value.strip()
