"""The API's documentation (Swagger UI) works on a network that reaches no
other host: its files come from the project's static files, under the
Content-Security-Policy (a violation fails the test: conftest.py)."""

from urllib.parse import urlsplit

LOCAL_HOSTS = {"localhost", "127.0.0.1"}


def test_the_api_docs_render_with_no_other_host_reachable(page):
    elsewhere = []

    def only_this_host(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_host)
    page.goto("/api/v1/docs/")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "Trygghetsportalen API" in title.inner_text()
    # The operations are listed: the OpenAPI document loaded and rendered.
    page.locator(".opblock-summary-path", has_text="/resources/").first.wait_for()
    assert elsewhere == []
