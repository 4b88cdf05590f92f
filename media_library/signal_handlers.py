"""Remove audio, video and caption files from storage when their rows go."""

from django.db import transaction
from django.db.models.signals import post_delete

from wagtail.tasks import delete_file_from_storage_task

from media_library.models import MediaCaption, MediaFile


def delete_file_after_commit(field_file) -> None:
    """Delete a stored file once the surrounding transaction has committed."""
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    # Deferred so that a rolled-back delete or replacement keeps its file.
    transaction.on_commit(
        lambda: delete_file_from_storage_task.enqueue(storage.deconstruct(), name)
    )


def post_delete_file_cleanup(instance, **kwargs) -> None:
    delete_file_after_commit(instance.file)


def register_signal_handlers() -> None:
    post_delete.connect(post_delete_file_cleanup, sender=MediaFile)
    post_delete.connect(post_delete_file_cleanup, sender=MediaCaption)
