"""Sending a delivery: a signed POST by the background worker, retried until
it gets a 2xx or WEBHOOK_RETRY_HOURS have passed.

Each attempt is a task on the "sharing" backend (the database queue the
sharing worker serves, `manage.py db_worker --backend sharing`), so no new
worker is needed. The Delivery row is the truth, the queue only says when
to look at it again:

- an attempt starts by marking the row in flight (until now + lease()) and,
  in the same transaction, queueing a task for that moment. A worker killed
  mid-attempt leaves that task behind: the next worker runs it once the
  lease is over and tries again, with the same webhook-id (at least once);
- a failure (no connection, a timeout, any status but 2xx) sets the next
  attempt WEBHOOK_RETRY_FIRST seconds later, doubling each time up to
  WEBHOOK_RETRY_MAX, and queues a task for it; once the delivery has been
  failing for WEBHOOK_RETRY_HOURS it is marked failed;
- a task that finds nothing due does nothing, so an extra task is harmless.

Messages follow Standard Webhooks: headers webhook-id (the delivery's, the
same on every attempt), webhook-timestamp and webhook-signature (HMAC-SHA256
with the subscription's whsec_ secret, by the standardwebhooks package).
"""

import datetime
import http.client
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tasks import task
from django_tasks_db import DatabaseBackend
from standardwebhooks import Webhook

from pages.models import ContentVersion

from .events import etag_of
from .models import GONE_EVENTS, Delivery

logger = logging.getLogger(__name__)

# The same backend as the sharing fan-out: one worker serves both.
TASK_BACKEND = "sharing"
USER_AGENT = "Trygghetsportalen-Webhooks/1"
# How much of an error message is kept on the delivery.
ERROR_LENGTH = 500


def lease() -> datetime.timedelta:
    """How long an attempt may take before it is taken for lost."""
    return datetime.timedelta(seconds=3 * settings.WEBHOOK_TIMEOUT + 5)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min, …"""
    first = settings.WEBHOOK_RETRY_FIRST
    seconds = min(first * 2 ** max(attempts - 1, 0), settings.WEBHOOK_RETRY_MAX)
    return datetime.timedelta(seconds=seconds)


def retry_window() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.WEBHOOK_RETRY_HOURS)


# --- Queueing ---------------------------------------------------------------


@task(backend=TASK_BACKEND)
def deliver_webhook(delivery_id: int) -> str:
    """Make the delivery's attempt if one is due; returns its status."""
    return attempt(delivery_id)


def dispatch(delivery_ids: list[int]) -> None:
    """Queue new deliveries, in the caller's transaction (the change's).

    Their ETags are filled in once that transaction commits.
    """
    if not delivery_ids:
        return
    transaction.on_commit(lambda: fill_etags(delivery_ids), robust=True)
    for delivery_id in delivery_ids:
        queue(delivery_id)


def queue(delivery_id: int, at: datetime.datetime | None = None) -> None:
    """Queue an attempt of the delivery (at `at`, or as soon as possible).

    With the database backend the task is written in the caller's
    transaction: committed with it or not at all. A backend that runs tasks
    where they are queued (tests, development) runs it after the commit,
    never inside a publish; it cannot wait, so retries are not queued there.
    """
    backend = deliver_webhook.get_backend()
    if isinstance(backend, DatabaseBackend):
        chosen = deliver_webhook.using(run_after=at) if at else deliver_webhook
        chosen.enqueue(delivery_id)
    elif at is None:
        transaction.on_commit(lambda: deliver_webhook.enqueue(delivery_id), robust=True)


def fill_etags(delivery_ids: list[int]) -> None:
    """Give the deliveries the ETag their resource's detail has now."""
    counter = ContentVersion.current().counter
    pending = Delivery.objects.filter(pk__in=delivery_ids, etag="").exclude(
        event__in=GONE_EVENTS
    )
    for delivery in pending:
        Delivery.objects.filter(pk=delivery.pk, etag="").update(
            etag=etag_of(delivery, counter)
        )


def redeliver(delivery: Delivery) -> None:
    """Send the delivery again (same webhook-id), with a new retry window."""
    now = timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.PENDING,
            next_attempt_at=now,
            retry_from=now,
            in_flight_until=None,
        )
        queue(delivery.pk)


# --- An attempt ---------------------------------------------------------------


def attempt(delivery_id: int) -> str:
    """Send the delivery if an attempt is due; returns its status after."""
    delivery = _start(delivery_id)
    if delivery is None:
        current = Delivery.objects.filter(pk=delivery_id).first()
        return current.status if current is not None else "gone"
    status_code, error = send(delivery)
    return _finish(delivery, status_code, error)


def _start(delivery_id: int) -> Delivery | None:
    """Mark an attempt in flight and queue its stand-in; None if none is due."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if (
            delivery is None
            or delivery.status != Delivery.Status.PENDING
            or delivery.next_attempt_at > now
            or (delivery.in_flight_until and delivery.in_flight_until > now)
        ):
            return None
        if not delivery.subscription.active:
            delivery.status = Delivery.Status.FAILED
            delivery.last_error = _("Prenumerationen är inte aktiv.")
            delivery.save(update_fields=["status", "last_error"])
            return None
        if not delivery.etag and delivery.event not in GONE_EVENTS:
            delivery.etag = etag_of(delivery, ContentVersion.current().counter)
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.in_flight_until = now + lease()
        delivery.save(
            update_fields=["etag", "attempts", "last_attempt_at", "in_flight_until"]
        )
        # Runs only if this attempt never finishes (a killed worker).
        queue(delivery.pk, at=delivery.in_flight_until)
    return delivery


def _finish(delivery: Delivery, status_code: int | None, error: str) -> str:
    now = timezone.now()
    fields: dict = {
        "in_flight_until": None,
        "last_status_code": status_code,
        "last_error": error[:ERROR_LENGTH],
    }
    if status_code is not None and 200 <= status_code < 300:
        fields |= {"status": Delivery.Status.DELIVERED, "delivered_at": now}
    elif now - delivery.retry_from >= retry_window():
        fields["status"] = Delivery.Status.FAILED
    else:
        # Counted from the attempt's start, so the schedule is as set out.
        fields["next_attempt_at"] = max(
            now, delivery.last_attempt_at + backoff(delivery.attempts)
        )
    with transaction.atomic():
        # Only this attempt's row: a later attempt (this one taken for lost)
        # owns the delivery now.
        updated = Delivery.objects.filter(
            pk=delivery.pk, attempts=delivery.attempts
        ).update(**fields)
        if updated and "next_attempt_at" in fields:
            queue(delivery.pk, at=fields["next_attempt_at"])
    if fields.get("status") == Delivery.Status.FAILED:
        logger.warning(
            "Webhook %s to %s failed for good after %s attempts: %s",
            delivery.webhook_id,
            delivery.subscription.url,
            delivery.attempts,
            error,
        )
    return fields.get("status", Delivery.Status.PENDING)


def message(delivery: Delivery) -> dict:
    """The JSON sent: the payload with the delivery's ETag."""
    body = json.loads(json.dumps(delivery.payload))
    body["data"]["etag"] = delivery.etag or None
    return body


def send(delivery: Delivery) -> tuple[int | None, str]:
    """POST the signed message; (status code or None, error or "")."""
    body = json.dumps(message(delivery), ensure_ascii=False).encode()
    sent_at = timezone.now()
    signature = Webhook(delivery.subscription.secret).sign(
        delivery.webhook_id, sent_at, body
    )
    request = urllib.request.Request(  # noqa: S310 - http(s) URLs only (URLField)
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "webhook-id": delivery.webhook_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": signature,
        },
    )
    try:
        with _OPENER.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code} {error.reason}"
    except urllib.error.URLError as error:
        return None, str(error.reason)
    except (OSError, http.client.HTTPException) as error:
        return None, f"{type(error).__name__}: {error}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer other than 2xx: the receiver's address is wrong."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)
