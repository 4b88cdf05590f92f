"""A mail server that refuses: real SMTP against a local port nobody listens on."""

from django.test import override_settings

from tests.ops.redis_server import free_port
from tests.pages.permission_cases import PermissionTestCase


@override_settings(
    EMAIL_BACKEND="cms.ops.mail.LoggingEmailBackend",
    EMAIL_DELIVERY_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_TIMEOUT=2,
)
class UnreachableMailCase(PermissionTestCase):
    """The permission tests' sites and users, with every mail refused."""

    def setUp(self):
        port = override_settings(EMAIL_PORT=free_port())
        port.enable()
        self.addCleanup(port.disable)
