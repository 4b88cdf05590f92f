from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from cms.api import api, stock_api
from cms.ops import health, metrics
from pages import error_pages, feeds
from pages import views as page_views
from pages.reader import cacheable
from search import views as search_views

urlpatterns = [
    # For load balancers and Prometheus (cms/ops/), outside the languages.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("api/v1/", api.urls),
    path("api/v2/", stock_api.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Page URLs carry the language: /sv/... and /en/...; the search page, the
# role pages and the feeds first, before Wagtail's catch-all page routing.
urlpatterns += i18n_patterns(
    path("sok/", search_views.search_page, name="search"),
    path("roll/", page_views.choose_role, name="choose_role"),
    path("roller/", page_views.roles_index, name="roles"),
    path("roller/<slug:slug>/", page_views.role_page, name="role_page"),
    path(
        "floden/podd/<slug:slug>/", cacheable(feeds.PodcastFeed()), name="podcast_feed"
    ),
    path("floden/tema/<slug:slug>/", cacheable(feeds.ThemeFeed()), name="theme_feed"),
    path("floden/roll/<slug:slug>/", cacheable(feeds.RoleFeed()), name="role_feed"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# The site's own 404 and 500 pages, in its design and language (the 500
# page without the database): pages/error_pages.py.
handler404 = error_pages.page_not_found
handler500 = error_pages.server_error
