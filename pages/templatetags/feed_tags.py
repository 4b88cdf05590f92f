"""The feeds a page announces in its head (pages/feeds.py)."""

from django import template

from pages.feeds import feed_links

register = template.Library()


@register.simple_tag
def page_feeds(page) -> list[dict]:
    return feed_links(page)
