from .media import DocumentBlock, FigureBlock
from .stream import ResourceStreamBlock, SpeakerStreamBlock
from .text import CalloutBlock, HeadingBlock, QuoteBlock, SpeakerBlock

__all__ = [
    "CalloutBlock",
    "DocumentBlock",
    "FigureBlock",
    "HeadingBlock",
    "QuoteBlock",
    "ResourceStreamBlock",
    "SpeakerBlock",
    "SpeakerStreamBlock",
]
