"""What a search reads of each match comes from its index document: kept
current when the page changes, and looked up for backends that return only
ids and scores (Elasticsearch)."""

import datetime

from django.utils import timezone

import pytest

from pages.models import ArticlePage, ResourcePageRole
from search import service
from search.backends import Hit, database_backend
from search.backends.base import Facts, Scope
from search.models import SearchDocument
from tests.factories import build_site, make_resource, swedish_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    home, _theme, topic = build_site()
    return home, topic


def test_a_document_holds_the_kind_place_roles_expiry_and_length(site):
    _home, topic = site
    expire_at = timezone.now() + datetime.timedelta(days=3)
    page = make_resource(
        ArticlePage,
        topic,
        title="Klotter på skolgården",
        summary="Snabb sanering minskar ny skadegörelse.",
        roles=("socialtjanst", "skola-och-forskola"),
        expire_at=expire_at,
    )
    document = SearchDocument.objects.get(page_id=page.pk)
    assert document.content_type_id == page.content_type_id
    assert document.path == page.path
    assert document.role_ids == ",".join(
        str(swedish_role(slug).pk) for slug in ("socialtjanst", "skola-och-forskola")
    )
    assert document.expire_at == expire_at
    assert document.length == SearchDocument.term_count(
        document.title, document.summary, document.meta, document.body
    )
    assert document.length > len(["Klotter", "på", "skolgården"])


def test_a_publish_with_other_roles_updates_them(site):
    _home, topic = site
    page = make_resource(ArticlePage, topic, title="Klotter", roles=("socialtjanst",))
    draft = page.specific
    draft.role_links = [ResourcePageRole(role=swedish_role("upphandling-och-inkop"))]
    draft.save_revision().publish()
    document = SearchDocument.objects.get(page_id=page.pk)
    assert document.role_ids == str(swedish_role("upphandling-och-inkop").pk)


def test_the_database_backends_read_the_facts_with_the_score(site):
    home, topic = site
    page = make_resource(ArticlePage, topic, title="Klottersanering")
    query = service.analysed("klotter", "sv")
    [hit] = database_backend().search(query, Scope(home.path, "sv"), 10)
    assert hit.page_id == page.pk
    assert hit.facts == Facts(
        page.content_type_id, page.path, str(swedish_role("socialtjanst").pk)
    )


def test_hits_without_facts_get_them_from_the_index(site):
    _home, topic = site
    page = make_resource(ArticlePage, topic, title="Klotter")
    expired = make_resource(
        ArticlePage,
        topic,
        title="Klotter förr",
        slug="forr",
        expire_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    SearchDocument.objects.filter(page_id=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    # As Elasticsearch answers: ids and scores only, one of them no longer
    # in the database's index (deleted since), one expired.
    found = service.with_facts(
        [Hit(page.pk, 2.0), Hit(999_999, 1.5), Hit(expired.pk, 1.0)]
    )
    assert found == [
        Hit(
            page.pk,
            2.0,
            Facts(
                page.content_type_id, page.path, str(swedish_role("socialtjanst").pk)
            ),
        )
    ]
