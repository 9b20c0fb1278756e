"""The HTML views and the audit report: content, escaping, offline, and a look in Chromium."""

from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path

import pytest

from kg.build import corpus_files
from kg.store import Store
from kg.viz import diff_view, document_view, graphs, overview_view, unit_view
from kg.viz.render import vis_data
from kg.viz.report import audit_report
from tests import browser
from tests.conftest import CORPUS

UNSEEN = Path(__file__).parent / "data" / "unseen" / "u02_yantai_prefecture_webcopy_continuous.txt"
EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"
AS_OF = datetime.date(2023, 10, 1)


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store(None)
    s.ingest(corpus_files([CORPUS]))
    return s


@pytest.fixture(scope="module")
def evil_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store holding a document whose text carries markup and script."""
    folder = tmp_path_factory.mktemp("evil")
    text = UNSEEN.read_text(encoding="utf-8").replace("（一）", f"（一）{EVIL}", 1)
    path = folder / "evil.txt"
    path.write_text(text, encoding="utf-8")
    s = Store(None)
    s.ingest([path])
    return s


def _data(html: str) -> dict:  # type: ignore[type-arg]
    match = re.search(r"var data = (\{.*?\});\n", html)
    assert match
    return json.loads(match.group(1))


def _kinds(g) -> dict[str, int]:  # type: ignore[no-untyped-def]
    out: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        out[d["kind"]] = out.get(d["kind"], 0) + 1
    return out


def test_overview_nodes_and_links(store: Store) -> None:
    g = graphs.overview(store)
    kinds = _kinds(g)
    assert kinds["document"] == 6 and kinds["item"] == 92 and kinds["section"] >= 28
    names = {d["label"] for _, d in g.nodes(data=True) if d["kind"] == "jurisdiction"}
    assert {"济南市", "莱芜区", "烟台市", "莱州市", "招远市", "海阳市", "山东省"} <= names
    laiwu, jinan = store.find("laiwu-2023").iri, store.find("jinan-2023").iri
    assert g.edges[laiwu, jinan]["kind"] == "follows parent"
    assert any(d["kind"] == "sibling" for _, _, d in g.edges(data=True))


def test_document_view(store: Store) -> None:
    g = graphs.document(store, store.find("laiwu-2023").iri)
    kinds = _kinds(g)
    assert kinds["task"] == 54 and kinds["item"] == 19 and kinds["unit"] > 20 and kinds["deadline"] >= 5
    assert any(d["label"] == "2023-09-30" for _, d in g.nodes(data=True) if d["kind"] == "deadline")


def test_unit_view_by_month_and_status(store: Store) -> None:
    g = graphs.unit(store, "莱芜区政府办公室", AS_OF)
    kinds = _kinds(g)
    assert kinds.get("overdue", 0) >= 1 and kinds.get("open", 0) >= 1
    months = {d["label"] for _, d in g.nodes(data=True) if d["kind"] == "month"}
    assert {"2023-12", "无固定期限"} <= months


def test_diff_view_colours_changes(store: Store) -> None:
    g = graphs.diff(store, store.find("laiwu-2023").iri, store.find("jinan-2023").iri)
    links = [d["kind"] for _, _, d in g.edges(data=True)]
    assert len(links) == 19 and "strengthened" in links and "weakened" in links
    assert not [n for n, d in g.nodes(data=True) if d["kind"].startswith(("dropped", "added"))]
    sib = graphs.diff(store, store.find("zhaoyuan-2023").iri, store.find("laizhou-2023").iri)
    added = [d["label"] for _, d in sib.nodes(data=True) if d["kind"] == "added child item"]
    assert added == ["三、（七）提升政策公开全流程服务…"]


def test_pages_are_self_contained_and_deterministic(store: Store) -> None:
    pages = [
        overview_view(store),
        document_view(store, "laiwu-2023"),
        unit_view(store, "莱芜区政府办公室", AS_OF),
        diff_view(store, "laiwu-2023", "jinan-2023"),
        audit_report(store, AS_OF),
    ]
    for html in pages:
        assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
        # No resource is fetched: no src/href/url()/import pointing anywhere.
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html)
        assert "@import" not in html
    assert overview_view(store) == pages[0]
    assert audit_report(store, AS_OF) == pages[4]


def test_document_text_is_escaped(evil_store: Store) -> None:
    for html in (overview_view(evil_store), document_view(evil_store, evil_store.documents()[0].short_id)):
        assert "<script>alert" not in html and "<img src=x" not in html
        data = _data(html)
        assert any(EVIL in n["title"] for n in data["nodes"])
    report = audit_report(evil_store, AS_OF)
    assert "<script>alert" not in report and "<img src=x" not in report


def test_large_graphs_get_a_fixed_layout() -> None:
    import networkx as nx

    g = nx.DiGraph()
    for i in range(400):
        g.add_node(i, label=str(i), kind="item")
        if i:
            g.add_edge(i - 1, i, kind="has part")
    data = vis_data(g)
    assert data["fixed"] and all("x" in n and "y" in n for n in data["nodes"])


def test_cli_view_and_report(store: Store, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    store_dir = tmp_path / "store"
    Store(store_dir).ingest(corpus_files([CORPUS]))
    base = ["--store", str(store_dir)]
    out = tmp_path / "v.html"
    result = runner.invoke(cli, [*base, "view", "--diff", "laiwu-2023", "jinan-2023", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "laiwu-2023 ← jinan-2023" in out.read_text(encoding="utf-8")
    result = runner.invoke(cli, [*base, "view", "--unit", "莱芜区政府办公室", "--as-of", "2023-10-01"])
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    result = runner.invoke(cli, [*base, "view", "--doc", "nowhere-1999"])
    assert result.exit_code == 2 and "no document in the store" in result.stderr
    result = runner.invoke(cli, [*base, "view", "--unit", "不存在的单位"])
    assert result.exit_code == 2 and "no duty found" in result.stderr
    result = runner.invoke(cli, [*base, "report", "--as-of", "2023-13-01"])
    assert result.exit_code == 2 and "not a date" in result.stderr
    result = runner.invoke(cli, [*base, "report", "--as-of", "2023-10-01", "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0 and "逾期" in (tmp_path / "r.html").read_text(encoding="utf-8")


NEEDS_BROWSER = pytest.mark.skipif(
    not browser.available() and not os.environ.get("CI"),
    reason="headless Chromium is not installed here (CI installs it and runs these)",
)


@NEEDS_BROWSER
@pytest.mark.parametrize("view", ["overview", "document", "unit", "diff", "report", "escaped"])
def test_pages_draw_in_headless_chromium_offline(
    view: str, store: Store, evil_store: Store, tmp_path: Path
) -> None:
    pages = {
        "overview": lambda: overview_view(store),
        "document": lambda: document_view(store, "laiwu-2023"),
        "unit": lambda: unit_view(store, "莱芜区政府办公室", AS_OF),
        "diff": lambda: diff_view(store, "laiwu-2023", "jinan-2023"),
        "report": lambda: audit_report(store, AS_OF),
        "escaped": lambda: document_view(evil_store, evil_store.documents()[0].short_id),
    }
    page = tmp_path / f"{view}.html"
    page.write_text(pages[view](), encoding="utf-8")
    shots = Path(os.environ.get("KG_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    result = browser.render(page, shots / f"{view}.png", canvas=view != "report")
    assert result.drawn, "the page never signalled it was drawn"
    assert result.errors == []
    assert [u for u in result.requests if not u.startswith(("file:", "data:"))] == []
    if view != "report":
        assert result.ink > 0.01, "the canvas is blank"
    assert result.png.stat().st_size > 10_000


def test_a_large_store_folds_items_into_sections(store: Store) -> None:
    g = graphs.overview(store, max_items=10)
    kinds = _kinds(g)
    assert "item" not in kinds and kinds["section"] >= 28
    assert any(d["label"].endswith("(3)") for _, d in g.nodes(data=True) if d["kind"] == "section")
