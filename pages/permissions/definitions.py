"""The editorial model as data: group names, their permissions, what editors are told.

The functions that apply these are in groups.py (setting the groups up) and
refusals.py (refusing changes to shared material and to Swedish originals).
"""

from django.utils.translation import gettext_lazy as _

from pages.models import SiteProfile
from pages.models.sharing import GR_EDITORS

GR_REVIEWERS = "GR granskare"
GR_TRANSLATORS = "GR översättare"
MEMBER_EDITORS = "{site_name} redaktörer"
GR_WORKFLOW = "Granskning GR"
GR_REVIEW_TASK = "Granskning av GR-material"
# The workflow Wagtail's own migrations create and attach to the root page,
# its task, and the groups they create with rights over the whole tree.
STOCK_WORKFLOW = "Moderators approval"
STOCK_GROUPS = ("Moderators", "Editors")

# Page permissions on the home page (and its translations) of the group's site.
# No bulk_delete: editors delete one page at a time, never a whole section.
MEMBER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# GR's editors submit to review instead of publishing (with "add" they may
# still delete their own drafts that were never published).
GR_EDITOR_PAGE_PERMISSIONS = ("add", "change", "lock", "unlock")
# Reviewers approve, publish translations and withdraw material; they do not
# create pages. "change" also lets them see the page they just approved.
REVIEWER_PAGE_PERMISSIONS = ("change", "publish", "lock", "unlock")
# Translators change pages (the Swedish ones only to open them: saving a
# Swedish page is refused, pages/permission_hooks.py); they create nothing,
# since wagtail-localize makes the English page when they ask for it.
TRANSLATOR_PAGE_PERMISSIONS = ("change",)
# Permissions earlier versions gave and this model takes away again.
WITHDRAWN_PAGE_PERMISSIONS = {GR_EDITORS: ("publish",)}

# Image and document permissions on the root collection. With only "add",
# editors may still edit and delete the files they uploaded themselves.
GR_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
MEMBER_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
REVIEWER_COLLECTION_PERMISSIONS = (
    "wagtailimages.choose_image",
    "wagtaildocs.choose_document",
)

# Model permissions: the admin itself, audio/video files and the snippets.
# Audio and video files have no owner, so only GR may change existing ones
# (GR's shared videos and their captions live in the same library).
GR_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "media_library.add_mediafile",
    "media_library.change_mediafile",
    "media_library.view_mediafile",
    "pages.add_podcastseries",
    "pages.change_podcastseries",
    "pages.view_podcastseries",
    "pages.view_role",
    "wagtail_localize.submit_translation",
)
MEMBER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "media_library.add_mediafile",
    "media_library.view_mediafile",
    "pages.view_podcastseries",
    "pages.view_role",
)
REVIEWER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "media_library.view_mediafile",
    "pages.view_podcastseries",
    "pages.view_role",
)
# Podcast series and roles are translated as snippets, hence "change".
TRANSLATOR_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "media_library.view_mediafile",
    "pages.change_podcastseries",
    "pages.view_podcastseries",
    "pages.view_role",
    "wagtail_localize.submit_translation",
)

SHARED_ALIAS_MESSAGE = _(
    "Det här materialet delas från Göteborgsregionen och kan bara ändras där. "
    "Du kan dölja det på er webbplats."
)
TRANSLATOR_MESSAGE = _(
    "Som översättare ändrar du inte de svenska sidorna. Välj Översätt den här "
    "sidan i sidans meny för att översätta den till engelska."
)
GR_REVIEW_NOTICE = _(
    "Material från GR granskas innan det publiceras, eftersom det når alla "
    "medlemskommuner. När du är klar väljer du Lämna in till Granskning GR; en "
    "GR-granskare godkänner och publicerar det, och sedan delas det."
)
SHARED_DESCENDANTS_MESSAGE = _(
    "Sidan innehåller material som delas från Göteborgsregionen och kan därför "
    "inte flyttas eller tas bort. Du kan dölja det delade materialet på er "
    "webbplats."
)


def member_group_name(profile: SiteProfile) -> str:
    return MEMBER_EDITORS.format(site_name=profile.site.site_name)
