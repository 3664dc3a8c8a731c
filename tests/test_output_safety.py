"""What the outputs do with hostile text: a site built from a region whose names hold
markup, an ampersand and a spreadsheet formula, and whose source starts with a
byte-order mark; the CSV, XML and chart encoders one by one; and `atlas serve` meeting a
client that resets its connection."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import struct
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.build import build_site
from generator.errors import BuildError
from generator.exports.columns import FORMULA_STARTS, NUMERIC_TYPES, Table
from generator.exports.tables import atlas_tables
from generator.exports.xmltext import xml_attribute, xml_text
from generator.load.validate import ValidatedAtlas
from generator.serve.live_site import LiveSite
from generator.serve.netlify_config import load_netlify_config
from generator.serve.server import AtlasServer
from tests.attacks.cases import make_project

REPO = Path(__file__).resolve().parents[1]
NAME_LINE = "name: {zh: 合水县, en: Heshui County}"
HOSTILE_NAME = (
    "name: {zh: '合水 & <a href=\"https://evil.example/\">县</a>', "
    'en: \'=HYPERLINK("https://evil.example/","Heshui")\'}'
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile") / "project")
    data = root / "data"
    region = data / "regions" / "heshui.yaml"
    text = region.read_text(encoding="utf-8")
    assert NAME_LINE in text
    # the hostile name matches no division, so the region goes without its code (a warning)
    text = text.replace('code: "621024"\n', "")
    region.write_text(text.replace(NAME_LINE, HOSTILE_NAME), encoding="utf-8")
    source = data / "sources" / "heshui" / "implementation-plan.txt"
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    build_site(data, root / "site")
    return root / "site"


def test_the_cite_line_escapes_an_ampersand_once(hostile_site: Path) -> None:
    page = (hostile_site / "regions" / "heshui" / "index.html").read_text(encoding="utf-8")
    cites = re.findall(r'<p class="cite-text">(.*?)</p>', page)
    assert cites
    records = [cite for cite in cites if "合水" in cite]  # the document lines name no region
    assert records and all("合水 &amp; &lt;a href=" in cite for cite in records)
    assert "&amp;amp;" not in page


def test_a_formula_in_a_name_reaches_the_csv_as_text(hostile_site: Path) -> None:
    table = (hostile_site / "data" / "regions.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(table)))
    heshui = next(row for row in rows if row["id"] == "heshui")
    assert heshui["name_en"].startswith("'=HYPERLINK(")


def test_chart_data_holds_markup_only_as_entities(hostile_site: Path) -> None:
    pages = [
        p.read_text(encoding="utf-8") for p in (hostile_site / "timeline").glob("*/index.html")
    ]
    figures = [
        figure
        for page in pages  # the timeline's charts are on its year pages
        for figure in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    ]
    labels = [
        label
        for figure in figures
        for trace in json.loads(figure)["data"]
        for label in trace["y"]
        if "合水" in label
    ]
    assert labels
    assert all("&lt;a href=" in label and "<a" not in label for label in labels)
    assert all(" &amp; " in label for label in labels)


def test_a_byte_order_mark_does_not_reach_the_source_page(hostile_site: Path) -> None:
    page = hostile_site / "regions" / "heshui" / "sources" / "implementation-plan" / "index.html"
    assert "\ufeff" not in page.read_text(encoding="utf-8")


def test_the_feeds_and_the_sitemap_parse_as_xml(hostile_site: Path) -> None:
    for name in ("feed.xml", "en/feed.xml", "sitemap.xml"):
        ET.fromstring((hostile_site / name).read_bytes())
    feed = (hostile_site / "feed.xml").read_text(encoding="utf-8")
    assert "合水 &amp; &lt;a href=" in feed


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_text_column_of_every_table_is_neutralised(
    small_atlas: ValidatedAtlas, start: str
) -> None:
    for table in atlas_tables(small_atlas.atlas):
        texts = [i for i, c in enumerate(table.columns) if c.type not in NUMERIC_TYPES]
        hostile = [
            [f"{start}1+1" if i in texts else cell for i, cell in enumerate(row)]
            for row in table.rows
        ]
        written = Table(table.name, table.title, table.columns, hostile, table.primary_key)
        rows = list(csv.reader(io.StringIO(written.csv_bytes().decode("utf-8"), newline="")))
        for row, original in zip(rows[1:], table.rows, strict=True):
            for i, cell in enumerate(row):
                if i in texts:
                    assert cell == f"'{start}1+1", (table.name, table.columns[i].name)
                elif isinstance(original[i], int | float) and not isinstance(original[i], bool):
                    assert float(cell) == original[i]  # numbers stay numbers, minus included


def test_negative_numbers_stay_numeric(small_atlas: ValidatedAtlas) -> None:
    table = next(t for t in atlas_tables(small_atlas.atlas) if t.name == "goals")
    value = [c.name for c in table.columns].index("value")
    rows = [[-5 if i == value else cell for i, cell in enumerate(r)] for r in table.rows[:1]]
    written = Table(table.name, table.title, table.columns, rows, table.primary_key)
    assert list(csv.reader(io.StringIO(written.csv_bytes().decode())))[1][value] == "-5"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\ufffe", "\uffff", "\ud800"])
def test_the_xml_escaper_refuses_what_xml_forbids(char: str) -> None:
    with pytest.raises(BuildError, match=f"U\\+{ord(char):04X}"):
        xml_text(f"合水{char}县")
    with pytest.raises(BuildError):
        xml_attribute(f"https://x/{char}")


def test_the_xml_escaper_escapes_markup() -> None:
    assert xml_text('a & <b> "c"') == 'a &amp; &lt;b&gt; "c"'
    assert xml_attribute('a"b\n') == '"a&quot;b&#10;"'


def test_a_client_resetting_its_connection_is_one_line_not_a_traceback(
    capfd: pytest.CaptureFixture[str],
) -> None:
    site = LiveSite(Path("data"), lambda _: {"index.html": b"<html><body>x</body></html>"})
    site.rebuild()
    lines: list[str] = []
    server = AtlasServer(
        site, load_netlify_config(REPO / "netlify.toml"), "127.0.0.1", 0, lines.append
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        client = socket.create_connection((str(host), int(port)))
        client.sendall(b"GET / HTTP/1.1\r\n")  # the headers never follow
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()  # SO_LINGER 0: the close is a reset
        deadline = time.monotonic() + 5
        while not lines and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        server.shutdown()
        server.server_close()
        site.close()
    assert lines == ["127.0.0.1 closed the connection early (ConnectionResetError)"]
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "../outside.html", "en/../../x", "a\\b.html", "", "a//b", "./a", ".atlas-site"],
)
def test_the_writer_refuses_a_name_that_is_not_a_plain_site_path(name: str, tmp_path: Path) -> None:
    """Whether the site is written whole or patched, a file's name must stay inside it."""
    from generator.output.writer import write_site
    from generator.sitefiles import SiteFiles

    site = tmp_path / "site"
    with pytest.raises(BuildError, match="refusing to write"):
        write_site(SiteFiles({"index.html": b"<p>home", name: b"x"}), site, None)
    assert not (tmp_path / "outside.html").exists() and not (tmp_path / "x").exists()
