"""Text blocks for resource bodies."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Rubrik"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Rubrik nivå 2")), ("h3", _("Rubrik nivå 3"))],
        default="h2",
        label=_("Nivå"),
    )

    class Meta:
        icon = "title"
        label = _("Rubrik")
        template = "blocks/heading_block.html"

    def get_searchable_content(self, value) -> list[str]:
        # Only the editor's words: the level's choice label ("Rubrik nivå 2")
        # is interface text, which Wagtail's ChoiceBlock would index.
        return self.child_blocks["text"].get_searchable_content(value["text"])


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a checklist, a fact or a tip."""

    title = blocks.CharBlock(label=_("Rubrik"), max_length=120)
    text = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "ul", "ol", "link"]
    )

    class Meta:
        icon = "pick"
        label = _("Faktaruta")
        template = "blocks/callout_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citat"))
    attribution = blocks.CharBlock(label=_("Vem som sade det"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citat")
        template = "blocks/quote_block.html"


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Namn"), max_length=120)
    title = blocks.CharBlock(
        label=_("Titel och organisation"), max_length=200, required=False
    )

    class Meta:
        icon = "user"
        label = _("Talare")
