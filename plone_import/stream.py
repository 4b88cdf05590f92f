"""The stream of blocks being built from a Plone body."""

from html import escape

from django.utils.translation import gettext as _

from .inline import (
    Inline,
    Link,
    RichList,
    Text,
    clean_text,
    cut_at_word,
    normal_url,
    quoted,
    split_lines,
    squash,
    text_inlines,
)
from .interface import Conversion, Resolver
from .richtext import RichTextWriter, visible

HEADING_MAX_LENGTH = 120  # pages/blocks/text.py HeadingBlock.text
CALLOUT_TITLE_MAX_LENGTH = 120  # pages/blocks/text.py CalloutBlock.title
CAPTION_MAX_LENGTH = 250  # pages/blocks/media.py FigureBlock.caption


class StreamBuilder:
    """Collects blocks and report lines; consecutive paragraphs and lists end
    up in one paragraph block."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self._result = Conversion()
        self._pending: list[str] = []
        self.rich = RichTextWriter(resolver, self._result.problems, self._result.links)

    def result(self) -> Conversion:
        """What was built; report lines, videos and links each once."""
        self._flush()
        result = self._result
        return Conversion(
            blocks=result.blocks,
            problems=list(dict.fromkeys(result.problems)),
            videos=list(dict.fromkeys(result.videos)),
            links=list(dict.fromkeys(result.links)),
        )

    def problem(self, message: str) -> None:
        self._result.problems.append(message)

    def video(self, url: object) -> None:
        url = normal_url(url)
        if url:
            self._result.videos.append(url)

    def note_url(self, url: str) -> None:
        self.rich.note_url(url)

    def paragraph(self, nodes) -> None:
        """Running text: a <p> a line, in the paragraph block being built."""
        for line in split_lines(nodes):
            inner = self.rich.html(line, documents=True)
            if visible(inner):
                self._pending.append(f"<p>{inner}</p>")

    def rich_list(self, rich_list: RichList) -> None:
        """A list, in the paragraph block being built."""
        html = self.rich.list_html(rich_list, documents=True)
        if html:
            self._pending.append(html)

    def heading(self, nodes, level: int) -> None:
        """A heading block: levels 1 and 2 become h2, deeper ones h3."""
        text = squash(self.rich.plain(nodes, in_heading=True))
        if not text:
            return
        if len(text) > HEADING_MAX_LENGTH:
            self.problem(
                _("Rubriken ”%(text)s” var längre än %(max)s tecken och kortades.")
                % {"text": quoted(text), "max": HEADING_MAX_LENGTH}
            )
            text = cut_at_word(text, HEADING_MAX_LENGTH)
        self._emit("heading", {"text": text, "level": "h2" if level <= 2 else "h3"})

    def quote(self, nodes, attribution: object = "") -> None:
        """A quote block, one line a paragraph of the source."""
        lines = self.rich.plain(nodes, in_heading=False, line_break="\n").split("\n")
        text = "\n".join(squash(line) for line in lines if line.strip())
        if text:
            who = squash(clean_text(attribution))
            self._emit("quote", {"quote": text, "attribution": who})

    def figure(self, url: object, alt: object, caption: object = "") -> None:
        """A figure block for the image at `url`, if the resolver knows it."""
        url = normal_url(url)
        if not url:
            self.problem(_("En bild utan adress hoppades över."))
            return
        self.note_url(url)
        image = self.resolver.image_id(url)
        if image is None:
            self.problem(
                _(
                    "Bilden %(url)s finns inte bland de importerade bilderna och togs "
                    "inte med."
                )
                % {"url": quoted(url)}
            )
            return
        alt_text = squash(clean_text(alt))
        if not alt_text:
            # Wagtail's ImageBlock needs alt text or the decorative mark; an
            # empty alt in Plone was rendered as alt="", which is decorative.
            self.problem(
                _(
                    "Bilden %(url)s saknade alternativtext och markerades som "
                    "dekorativ. Kontrollera om den behöver en alternativtext."
                )
                % {"url": quoted(url)}
            )
        text = squash(clean_text(caption))
        if len(text) > CAPTION_MAX_LENGTH:
            self.problem(
                _("Bildtexten ”%(text)s” var längre än %(max)s tecken och kortades.")
                % {"text": quoted(text), "max": CAPTION_MAX_LENGTH}
            )
            text = cut_at_word(text, CAPTION_MAX_LENGTH)
        image_value = {
            "image": int(image),
            "alt_text": alt_text,
            "decorative": not alt_text,
        }
        self._emit("figure", {"image": image_value, "caption": text})

    def teaser(self, url: str, title: object, description: object) -> None:
        """A link to the teased item, its description in the next paragraph."""
        self.paragraph([Link(url, (Text(squash(clean_text(title)) or url),))])
        self.paragraph(text_inlines(description))

    def unconvertible(
        self,
        kind: object,
        problem: str,
        text: object = "",
        rows: list[list[Inline]] | None = None,
        fallback: object = "",
    ) -> None:
        """A marked callout standing for what could not be converted: `rows`
        as a list, else `text`, else `fallback`."""
        kind = squash(clean_text(kind)) or _("okänd typ")
        title = _("Kunde inte konverteras från Plone: %(type)s") % {"type": kind}
        body = ""
        if rows:
            items = [self.rich.html(row, documents=False) for row in rows]
            body = "".join(f"<li>{item}</li>" for item in items if visible(item))
            body = f"<ul>{body}</ul>" if body else ""
        if not body:
            lines = [squash(line) for line in clean_text(text).splitlines()]
            body = "".join(
                f"<p>{escape(line, quote=False)}</p>" for line in lines if line
            )
        if not body:
            fallback = squash(str(fallback)) or _(
                "Blocket hade ingen text att föra över."
            )
            body = f"<p>{escape(fallback, quote=False)}</p>"
        self.problem(problem)
        self._emit(
            "callout",
            {"title": cut_at_word(title, CALLOUT_TITLE_MAX_LENGTH), "text": body},
        )

    def _emit(self, block_type: str, value) -> None:
        self._flush()
        self._result.blocks.append({"type": block_type, "value": value})

    def _flush(self) -> None:
        if self._pending:
            self._result.blocks.append(
                {"type": "paragraph", "value": "".join(self._pending)}
            )
            self._pending = []
