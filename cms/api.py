"""Mounts the delivery API (/api/v1/) and Wagtail's stock API (/api/v2/)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from cms import openapi
from pages.api.preview import router as preview_router
from pages.api.views import router as delivery_router
from pages.api.vocabulary import link_vocabularies
from pages.delivery.errors import DeliveryError
from pages.delivery.visibility import Visibility
from search.api import router as search_router


class DeliveryAPI(NinjaAPI):
    """django-ninja's API, whose OpenAPI document a generated client can
    trust: the vocabularies as enums (pages/api/vocabulary.py), and the
    rest that ninja cannot see from the views (cms/openapi.py)."""

    def get_openapi_schema(self, **kwargs):
        return openapi.complete(link_vocabularies(super().get_openapi_schema(**kwargs)))


api = DeliveryAPI(
    title="Trygghetsportalen API",
    version="1.0.0",
    description=(
        "Publicerat material om trygghetsskapande och brottsförebyggande arbete "
        "från Göteborgsregionen och medlemskommunerna. Endast läsning; svar har "
        "ETag och Cache-Control, If-None-Match ger 304, och HEAD svarar som GET "
        "utan innehåll."
    ),
    urls_namespace="api-v1",
    docs_url="/docs/",
)
api.add_router("", delivery_router)
api.add_router("", search_router)
api.add_router("", preview_router)


@api.exception_handler(DeliveryError)
def delivery_error(request: HttpRequest, exc: DeliveryError):
    return api.create_response(request, {"detail": exc.detail}, status=exc.status)


@api.exception_handler(ValidationError)
def invalid_parameter(request: HttpRequest, exc: ValidationError):
    messages = []
    for error in exc.errors:
        name = ".".join(str(part) for part in error.get("loc", [])[1:]) or "parameter"
        messages.append(f"{name}: {error.get('msg', _('ogiltigt värde'))}")
    detail = _("Ogiltig parameter. %(errors)s") % {"errors": "; ".join(messages)}
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint under the delivery layer's visibility rule
    (pages/delivery/visibility.py): v2 shows nothing v1 hides, such as a
    page that has expired but that the scheduler has not unpublished yet,
    or GR's material on a member site when GR's original is restricted."""

    def get_base_queryset(self):
        visibility = Visibility.current(self.request)
        return super().get_base_queryset().filter(visibility.q())


# Wagtail's own API, for Wagtail-native tooling and the benchmark baseline. Only
# pages: live, public, unexpired pages of the request's site, as v1 shows.
stock_api = WagtailAPIRouter("wagtailapi")
stock_api.register_endpoint("pages", PublicPagesAPIViewSet)
