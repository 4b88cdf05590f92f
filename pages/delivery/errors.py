"""The delivery layer's one error: a request it cannot answer, and why.

Neutral about who asked: the API (cms/api.py) answers it as JSON
`{"detail": …}` with `status`; the site and the feeds as their own 404 or
notice.
"""


class DeliveryError(Exception):
    """A request the delivery layer refuses: `detail` for people, `status` for HTTP."""

    def __init__(self, detail: str, status: int = 400) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


class NotFound(DeliveryError):
    def __init__(self, detail: str = "Hittades inte.") -> None:
        super().__init__(detail, status=404)
