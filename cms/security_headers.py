"""Content-Security-Policy by area, and Permissions-Policy (cms/csp_policies.py)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
# The admin's pages that anyone may open: no inline script runs there.
OPEN_ADMIN_PREFIXES = ("/admin/login/", "/admin/password_reset/")


class PolicyByAreaMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policies under /admin/."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ):
        if (
            not report_only
            and request.path.startswith(ADMIN_PREFIX)
            and getattr(response, "_csp_config", None) is None
        ):
            response._csp_config = (
                settings.ADMIN_LOGIN_CONTENT_SECURITY_POLICY
                if request.path.startswith(OPEN_ADMIN_PREFIXES)
                else settings.ADMIN_CONTENT_SECURITY_POLICY
            )
        return super().get_policy_parts(request, response, report_only)


class PermissionsPolicyMiddleware:
    """Turns off the browser features no page here uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
