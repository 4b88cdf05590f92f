"""What Plone's failures become: a failed row each, never a lost import."""

import pytest

from plone_import.client import PloneClient
from plone_import.report import Outcome

from .importing import import_site, page, row, run
from .plone_double import PASSWORD, USER
from .site_data import fixture_double

pytestmark = pytest.mark.django_db


def test_http_errors_time_outs_and_junk_are_rows_and_the_rest_imports():
    import_site()
    with fixture_double() as double:
        double.failures["/sv/trygghet/lagesbild"] = 500
        double.failures["/sv/trygghet/ny-overenskommelse"] = "hang"
        double.failures["/sv/trygghet/bra"] = "junk"
        double.failures["/sv/trygghet/belysning/gangvag.png/@@download/image"] = 404
        client = PloneClient(
            double.site_url, auth=(USER, PASSWORD), timeout=0.5, backoff=0.01
        )
        report = run(double, client=client)
        failed = {
            key: " ".join(row(report, key).problems)
            for key in ("doc_classic", "news_item", "link_bra", "image_gangvag")
        }
        assert all(row(report, key).outcome == Outcome.FAILED for key in failed)
        assert "500" in failed["doc_classic"]
        assert "inom 0.5 sekunder" in failed["news_item"]
        assert "JSON" in failed["link_bra"]
        assert "404" in failed["image_gangvag"]
        # A 500 is asked again (three retries); a 404 is not.
        asked = [path for path in double.requests if "lagesbild" in path]
        assert len(asked) == 4
        # Everything else came through; the image's absence is reported.
        volto = row(report, "doc_volto")
        assert volto.outcome == Outcome.CREATED
        assert any("gangvag.png" in problem for problem in volto.problems)
        assert "misslyckade" in report.summary()

        double.failures.clear()
        report = run(double, client=client)
        assert row(report, "doc_classic").outcome == Outcome.CREATED
        assert row(report, "image_gangvag").outcome == Outcome.CREATED
        assert page("news_item").live
        # The page whose image was missing is converted again, with it.
        assert row(report, "doc_volto").outcome == Outcome.UPDATED
        draft = page("doc_volto").get_latest_revision_as_object()
        assert [b for b in draft.body if b.block_type == "figure"]
        # Its image's alt text is a proposal: the change waits as a draft.
        assert page("doc_volto").live
        assert any("utkast" in p for p in row(report, "doc_volto").problems)
        report = run(double, client=client)
        assert row(report, "doc_volto").outcome == Outcome.UNCHANGED
