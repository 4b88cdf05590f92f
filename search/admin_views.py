"""The report of what people searched for, and what found nothing."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from . import service

DAYS = 30


def query_report(request):
    """The most frequent queries and the empty ones, over the last 30 days.

    Only query texts and counts are stored (search/models.py: QueryCount).
    """
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "search/admin/query_report.html",
        {"days": DAYS, **service.report(days=DAYS)},
    )
