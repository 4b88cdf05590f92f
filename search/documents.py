"""Resources as search documents: what is indexed, and keeping the index current.

Only what some reader may see is indexed, by the delivery layer's one rule
(pages/delivery/visibility.py): a live resource that has not expired and
has no view restriction on itself or above it, nor on its original if it
is an alias (GR's material on a member's site), other than one to logged-in
users: that material is staff material, which API consumers with that scope
may search. Every search checks each hit against its reader's rule
(`Visibility.admits_hit`), so the public never finds it. Every change
that can take a page out of the public's sight (unpublish, delete, move,
a view restriction, a member hiding GR's material) updates the index in
the same request (search/signal_handlers.py), so searches read visibility
from the index itself. The one change nothing saves is a page's expiry:
documents keep `expire_at`, and searches leave out what has expired.

Each write also keeps the vocabulary of the sites' public text in step
(search/vocabulary.py), in the same transaction: only a document the public
may see adds its words, not staff material.
"""

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Q

from wagtail.models import Locale, Page

from pages.delivery.visibility import Visibility
from pages.models import RESOURCE_MODELS
from pages.models.sites import HOME_PATH_LENGTH

from . import vocabulary
from .analysis import index_text, language_of, words
from .models import SearchDocument

# Resources are read in batches of this many when the index is rebuilt.
BATCH = 500


# Every tree: a login restriction anywhere is passed by some reader.
EVERYWHERE = ("",)


def indexed_rule() -> Visibility:
    """The delivery layer's rule for the widest reader (staff material
    included), read now (not from the per-version memo: a save being
    indexed may not have moved it yet)."""
    return Visibility.read(login_passed_under=EVERYWHERE)


def public_rule() -> Visibility:
    """The delivery layer's rule for the public, read now: whose documents
    add their words to the vocabulary."""
    return Visibility.read()


def is_indexed(page: Page, rule: Visibility | None = None) -> bool:
    """Whether `page` belongs in the index: some reader may see it."""
    return (rule or indexed_rule()).admits(page)


def restriction_reach(page: Page) -> list[int]:
    """The resources whose visibility a view restriction on `page` decides:
    those below it, below its aliases on other sites and in other languages,
    and so on down the chain of aliases."""
    seen: set[int] = set()
    paths = [page.path]
    while paths:
        subtree = Q(pk__in=[])
        for path in paths:
            subtree |= Q(path__startswith=path)
        found = set(Page.objects.filter(subtree).values_list("pk", flat=True)) - seen
        seen |= found
        paths = list(
            Page.objects.filter(alias_of_id__in=found)
            .exclude(pk__in=seen)
            .values_list("path", flat=True)
        )
    return list(
        Page.objects.filter(pk__in=seen)
        .type(*RESOURCE_MODELS)
        .values_list("pk", flat=True)
    )


def build(
    page, titles: dict[str, str] | None = None, public: bool = False
) -> SearchDocument:
    """The analysed document of a specific resource page (not saved); its
    words go to the vocabulary if it is `public`."""
    texts = page.search_texts(titles)
    language = language_of(page.locale.language_code)
    suggest_words = " ".join(word.text for word in words(page.title))
    analysed = {
        field: index_text(texts[field], language)
        for field in ("title", "summary", "meta", "body")
    }
    return SearchDocument(
        page_id=page.pk,
        root_path=page.path[:HOME_PATH_LENGTH],
        language=page.locale.language_code,
        **analysed,
        suggest=index_text([suggest_words], language, whole_words=True),
        excerpt_source="\n".join(
            text for text in [*texts["summary"], *texts["body"]] if text
        ),
        content_type_id=page.content_type_id,
        path=page.path,
        # The page's own role links, saved or not: a publish indexes the
        # page before modelcluster writes its child rows.
        role_ids=",".join(
            str(link.role_id) for link in page.role_links.all() if link.role_id
        ),
        expire_at=page.expire_at,
        length=SearchDocument.term_count(*analysed.values()),
        words=vocabulary.encode(vocabulary.entries(texts, language)) if public else "",
    )


def _contribution(document: SearchDocument) -> vocabulary.Contribution:
    return vocabulary.Contribution(
        document.root_path, document.language, document.words
    )


def _contributions(page_ids: list[int]) -> list[vocabulary.Contribution]:
    """What the documents of `page_ids` added to the vocabulary, their rows
    locked until the transaction ends (on PostgreSQL), so that two writes
    of one document cannot both take its words away."""
    rows = (
        SearchDocument.objects.select_for_update()
        .filter(page_id__in=page_ids)
        .order_by("page_id")
        .values_list("root_path", "language", "words")
    )
    return [vocabulary.Contribution(*row) for row in rows if row[2]]


def update(page: Page) -> None:
    """Index `page` if the public may see it, remove it otherwise."""
    specific = page.specific
    if not isinstance(specific, RESOURCE_MODELS):
        return
    if not is_indexed(specific):
        remove([page.pk])
        return
    document = build(specific, public=public_rule().admits(specific))
    with transaction.atomic():
        replaced = _contributions([page.pk])
        document.save()
        vocabulary.replace(replaced, [_contribution(document)])


def remove(page_ids: Iterable[int]) -> None:
    """Take the resources out of the index, and their words out of the
    vocabulary."""
    page_ids = list(page_ids)
    with transaction.atomic():
        replaced = _contributions(page_ids)
        SearchDocument.objects.filter(page_id__in=page_ids).delete()
        vocabulary.replace(replaced, [])


def resources_under(page: Page):
    """Resource pages in the subtree of `page` (itself included)."""
    return Page.objects.filter(path__startswith=page.path).type(*RESOURCE_MODELS)


def update_subtree(page: Page) -> list[int]:
    """Re-index every resource at or below `page` (a moved or renamed section);
    returns their ids."""
    ids = list(resources_under(page).values_list("pk", flat=True))
    reindex(ids)
    return ids


def reindex(
    page_ids: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Index the given resources (all of them if None), in batches.

    Drafts, unpublished and restricted pages are removed; `progress(done,
    total)` is called after every batch. Returns the number indexed.
    """
    queryset = Page.objects.type(*RESOURCE_MODELS)
    if page_ids is not None:
        queryset = queryset.filter(pk__in=list(page_ids))
    ids = list(queryset.order_by("path").values_list("pk", flat=True))
    if page_ids is None:
        # Documents of pages that are no longer resources (or no longer exist).
        remove(
            SearchDocument.objects.exclude(
                page_id__in=queryset.values("pk")
            ).values_list("page_id", flat=True)
        )
    rule, public = indexed_rule(), public_rule()
    locales = {locale.pk: locale for locale in Locale.objects.all()}
    titles = dict(Page.objects.filter(depth__in=(3, 4)).values_list("path", "title"))
    indexed = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        pages = (
            Page.objects.filter(pk__in=batch)
            .specific()
            .prefetch_related("role_links__role")
        )
        documents = []
        for page in pages:
            if is_indexed(page, rule):
                page.locale = locales[page.locale_id]
                documents.append(build(page, titles, public.admits(page)))
        with transaction.atomic():
            replaced = _contributions(batch)
            SearchDocument.objects.filter(page_id__in=batch).delete()
            SearchDocument.objects.bulk_create(documents)
            vocabulary.replace(replaced, [_contribution(d) for d in documents])
        indexed += len(documents)
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))
    return indexed
