"""Converting a Plone item's body to our StreamField's raw data.

The importer's entry point: `convert_volto` for items with Volto blocks,
`convert_html` for classic rich text. Both are network-free and ask the
importer's `Resolver` what each Plone URL has become.
"""

from .html import convert_html
from .interface import Conversion, Resolver
from .volto import convert_volto

__all__ = ["Conversion", "Resolver", "convert_html", "convert_volto"]
