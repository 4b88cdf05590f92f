"""Resource kinds by slug, from the models' registry (RESOURCE_MODELS)."""

from django.contrib.contenttypes.models import ContentType

from pages.models import RESOURCE_MODELS

KIND_MODELS = {model.kind: model for model in RESOURCE_MODELS}


def resource_content_types() -> dict[int, str]:
    """Content type id → kind, from ContentType's own cache after the first call."""
    types = ContentType.objects.get_for_models(*RESOURCE_MODELS)
    return {content_type.pk: model.kind for model, content_type in types.items()}
