class CacheablePageMixin:
    """Pages the public reads: a CDN may keep what the public sees.

    serve() runs only once Wagtail's view restrictions have let the reader
    in (a private page answers with its login or password form before
    this), and previews do not go through it; pages/reader.py decides.
    """

    def serve(self, request, *args, **kwargs):
        from pages.reader import cache_for_public

        return cache_for_public(request, super().serve(request, *args, **kwargs))
