"""Search indexes what editors write, never a block's interface text.

Every block reachable from a resource's stream fields is given a sample
value in which every text is the editor's own; what the block gives search
must then hold that text and none of the blocks' labels, choice labels or
help texts.
"""

import importlib
from unittest import mock

from django.apps import apps
from django.test import TestCase

from wagtail import blocks
from wagtail.fields import StreamField

from pages.blocks.text import HeadingBlock
from pages.models import RESOURCE_MODELS, ArticlePage
from search import documents
from search.documents import build
from search.models import SearchDocument
from tests.factories import build_site, make_resource

EDITOR_TEXT = "Redaktörens egen mening"


def raw_sample(block):
    """A raw (JSON-like) value of `block` whose texts are EDITOR_TEXT."""
    if isinstance(block, blocks.ChoiceBlock):
        return block.field.choices[-1][0]
    if isinstance(block, blocks.RichTextBlock):
        return f"<p>{EDITOR_TEXT}</p>"
    if isinstance(block, blocks.CharBlock | blocks.TextBlock):
        return EDITOR_TEXT
    if isinstance(block, blocks.StructBlock):
        return {name: raw_sample(child) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        return [raw_sample(block.child_block)]
    if isinstance(block, blocks.StreamBlock):
        return [
            {"type": name, "value": raw_sample(child)}
            for name, child in block.child_blocks.items()
        ]
    return None  # choosers and other values an editor picks, not writes


def interface_texts(block) -> set[str]:
    """Labels, help texts and choice labels of `block` and all below it."""
    help_text = getattr(block.meta, "help_text", None) or getattr(
        getattr(block, "field", None), "help_text", ""
    )
    texts = {str(block.label or ""), str(help_text or "")}
    if isinstance(block, blocks.ChoiceBlock):
        texts |= {str(label) for _value, label in block.field.choices if _value}
    children = getattr(block, "child_blocks", None) or {}
    if isinstance(block, blocks.ListBlock):
        children = {"item": block.child_block}
    for child in children.values():
        texts |= interface_texts(child)
    return {text for text in texts if text and text not in EDITOR_TEXT}


def stream_blocks():
    """(model, field name, top-level block name, block) of every resource."""
    for model in RESOURCE_MODELS:
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for name, block in field.stream_block.child_blocks.items():
                    yield model, field.name, name, block


class BlockLabelTests(TestCase):
    def test_every_blocks_searchable_content_is_the_editors_text_only(self):
        for model, field_name, name, block in stream_blocks():
            with self.subTest(model=model.__name__, field=field_name, block=name):
                value = block.to_python(raw_sample(block))
                content = " ".join(block.get_searchable_content(value))
                self.assertIn(EDITOR_TEXT, content)
                for text in interface_texts(block):
                    self.assertNotIn(text, content)

    def test_a_heading_is_found_by_its_words_not_by_its_level(self):
        _, _, topic = build_site()
        page = make_resource(
            ArticlePage,
            topic,
            body=[("heading", {"text": "Vanliga upplägg", "level": "h2"})],
        )
        body = " ".join(page.search_texts()["body"])
        self.assertIn("Vanliga upplägg", body)
        self.assertNotIn("Rubrik", body)
        document = build(page)
        self.assertNotIn("rubrik", str(document.body).lower())

    def test_upgrading_reindexes_pages_indexed_with_the_label(self):
        _, _, topic = build_site()
        page = make_resource(
            ArticlePage,
            topic,
            body=[("heading", {"text": "Vanliga upplägg", "level": "h2"})],
        )
        # The index as the code before the fix built it: a StructBlock's
        # content, the level's choice label included.
        with mock.patch.object(
            HeadingBlock,
            "get_searchable_content",
            blocks.StructBlock.get_searchable_content,
        ):
            documents.reindex([page.pk])
        stale = SearchDocument.objects.get(page=page)
        self.assertIn("Rubrik nivå 2", stale.excerpt_source)
        self.assertIn("rubrik", stale.body)
        migration = importlib.import_module("search.migrations.0007_drop_block_labels")
        migration.reindex_labelled(apps, None)
        document = SearchDocument.objects.get(page=page)
        self.assertIn("Vanliga upplägg", document.excerpt_source)
        self.assertNotIn("Rubrik", document.excerpt_source)
        self.assertNotIn("rubrik", document.body)
        response = self.client.get("/api/v1/search/", {"q": "Rubrik"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["items"], [])
