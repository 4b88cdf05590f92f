"""Old Plone addresses kept as Wagtail redirects (site-specific, permanent).

Wagtail's redirect middleware answers only requests that would otherwise be
404s, so a redirect never hides a page at the same path.
"""

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from .items import PloneItem

# Where old links to a file's or an image's bytes pointed.
DOWNLOAD_SUFFIXES = {"File": "/@@download/file", "Image": "/@@images/image"}


def old_paths(item: PloneItem, language_roots: set[str], default: str) -> list[str]:
    """The item's Plone path, and for the default language the same without
    its language folder; with the download address for files and images."""
    paths = [item.path]
    root = "/" + item.path.strip("/").split("/")[0]
    if root in language_roots and root.strip("/") == default and item.path != root:
        paths.append(item.path[len(root) :])
    suffix = DOWNLOAD_SUFFIXES.get(item.portal_type)
    if suffix:
        paths += [path + suffix for path in paths]
    return paths


def keep_redirects(
    site: Site, paths: list[str], page: Page | None = None, link: str = ""
) -> None:
    """Redirects from `paths` to `page` (or `link`), replacing older ones."""
    for path in paths:
        Redirect.objects.update_or_create(
            site=site,
            old_path=Redirect.normalise_path(path),
            defaults={
                "redirect_page": page,
                "redirect_link": "" if page is not None else link,
                "is_permanent": True,
            },
        )
