"""What the search keeps: analysed resources, editors' synonyms, query counts."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class SearchDocument(models.Model):
    """One public resource as the database full-text index sees it.

    The text fields hold analysed terms (search/analysis.py), not text; the
    full-text structure over them is the database's own (an FTS5 table on
    SQLite, a weighted tsvector with a GIN index on PostgreSQL, created in
    this app's migrations). `root_path` and `language` let a search stay in
    one site's tree and language before it ranks anything.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    root_path = models.CharField(max_length=255, db_index=True)
    language = models.CharField(max_length=8)
    title = models.TextField()
    summary = models.TextField(blank=True)
    meta = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # The title's folded words, for suggestions while typing.
    suggest = models.TextField(blank=True)
    # Plain text of the summary and body, for the excerpt shown with a hit.
    excerpt_source = models.TextField(blank=True)
    # What a search reads of each match besides its score: the kind, where
    # it sits (theme, topic) and whom it is for. A search filters, lifts
    # and counts its matches from these (pages/delivery/facets.py) without
    # going back to the page tables.
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        db_index=False,
    )
    path = models.CharField(max_length=255, blank=True)
    # The roles' ids, comma-separated ("3,7,12").
    role_ids = models.TextField(blank=True)
    # A public page leaves the public when it expires, with nothing saved
    # to tell the index: searches leave out what has expired.
    expire_at = models.DateTimeField(null=True, blank=True)
    # How many terms the title, summary, meta and body hold: PostgreSQL
    # divides a score by its logarithm (search/backends/postgres.py).
    length = models.PositiveIntegerField(default=0)
    # What this document adds to its site's vocabulary (SearchWord), so that
    # a change takes away exactly what it added (search/vocabulary.py).
    # Empty unless the public may see the document.
    words = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sökindexpost")
        verbose_name_plural = _("sökindexposter")

    def __str__(self) -> str:
        return f"search document of {self.page_id}"

    @staticmethod
    def term_count(*texts: str) -> int:
        """The `length` of a document with these analysed texts."""
        return sum(len(text.split()) for text in texts)


class SearchWord(models.Model):
    """A word of one site's public text in one language, as written, for
    spelling corrections (search/spelling.py): in how many documents, and
    in how many of their titles, it occurs.

    Kept in step with the documents (search/vocabulary.py); only documents
    the public may see count, so a correction never offers a word of a
    draft, of a restricted page or of another site.
    """

    root_path = models.CharField(max_length=255)
    language = models.CharField(max_length=8)
    # As editors write it, in lower case ("lägesbild"): what a correction shows.
    display = models.CharField(max_length=64)
    # Folded (search.analysis.fold): what a query's words are compared with.
    # Words that fold alike ("vanliga", "vänliga") are rows of their own.
    word = models.CharField(max_length=64)
    # Signed, not positive: a change is applied as an increment, which may
    # pass below zero before the row is deleted.
    documents = models.IntegerField(default=0)
    titles = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("ord i sökindexet")
        verbose_name_plural = _("orden i sökindexet")
        constraints = [
            models.UniqueConstraint(
                fields=["root_path", "language", "display"], name="unique_site_word"
            )
        ]
        indexes = [
            # PostgreSQL's pattern operators let this index answer "words
            # beginning with" (LIKE 'prefix%') whatever the database's
            # collation (search/backends/postgres.py); SQLite ignores them.
            models.Index(
                fields=["root_path", "language", "word"],
                name="search_word_prefix",
                opclasses=["varchar_pattern_ops"] * 3,
            )
        ]

    def __str__(self) -> str:
        return f"{self.display} ({self.documents})"


class Synonym(models.Model):
    """Words that mean the same to a searcher: a search for one finds all of them."""

    terms = models.CharField(
        _("ord"),
        max_length=500,
        help_text=_(
            "Ord eller uttryck som betyder samma sak, åtskilda med komma, "
            "t.ex. ”bidragsfusk, bidragsbrott, välfärdsbrott”."
        ),
    )
    note = models.CharField(_("anteckning"), max_length=200, blank=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synonymer")
        verbose_name_plural = _("synonymer")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class QueryCount(models.Model):
    """How often a query was searched on one day, and how often it found nothing.

    Only the query text and the counts: never who searched, from where, or
    on which site.
    """

    day = models.DateField()
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    empty = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sökfråga per dag")
        verbose_name_plural = _("sökfrågor per dag")
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="unique_query_day")
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.query}: {self.searches}"
