"""Project-wide middleware."""

from django.middleware.locale import LocaleMiddleware

# Addresses outside the language-prefixed page URLs (cms/urls.py).
UNPREFIXED = (
    "/api/",
    "/admin/",
    "/documents/",
    "/images/",
    "/i18n/",
    "/healthz",
    "/readyz",
    "/metrics",
)


class ContentLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that only page URLs are redirected.

    With language-prefixed page URLs, LocaleMiddleware turns any 404 into a
    redirect to /sv/<path>, which Wagtail's catch-all page route accepts: an
    API client must get its JSON 404 instead, and the admin its own 404.
    """

    def process_response(self, request, response):
        if request.path.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
