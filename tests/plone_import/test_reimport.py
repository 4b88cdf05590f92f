"""Running the import again: updates, Wagtail's edits and deletions, an
interrupted run, and a dry run."""

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

import pytest

from media_library.models import CustomDocument, CustomImage
from pages.models import ArticlePage
from pages.trash import trash
from plone_import.importer import Importer
from plone_import.models import ImportedItem
from plone_import.report import Outcome
from tests.factories import make_editor

from .importing import import_site, imported, page, row, run
from .site_data import fixture_double

pytestmark = pytest.mark.django_db

NEWS = "/sv/trygghet/ny-overenskommelse"
LATER = "2025-02-01T12:00:00+00:00"


@pytest.fixture
def double():
    with fixture_double() as served:
        yield served


@pytest.fixture
def imported_once(double):
    import_site()
    run(double)
    return double


def test_a_change_in_plone_updates_the_page_with_a_new_revision(imported_once):
    before = page("news_item")
    imported_once.touch(NEWS, LATER, title="Överenskommelsen förlängd")
    report = run(imported_once)
    after = page("news_item")
    assert row(report, "news_item").outcome == Outcome.UPDATED
    assert after.pk == before.pk and after.live
    assert after.title == "Överenskommelsen förlängd"
    assert after.revisions.count() == 2
    assert imported("news_item").revision_id == after.latest_revision_id
    assert {
        line.outcome for line in report.rows if line.uid != row(report, "news_item").uid
    } <= {
        Outcome.UNCHANGED,
        Outcome.SKIPPED,
    }


def test_a_page_edited_in_wagtail_is_left_alone_unless_overwrite(imported_once):
    edited = page("news_item")
    edited.title = "Redaktörens titel"
    edited.save_revision().publish()
    imported_once.touch(NEWS, LATER, title="Plones nya titel")
    report = run(imported_once)
    assert row(report, "news_item").outcome == Outcome.PROTECTED
    assert page("news_item").title == "Redaktörens titel"
    assert "lämnades orörda" in report.summary()
    report = run(imported_once, overwrite=True)
    assert row(report, "news_item").outcome == Outcome.UPDATED
    assert page("news_item").title == "Plones nya titel"


def test_a_deleted_page_comes_back_only_with_overwrite(imported_once):
    page("news_item").delete()
    trash(page("link_bra"), make_editor())
    report = run(imported_once)
    assert row(report, "news_item").outcome == Outcome.DELETED
    assert row(report, "link_bra").outcome == Outcome.DELETED
    assert not ArticlePage.objects.filter(slug="ny-overenskommelse").exists()
    report = run(imported_once, overwrite=True)
    assert row(report, "news_item").outcome == Outcome.CREATED
    assert row(report, "link_bra").outcome == Outcome.CREATED
    assert page("news_item").live and page("link_bra").live
    assert page("link_bra").get_parent().pk == page("folder_trygghet").pk


def test_an_interrupted_import_continues_where_it_stopped(double, monkeypatch):
    import_site()
    done = []
    original = Importer.complete_page

    def stop_after_three(self, item, row):
        if len(done) == 3:
            raise KeyboardInterrupt
        original(self, item, row)
        done.append(item.uid)

    monkeypatch.setattr(Importer, "complete_page", stop_after_three)
    with pytest.raises(KeyboardInterrupt):
        run(double, batch_size=1)
    monkeypatch.undo()
    assert ImportedItem.objects.filter(plone_modified__isnull=False, kind="page")
    report = run(double)
    titles = list(
        ArticlePage.objects.filter(locale__language_code="sv").values_list(
            "title", flat=True
        )
    )
    assert len(titles) == len(set(titles)) == 6
    assert row(report, "doc_classic").outcome == Outcome.CREATED
    assert not any(line.outcome == Outcome.FAILED for line in report.rows)
    assert page("news_item").live


def test_a_dry_run_writes_nothing_and_reports_as_a_real_run(double, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    import_site()
    pages_before = Page.objects.count()
    dry = run(double, dry_run=True)
    assert Page.objects.count() == pages_before
    assert not ImportedItem.objects.exists()
    assert not Redirect.objects.exists()
    assert not CustomImage.objects.exists() and not CustomDocument.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
    real = run(double)
    assert dry.table() == real.table()
    assert [(r.uid, r.outcome, r.problems) for r in dry.rows] == [
        (r.uid, r.outcome, r.problems) for r in real.rows
    ]
    assert "Provkörning" in dry.summary()
