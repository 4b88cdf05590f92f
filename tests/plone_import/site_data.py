"""The live fixture site's content (/tmp/briefs/fixture_spec.md's shape), as
the Plone double serves it; and a mapping file for it."""

from .plone_double import PDF, Item, PloneDouble, png

UIDS = {
    key: f"{key.replace('_', '')}00000000000000000000"[:32]
    for key in (
        "lrf_sv",
        "lrf_en",
        "lif_sv",
        "folder_trygghet",
        "folder_belysning",
        "image_gangvag",
        "doc_volto",
        "doc_classic",
        "news_item",
        "link_bra",
        "file_checklista",
        "doc_private",
        "doc_expired",
        "doc_video_only",
        "doc_translated_sv",
        "folder_stod",
        "doc_translated_en",
        "event",
    )
}

MAPPING = """
[defaults]
organisation = "Göteborgsregionen"
theme = "trygghetsskapande"
topic = "Övrigt från Plone"

[folders."/sv/trygghet"]
topic = "Trygghetsskapande arbete"

[subjects."Bygg och fastighet"]
roles = ["bygg-och-fastighet"]

[subjects."Trygghetsvandring"]
roles = ["alla-medarbetare"]

[creators]
admin = "Göteborgsregionen, trygghetsenheten"
"""


def slate(*nodes: dict) -> dict:
    return {"@type": "slate", "value": list(nodes), "plaintext": ""}


def text(value: str) -> dict:
    return {"text": value}


def fixture_site(double_url) -> list[Item]:
    """The items; `double_url(path)` is the absolute URL of a path."""
    u = UIDS
    volto_blocks = {
        "t": {"@type": "title"},
        "p": slate(
            {
                "type": "p",
                "children": [
                    text("Vi går runt i området. "),
                    {"type": "strong", "children": [text("Ta med")]},
                    text(" "),
                    {
                        "type": "link",
                        "data": {"url": f"../resolveuid/{u['doc_classic']}"},
                        "children": [text("lägesbilden")],
                    },
                    text("."),
                ],
            }
        ),
        "h": slate({"type": "h2", "children": [text("Så går det till")]}),
        "l": slate(
            {
                "type": "ul",
                "children": [
                    {"type": "li", "children": [text(word)]}
                    for word in ("Samling", "Promenad", "Samtal")
                ],
            }
        ),
        "i": {
            "@type": "image",
            "url": double_url("/sv/trygghet/belysning/gangvag.png"),
            "alt": "",
        },
        "teaser": {
            "@type": "teaser",
            "href": [{"@id": double_url("/sv/trygghet/ny-overenskommelse")}],
            "title": "Ny överenskommelse",
            "description": "Om samverkan med polisen.",
        },
        "v": {"@type": "video", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        "m": {"@type": "maps", "url": "https://maps.example.org/karta"},
    }
    classic = (
        "<h2>Läget i kommunen</h2>"
        "<p>Det här är <strong>viktigt</strong>.</p>"
        "<ul><li>Ett</li><li>Två</li></ul>"
        f'<p>Se <a href="resolveuid/{u["doc_volto"]}">trygghetsvandringen</a> och '
        f'<a href="{double_url("/sv/trygghet/checklista.pdf")}">checklistan</a>.</p>'
        f'<p><img src="resolveuid/{u["image_gangvag"]}/@@images/image/preview" '
        'alt="Gångväg i kvällsljus" /></p>'
    )
    return [
        Item("/sv", "LRF", "Svenska", u["lrf_sv"]),
        Item("/en", "LRF", "English", u["lrf_en"], language="en"),
        Item("/sv/assets", "LIF", "Assets", u["lif_sv"]),
        Item(
            "/sv/trygghet",
            "Folder",
            "Trygghetsskapande arbete",
            u["folder_trygghet"],
        ),
        Item(
            "/sv/trygghet/belysning",
            "Folder",
            "Belysning och stadsmiljö",
            u["folder_belysning"],
        ),
        Item(
            "/sv/trygghet/belysning/gangvag.png",
            "Image",
            "Belysning vid gångväg",
            u["image_gangvag"],
            review_state="",
            fields={
                "description": "En upplyst gångväg mellan två hus på kvällen.",
                "content_type": "image/png",
            },
            content=png(),
        ),
        Item(
            "/sv/trygghet/belysning/trygghetsvandring",
            "Document",
            "Trygghetsvandring i bostadsområdet",
            u["doc_volto"],
            fields={
                "description": "Hur en trygghetsvandring går till.",
                "subjects": [
                    "Bygg och fastighet",
                    "Trygghetsvandring",
                    "Okänt nyckelord",
                ],
                "effective": "2024-03-01T09:00:00+01:00",
                "blocks": volto_blocks,
                "blocks_layout": {"items": list(volto_blocks)},
            },
        ),
        Item(
            "/sv/trygghet/lagesbild",
            "Document",
            "Lägesbild för kommunen",
            u["doc_classic"],
            fields={
                "description": "Kommunens lägesbild.",
                "subjects": ["Socialtjänst"],
                "effective": "2024-05-15T00:00:00+02:00",
                "text": {"data": classic, "content-type": "text/html"},
            },
        ),
        Item(
            "/sv/trygghet/ny-overenskommelse",
            "News Item",
            "Ny samverkansöverenskommelse med polisen",
            u["news_item"],
            fields={
                "description": "Kommunen och polisen har skrivit under.",
                "subjects": ["Alla medarbetare"],
                "effective": "2024-09-10T00:00:00+02:00",
                "text": {"data": "<p>Överenskommelsen gäller i tre år.</p>"},
            },
        ),
        Item(
            "/sv/trygghet/bra",
            "Link",
            "Brottsförebyggande rådet",
            u["link_bra"],
            fields={"remoteUrl": "https://bra.se/", "subjects": ["Alla medarbetare"]},
        ),
        Item(
            "/sv/trygghet/checklista.pdf",
            "File",
            "Checklista för trygghetsvandring",
            u["file_checklista"],
            review_state="",
            content=PDF,
        ),
        Item(
            "/sv/trygghet/utkast-samverkan",
            "Document",
            "Utkast om samverkan",
            u["doc_private"],
            review_state="private",
            fields={
                "subjects": ["Chefer"],
                "text": {"data": "<p>Ett utkast om hur vi samverkar.</p>"},
            },
        ),
        Item(
            "/sv/trygghet/gammal-kampanj",
            "Document",
            "Gammal kampanj",
            u["doc_expired"],
            fields={
                "description": "En kampanj som är slut.",
                "subjects": ["Alla medarbetare"],
                "effective": "2024-01-10T00:00:00+01:00",
                "expires": "2025-01-31T00:00:00+01:00",
                "text": {"data": "<p>Kampanjen är slut.</p>"},
            },
        ),
        Item(
            "/sv/trygghet/film-om-trygghet",
            "Document",
            "Film om trygghetsarbete",
            u["doc_video_only"],
            fields={
                "description": "En film om trygghetsarbete.",
                "subjects": ["Alla medarbetare"],
                "blocks": {
                    "t": {"@type": "title"},
                    "v": {
                        "@type": "video",
                        "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    },
                },
                "blocks_layout": {"items": ["t", "v"]},
            },
        ),
        Item(
            "/sv/trygghet/om-arbetet",
            "Document",
            "Om brottsförebyggande arbete",
            u["doc_translated_sv"],
            fields={
                "description": "Vad arbetet går ut på.",
                "subjects": ["Alla medarbetare"],
                "text": {"data": "<p>Brottsförebyggande arbete är allas sak.</p>"},
                "translations": {"en": "/en/about"},
            },
        ),
        Item("/sv/stod", "Folder", "Stöd till brottsutsatta", u["folder_stod"]),
        Item(
            "/en/about",
            "Document",
            "About crime prevention work",
            u["doc_translated_en"],
            language="en",
            fields={
                "description": "What the work is about.",
                "text": {"data": "<p>Crime prevention is everyone's business.</p>"},
                "translations": {"sv": "/sv/trygghet/om-arbetet"},
            },
        ),
        Item("/sv/trygghet/evenemang", "Event", "Ett evenemang", u["event"]),
    ]


def fixture_double() -> PloneDouble:
    double = PloneDouble([])
    for item in fixture_site(double.url):
        double.items[item.path] = item
    return double
