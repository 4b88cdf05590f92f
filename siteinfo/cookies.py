"""The cookies the public site can set, read from the code that sets them.

The privacy page's table (templates/siteinfo/privacy_page.html) is built
from here, so it cannot drift from the site: the role cookie is described
by calling pages.reader.remember_role itself and reading the cookie it
sets, Django's session and CSRF cookies by their settings.

What the public site sets, and when (read from the code):

- the role cookie, when a reader chooses a role (pages/views.py, choose_role);
- the CSRF cookie, only where a page shows a form that posts with a CSRF
  token: Wagtail's password form for a password-protected page, and its
  login form for a page restricted to signed-in users. The role form, the
  search form and the language links need none;
- the session cookie, once a reader has given a protected page's password
  (Wagtail remembers which restrictions they passed) or has signed in.

The language is in the address (/sv/, /en/): choosing it sets no cookie.
The admin's cookies reach editors only (EDITOR_COOKIES).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pages import reader
from pages.models import ALL_STAFF_SLUG
from pages.models.video import PROVIDER_NAMES

# Wagtail's admin remembers whether its side menu is folded in this cookie,
# which its own JavaScript sets (wagtailadmin/js/sidebar.js).
WAGTAIL_SIDEBAR_COOKIE = "wagtail_sidebar_collapsed"
MESSAGE_COOKIE_STORAGES = {"CookieStorage", "FallbackStorage"}


@dataclass(frozen=True)
class Cookie:
    """One cookie as the site sets it, and what it is for."""

    name: str
    purpose: str
    set_when: str
    content: str
    # Seconds; None for a cookie that lasts until the browser is closed.
    max_age: int | None
    http_only: bool
    same_site: str
    # Sent over HTTPS only.
    secure: bool
    # Sent to this host only (no Domain attribute): a first-party cookie.
    host_only: bool

    @property
    def lifetime(self) -> str:
        return lifetime(self.max_age)

    @property
    def same_site_note(self) -> str:
        """What the SameSite attribute means for the reader, if anything."""
        notes = {
            "lax": _(
                "SameSite=Lax: den skickas inte med när en annan webbplats "
                "skickar ett formulär hit."
            ),
            "strict": _(
                "SameSite=Strict: den skickas bara med när du redan är på den "
                "här webbplatsen."
            ),
        }
        return str(notes.get(self.same_site.lower(), ""))


def _days(count: int) -> str:
    return ngettext("%(count)s dag", "%(count)s dagar", count) % {"count": count}


def _hours(count: int) -> str:
    return ngettext("%(count)s timme", "%(count)s timmar", count) % {"count": count}


def _minutes(count: int) -> str:
    return ngettext("%(count)s minut", "%(count)s minuter", count) % {"count": count}


def _seconds(count: int) -> str:
    return ngettext("%(count)s sekund", "%(count)s sekunder", count) % {"count": count}


def lifetime(seconds: int | None) -> str:
    """A cookie's lifetime in words, exact: "365 dagar", "2 timmar"."""
    if seconds is None:
        return str(_("tills du stänger webbläsaren"))
    for size, in_words in ((86_400, _days), (3_600, _hours), (60, _minutes)):
        if seconds >= size and seconds % size == 0:
            return in_words(seconds // size)
    return _seconds(seconds)


def public_cookies(request: HttpRequest) -> list[Cookie]:
    """Every cookie the public site can set for this request's reader."""
    cookies = [_role_cookie(request)]
    if not settings.CSRF_USE_SESSIONS:
        cookies.append(_csrf_cookie())
    cookies.append(_session_cookie())
    return cookies


def _role_cookie(request: HttpRequest) -> Cookie:
    # The cookie exactly as the site sets it: whatever remember_role does
    # (name, lifetime, flags), the table says.
    probe = HttpResponse()
    reader.remember_role(request, probe, ALL_STAFF_SLUG)
    (morsel,) = probe.cookies.values()
    return Cookie(
        name=morsel.key,
        purpose=_(
            "Kommer ihåg vilken roll du har valt, så att webbplatsen visar det "
            "material som passar dig först."
        ),
        set_when=_("När du väljer en roll. Den tas bort när du väljer Glöm min roll."),
        content=_(
            "Bara rollens kortnamn, t.ex. socialtjanst. Inga personuppgifter, och "
            "den används inte för att känna igen eller följa dig."
        ),
        max_age=int(morsel["max-age"]) if morsel["max-age"] != "" else None,
        http_only=bool(morsel["httponly"]),
        same_site=morsel["samesite"],
        secure=bool(morsel["secure"]),
        host_only=not morsel["domain"],
    )


def _csrf_cookie() -> Cookie:
    return Cookie(
        name=settings.CSRF_COOKIE_NAME,
        purpose=_("Skyddar formuläret mot förfalskade anrop från andra webbplatser."),
        set_when=_(
            "Bara när du öppnar en lösenordsskyddad sida eller en sida som kräver "
            "inloggning, där ett formulär visas."
        ),
        content=_("En slumpmässig kod. Inga personuppgifter."),
        max_age=settings.CSRF_COOKIE_AGE,
        http_only=settings.CSRF_COOKIE_HTTPONLY,
        same_site=settings.CSRF_COOKIE_SAMESITE or "",
        secure=settings.CSRF_COOKIE_SECURE,
        host_only=not settings.CSRF_COOKIE_DOMAIN,
    )


def _session_cookie() -> Cookie:
    return Cookie(
        name=settings.SESSION_COOKIE_NAME,
        purpose=_(
            "Kommer ihåg att du har skrivit rätt lösenord till en skyddad sida, "
            "eller att du är inloggad."
        ),
        set_when=_(
            "Bara när du har skrivit lösenordet till en lösenordsskyddad sida "
            "eller har loggat in."
        ),
        content=_(
            "En slumpmässig nyckel till uppgifter på servern om vilka skyddade "
            "sidor du har öppnat. Om du loggar in kopplas den till ditt konto."
        ),
        max_age=None
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        else settings.SESSION_COOKIE_AGE,
        http_only=settings.SESSION_COOKIE_HTTPONLY,
        same_site=settings.SESSION_COOKIE_SAMESITE or "",
        secure=settings.SESSION_COOKIE_SECURE,
        host_only=not settings.SESSION_COOKIE_DOMAIN,
    )


def editor_cookie_names() -> list[str]:
    """The cookies of the admin (/admin/), which only signed-in editors reach."""
    names = [settings.SESSION_COOKIE_NAME]
    if not settings.CSRF_USE_SESSIONS:
        names.append(settings.CSRF_COOKIE_NAME)
    # Django's default message storage keeps the admin's notices ("Sidan har
    # publicerats") in a cookie until they are shown, the session if too long.
    if settings.MESSAGE_STORAGE.rsplit(".", 1)[-1] in MESSAGE_COOKIE_STORAGES:
        names.append(CookieStorage.cookie_name)
    return [*names, WAGTAIL_SIDEBAR_COOKIE]


def video_providers() -> list[str]:
    """The video services whose players a page can embed, once a reader asks."""
    return list(PROVIDER_NAMES.values())
