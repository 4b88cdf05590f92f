"""Project-wide middleware."""

from django.middleware.locale import LocaleMiddleware


class ContentLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that API responses are never redirected.

    With language-prefixed page URLs, LocaleMiddleware turns any 404 into a
    redirect to /sv/<path>; an API client must get its JSON 404 instead.
    """

    def process_response(self, request, response):
        if request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)
