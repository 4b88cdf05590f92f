"""The page chooser shows an editor what they may see, nothing more.

Wagtail's chooser (links, related material) browses and searches every
site's tree, so a member's editor would see the titles and status of GR's
and other members' drafts, scheduled and private pages. It lists instead:
live, unexpired pages without a view restriction on any site, and every
page of the trees the editor has page permissions on (their own drafts).
"""

from django.db.models import Q
from django.utils import timezone

from wagtail import hooks
from wagtail.models import GroupPagePermission, Page, PageViewRestriction


def _starting_with(paths) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def visible_to(user) -> Q:
    """The pages `user` may find in the chooser."""
    own = GroupPagePermission.objects.filter(group__user=user).values_list(
        "page__path", flat=True
    )
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    public = (
        Q(live=True, expired=False)
        & ~Q(expire_at__lte=timezone.now())
        & ~_starting_with(set(restricted))
    )
    return public | _starting_with(set(own))


@hooks.register("construct_page_chooser_queryset")
def only_what_the_editor_may_see(pages, request):
    if request.user.is_superuser:
        return pages
    # By id: the chooser's search filters through the search backend, which
    # knows only Page's indexed filter fields (id is one; expiry is not).
    visible = Page.objects.filter(visible_to(request.user)).values("pk")
    return pages.filter(id__in=visible)
