"""Dependencies run one way: models ← delivery ← (API, site, feeds), and
search uses pages, not the other way round (README, "Layers").

Read from the source with `ast`, so the test needs no import to run and
names the file and line that breaks a rule.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = (
    "pages.listing",
    "pages.reader",
    "pages.views",
    "pages.feeds",
    "pages.site_reader",
    "pages.facet_links",
    "search.views",
)
API = ("pages.api", "search.api", "cms.api")
# The search modules the page models may use to declare their search fields
# (Wagtail's search_fields): leaves that import nothing from pages.
SEARCH_LEAVES = ("search.analysis", "search.elasticsearch")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(*packages: str) -> list[Path]:
    found = []
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                found.append(path)
    return found


def imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported module, inside a function) for each import in `path`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                found.extend((child.lineno, a.name, in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [base] + [f"{base}.{alias.name}" for alias in child.names]
                found.extend((child.lineno, target, in_function) for target in targets)
            visit(child, inside)

    visit(tree, False)
    return found


def is_in(module: str, prefixes) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def violations(paths, forbidden) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for path in paths
        for line, target, _inside in imports(path)
        if is_in(target, forbidden)
    ]


def test_page_models_import_no_delivery_api_site_or_search_reader():
    forbidden = ("pages.delivery", *API, *SITE, "search.service", "search.documents")
    assert violations(sources("pages/models"), forbidden) == []


def test_the_delivery_layer_imports_no_api_site_or_search():
    forbidden = (*API, *SITE, "search", "cms")
    assert violations(sources("pages/delivery"), forbidden) == []


def test_the_api_imports_nothing_from_the_site():
    paths = [*sources("pages/api"), ROOT / "search/api.py", ROOT / "cms/api.py"]
    assert violations(paths, SITE) == []


def test_the_site_and_feeds_never_use_the_api_package():
    paths = [ROOT / (name.replace(".", "/") + ".py") for name in SITE]
    assert violations(paths, API) == []


def test_pages_reach_search_only_through_its_seams():
    """The registered engine (pages/delivery/search_seam.py) and the search
    fields' leaf modules; and those leaves import nothing from pages."""
    uses = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for path in sources("pages")
        for line, target, _inside in imports(path)
        if is_in(target, ("search",)) and not is_in(target, SEARCH_LEAVES)
    ]
    assert uses == []
    leaves = [ROOT / (name.replace(".", "/") + ".py") for name in SEARCH_LEAVES]
    assert violations(leaves, ("pages",)) == []


def reasoned(path: Path, line: int) -> bool:
    """A comment names a reason: on the import's line, or right above it or
    above the group of imports it belongs to."""
    lines = path.read_text().splitlines()
    index = line - 1
    if "#" in lines[index]:
        return True

    def part_of_group(text: str) -> bool:
        return not text.strip() or text.strip().startswith(("from ", "import "))

    while index > 0 and part_of_group(lines[index - 1]):
        index -= 1
    return index > 0 and lines[index - 1].strip().startswith("#")


def test_no_import_inside_a_function_without_a_reason():
    unexplained = [
        f"{path.relative_to(ROOT)}:{line} imports {target} inside a function"
        for path in sources("pages", "search")
        for line, target, inside in imports(path)
        if inside and not reasoned(path, line)
    ]
    assert unexplained == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from .memo import memo", "pages.delivery.memo"),
        ("from . import memo", "pages.delivery"),
        ("from ..models import Role", "pages.models"),
    ],
)
def test_relative_imports_are_resolved(tmp_path, monkeypatch, source, expected):
    package = tmp_path / "pages" / "delivery"
    package.mkdir(parents=True)
    path = package / "example.py"
    path.write_text(source + "\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert expected in [target for _line, target, _inside in imports(path)]


def test_a_function_level_import_is_noticed(tmp_path, monkeypatch):
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    path = tmp_path / "pages" / "example.py"
    path.parent.mkdir()
    path.write_text("def f():\n    from pages.listing import x\n    return x\n")
    assert imports(path) == [
        (2, "pages.listing", True),
        (2, "pages.listing.x", True),
    ]
    assert not reasoned(path, 2)
