"""HEAD wherever GET is, on every /api/v1/ endpoint (RFC 9110, 9.3.2).

A HEAD request is answered as the same GET would be (status, ETag,
Cache-Control, Content-Type, the Content-Length of the GET's body, a 304
for a matching If-None-Match), without the body. The views only know GET:
django-ninja routes by method, and a HEAD would be its 405.
"""

from django.http import HttpRequest, HttpResponse

from .middleware import API_PREFIX


class ApiHeadMiddleware:
    """HEAD on /api/v1/ runs as GET; the answer keeps its headers, not its body.

    Placed before ApiErrorsMiddleware and ApiCacheMiddleware, so that the
    HEAD is the GET for them too: the same ETag, the same JSON errors."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method != "HEAD":
            return _allowing_head(self.get_response(request))
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            # The middleware outside (metrics, logs) sees the request as it came.
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
            return response
        if response.status_code != 304 and not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        response.content = b""
        return response


def _allowing_head(response: HttpResponse) -> HttpResponse:
    """A 405's Allow names HEAD beside GET, as it is allowed."""
    if response.status_code == 405 and response.has_header("Allow"):
        allowed = [method.strip() for method in response["Allow"].split(",")]
        if "GET" in allowed and "HEAD" not in allowed:
            allowed.insert(allowed.index("GET") + 1, "HEAD")
            response["Allow"] = ", ".join(allowed)
    return response
