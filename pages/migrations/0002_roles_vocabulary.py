"""The canonical roles vocabulary, in Swedish with English translations ready."""

import uuid

from django.db import migrations

# slug, Swedish name, English name, Swedish description, English description
ROLES = [
    ("alla-medarbetare", "Alla medarbetare", "All staff",
     "Material som är relevant för alla som arbetar i kommunen och dess bolag.",
     "Material relevant to everyone working for the municipality and its companies."),
    ("chefer", "Chefer och ledning", "Managers",
     "Chefer med ansvar för verksamhet, personal och arbetsmiljö.",
     "Managers responsible for services, staff and the working environment."),
    ("upphandling-och-inkop", "Upphandling och inköp", "Procurement and purchasing",
     "Upphandlare, inköpare och beställare av varor och tjänster.",
     "Procurement officers, buyers and those who order goods and services."),
    ("bygg-och-fastighet", "Bygg och fastighet", "Construction and property",
     "Bygglov, tillsyn, samhällsbyggnad och förvaltning av fastigheter.",
     "Building permits, inspection, urban development and property management."),
    ("socialtjanst", "Socialtjänst", "Social services",
     "Individ- och familjeomsorg, ekonomiskt bistånd och socialt arbete.",
     "Individual and family care, financial assistance and social work."),
    ("skola-och-forskola", "Skola och förskola", "Schools and preschools",
     "Lärare, rektorer, elevhälsa och personal i förskolan.",
     "Teachers, head teachers, pupil health and preschool staff."),
    ("kultur-och-fritid", "Kultur och fritid", "Culture and leisure",
     "Fritidsgårdar, bibliotek, idrott, föreningsstöd och kultur.",
     "Youth centres, libraries, sports, support for associations and culture."),
    ("vard-och-omsorg", "Vård och omsorg", "Health and social care",
     "Äldreomsorg, hemtjänst, funktionsstöd och hälso- och sjukvård.",
     "Elderly care, home care, disability support and health care."),
    ("miljo-och-tillstand", "Miljö, hälsa och tillstånd", "Environment, health and permits",
     "Miljö- och hälsoskydd, livsmedelskontroll och tillstånd som serveringstillstånd.",
     "Environmental and health protection, food control and licences such as alcohol licences."),
    ("hr-och-personal", "HR och personal", "HR",
     "Rekrytering, anställning, arbetsmiljö och stöd till medarbetare.",
     "Recruitment, employment, working environment and support for staff."),
    ("it-och-informationssakerhet", "IT och informationssäkerhet", "IT and information security",
     "IT-drift, digitalisering och skydd av kommunens information.",
     "IT operations, digitalisation and protection of the municipality's information."),
    ("ekonomi-och-utbetalningar", "Ekonomi och utbetalningar", "Finance and payments",
     "Ekonomi, redovisning, bidrag och utbetalningar från kommunen.",
     "Finance, accounting, grants and payments made by the municipality."),
    ("kommunala-bolag", "Kommunala bolag", "Municipal companies",
     "Medarbetare i kommunens bolag, till exempel bostads-, energi- och fastighetsbolag.",
     "Staff of municipal companies such as housing, energy and property companies."),
    ("fortroendevalda", "Förtroendevalda", "Elected representatives",
     "Politiker i fullmäktige, styrelser och nämnder.",
     "Politicians in the council, boards and committees."),
]


def create_roles(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Role = apps.get_model("pages", "Role")
    swedish, _ = Locale.objects.get_or_create(language_code="sv")
    english, _ = Locale.objects.get_or_create(language_code="en")
    for order, (slug, name_sv, name_en, description_sv, description_en) in enumerate(ROLES):
        source, _ = Role.objects.get_or_create(
            slug=slug,
            locale=swedish,
            defaults={
                "name": name_sv,
                "description": description_sv,
                "sort_order": order,
                "translation_key": uuid.uuid4(),
            },
        )
        Role.objects.get_or_create(
            slug=slug,
            locale=english,
            defaults={
                "name": name_en,
                "description": description_en,
                "sort_order": order,
                "translation_key": source.translation_key,
            },
        )


def remove_roles(apps, schema_editor):
    Role = apps.get_model("pages", "Role")
    Role.objects.filter(slug__in=[role[0] for role in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
