"""The reader's role on every page of the reference site (pages/reader.py)."""

from django import template
from django.http import Http404

from pages.reader import chosen_role, role_choices, site_context

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_role(context, page=None) -> dict | None:
    """The roles to choose from and the reader's choice, for the role bar;
    None where the page belongs to no site (nothing to choose for)."""
    request = context.get("request")
    if request is None or page is None:
        return None
    try:
        ctx = site_context(request, page)
    except Http404:
        return None
    return {"roles": role_choices(ctx), "chosen": chosen_role(request, ctx)}
