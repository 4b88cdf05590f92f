"""Image and document blocks for resource bodies."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class FigureBlock(blocks.StructBlock):
    """An image with its own alt text (Wagtail's ImageBlock) and a caption."""

    image = ImageBlock(label=_("Bild"))
    caption = blocks.CharBlock(label=_("Bildtext"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "blocks/figure_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Länktext"),
        required=False,
        help_text=_("Lämna tomt för att använda dokumentets titel."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        template = "blocks/document_block.html"
