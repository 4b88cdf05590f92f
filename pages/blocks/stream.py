"""Stream containers used by page models."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from .media import DocumentBlock, FigureBlock
from .text import CalloutBlock, HeadingBlock, QuoteBlock, SpeakerBlock

PARAGRAPH_FEATURES = ["bold", "italic", "ul", "ol", "link", "document-link"]


class ResourceStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Stycke"), features=PARAGRAPH_FEATURES, icon="pilcrow"
    )
    callout = CalloutBlock()
    quote = QuoteBlock()
    figure = FigureBlock()
    document = DocumentBlock()

    class Meta:
        label = _("Innehåll")


class SpeakerStreamBlock(blocks.StreamBlock):
    speaker = SpeakerBlock()
