class ApiError(Exception):
    """An error the API reports as JSON: `{"detail": message}` with `status`."""

    def __init__(self, detail: str, status: int = 400) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


class NotFound(ApiError):
    def __init__(self, detail: str = "Hittades inte.") -> None:
        super().__init__(detail, status=404)
