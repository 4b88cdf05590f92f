"""A shared page's address follows GR's: an alias's slug is its original's.

GR's reviewer publishes through the admin's edit view, as GR does since GR's
editors submit to review instead of publishing (pages/permissions.py).
Wagtail creates the redirects from the old addresses after the transaction
commits, hence captureOnCommitCallbacks around each publish.
"""

from wagtail.models import Page

from pages import syndication
from pages.models import ArticlePage, SharingFailure, TopicPage
from tests.factories import form_errors, make_resource
from tests.localization.utils import english, submit_translation, translate
from tests.pages.permission_cases import PermissionTestCase

MEMBERS = ("molndal", "ale")
TOPIC_URL = "/sv/motverka-brott/otillaten-paverkan/"


class AliasSlugTestCase(PermissionTestCase):
    def publish_as_reviewer(self, page: Page, **changes) -> None:
        self.client.force_login(self.reviewer)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.publish_from_editor(page, **changes)
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.client.logout()

    def alias_on(self, member: str, original: Page) -> Page:
        """The alias of `original` on the member's site (in the original's locale)."""
        [alias] = [
            alias
            for alias in Page.objects.filter(alias_of=original)
            if syndication.site_profile_of(alias).slug == member
        ]
        return alias

    def assertServed(self, member: str, path: str, title: str) -> None:
        response = self.client.get(path, HTTP_HOST=f"{member}.localhost")
        self.assertEqual(response.status_code, 200, f"{member}: {path}")
        self.assertContains(response, title)

    def assertRedirectsOn(self, member: str, old_path: str, new_path: str) -> None:
        response = self.client.get(old_path, HTTP_HOST=f"{member}.localhost")
        self.assertEqual(response.status_code, 301, f"{member}: {old_path}")
        self.assertEqual(response["Location"], f"http://{member}.localhost{new_path}")


class ResourceSlugTests(AliasSlugTestCase):
    def test_a_new_slug_reaches_every_member_and_the_old_address_redirects(self):
        self.publish_as_reviewer(self.original, slug="nytt-namn")
        for member in MEMBERS:
            with self.subTest(site=member):
                alias = self.alias_on(member, self.original)
                self.assertEqual(alias.slug, "nytt-namn")
                self.assertEqual(
                    alias.url_path,
                    f"/{member}/motverka-brott/otillaten-paverkan/nytt-namn/",
                )
                new = f"{TOPIC_URL}nytt-namn/"
                self.assertServed(member, new, "Delat material")
                self.assertRedirectsOn(member, f"{TOPIC_URL}delat/", new)
        self.assertFalse(SharingFailure.objects.filter(original=self.original))

    def test_a_members_own_page_keeps_its_address_when_gr_takes_its_slug(self):
        """The member's page wins: the alias takes a numbered slug, GR is told.

        The other members get the new slug; once the member's page no longer
        uses it, the next publish gives the alias the original's slug too.
        """
        own = make_resource(
            ArticlePage,
            self.molndal["otillaten-paverkan"],
            title="Mölndals egen sida",
            slug="nytt-namn",
            share_with="none",
        )
        self.publish_as_reviewer(self.original, slug="nytt-namn")
        self.assertEqual(self.alias_on("ale", self.original).slug, "nytt-namn")
        self.assertServed("ale", f"{TOPIC_URL}nytt-namn/", "Delat material")
        self.assertServed("molndal", f"{TOPIC_URL}nytt-namn/", "Mölndals egen sida")
        self.assertEqual(self.alias_on("molndal", self.original).slug, "nytt-namn-1")
        self.assertServed("molndal", f"{TOPIC_URL}nytt-namn-1/", "Delat material")
        self.assertRedirectsOn(
            "molndal", f"{TOPIC_URL}delat/", f"{TOPIC_URL}nytt-namn-1/"
        )
        failure = SharingFailure.objects.get(original=self.original)
        self.assertEqual(failure.site.slug, "molndal")
        self.assertIn("nytt-namn-1", failure.message)
        # Mölndal gives its page another address; GR's next publish follows.
        own.slug = "molndals-egen"
        own.save_revision().publish()
        self.publish_as_reviewer(self.original, title="Delat material igen")
        self.assertEqual(self.alias_on("molndal", self.original).slug, "nytt-namn")
        self.assertServed("molndal", f"{TOPIC_URL}nytt-namn/", "Delat material igen")
        self.assertFalse(SharingFailure.objects.filter(original=self.original))

    def test_new_shared_material_never_hides_a_members_page_with_its_slug(self):
        make_resource(
            ArticlePage,
            self.molndal["otillaten-paverkan"],
            title="Mölndals egen sida",
            slug="krock",
            share_with="none",
        )
        draft = make_resource(
            ArticlePage,
            self.gr["otillaten-paverkan"],
            title="Nytt från GR",
            slug="krock",
            publish=False,
        )
        self.publish_as_reviewer(draft)
        self.assertServed("molndal", f"{TOPIC_URL}krock/", "Mölndals egen sida")
        self.assertServed("molndal", f"{TOPIC_URL}krock-1/", "Nytt från GR")
        self.assertServed("ale", f"{TOPIC_URL}krock/", "Nytt från GR")
        self.assertEqual(
            SharingFailure.objects.get(original=draft).site.slug, "molndal"
        )


class EnglishSlugTests(AliasSlugTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Both members' sites have English: their topic is translated, with
        # its theme and home page.
        for member in (cls.molndal, cls.ale):
            member["otillaten-paverkan"].copy_for_translation(
                english(), copy_parents=True
            ).save_revision().publish()

    def test_the_translated_slug_reaches_every_members_english_alias(self):
        # Not a test of who may translate: an administrator drives
        # wagtail-localize, as the translation tests do.
        self.client.force_login(self.superuser)
        translation = submit_translation(self.client, self.original)
        # First published with the slug not yet translated (still Swedish) ...
        translate(translation, {"Delat material": "Shared material"})
        with self.captureOnCommitCallbacks(execute=True):
            translation.save_target(publish=True)
        translated = self.original.get_translation(english())
        self.assertEqual(translated.slug, "delat")
        for member in MEMBERS:
            self.assertEqual(self.alias_on(member, translated).slug, "delat")
        # ... then translated: every English alias follows.
        translate(translation, {"delat": "shared-material"})
        with self.captureOnCommitCallbacks(execute=True):
            translation.save_target(publish=True)
        translated.refresh_from_db()
        self.assertEqual(translated.slug, "shared-material")
        english_topic = "/en/motverka-brott/otillaten-paverkan/"
        for member in MEMBERS:
            with self.subTest(site=member):
                alias = self.alias_on(member, translated)
                self.assertEqual(alias.slug, "shared-material")
                self.assertEqual(alias.locale.language_code, "en")
                new = f"{english_topic}shared-material/"
                self.assertServed(member, new, "Shared material")
                self.assertRedirectsOn(member, f"{english_topic}delat/", new)
                # The Swedish alias keeps the Swedish slug.
                self.assertEqual(self.alias_on(member, self.original).slug, "delat")


class TopicSlugTests(AliasSlugTestCase):
    def test_a_new_topic_slug_moves_shared_material_to_the_new_address(self):
        """GR's topic reached the members as an alias: the alias is renamed."""
        topic = TopicPage(title="Nytt ämne", slug="nytt-amne")
        self.gr["motverka-brott"].add_child(instance=topic)
        topic.save_revision().publish()
        resource = make_resource(
            ArticlePage, topic, title="I det nya ämnet", slug="i-amnet"
        )
        for member in MEMBERS:
            self.assertEqual(self.alias_on(member, topic).slug, "nytt-amne")
        self.publish_as_reviewer(topic, slug="nytt-namn")
        for member in MEMBERS:
            with self.subTest(site=member):
                # Still one copy of GR's topic on the member's site, renamed.
                # (alias_on finds exactly one.)
                topic_alias = self.alias_on(member, topic)
                self.assertEqual(topic_alias.slug, "nytt-namn")
                alias = self.alias_on(member, resource)
                self.assertEqual(alias.get_parent().pk, topic_alias.pk)
                new = "/sv/motverka-brott/nytt-namn/i-amnet/"
                self.assertServed(member, new, "I det nya ämnet")
                self.assertRedirectsOn(
                    member, "/sv/motverka-brott/nytt-amne/i-amnet/", new
                )
                self.assertRedirectsOn(
                    member,
                    "/sv/motverka-brott/nytt-amne/",
                    "/sv/motverka-brott/nytt-namn/",
                )

    def test_a_new_slug_for_a_topic_the_member_has_itself_moves_the_material(self):
        """The member's own topic keeps its slug; the material moves under the
        new one (MemberPlaces matches topics by slug)."""
        gr_topic = self.gr["otillaten-paverkan"]
        self.publish_as_reviewer(gr_topic, slug="paverkan")
        for member in MEMBERS:
            with self.subTest(site=member):
                new = "/sv/motverka-brott/paverkan/delat/"
                self.assertEqual(
                    self.alias_on(member, self.original).url_path,
                    f"/{member}{new[3:]}",
                )
                self.assertServed(member, new, "Delat material")
                self.assertRedirectsOn(member, f"{TOPIC_URL}delat/", new)
