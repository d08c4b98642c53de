"""HTML pages: main text without menus or comments, honest dates, canonical URLs."""

from __future__ import annotations

from pathlib import Path

from newsloom.errors import Reason
from newsloom.ingest.sources import read_paths
from newsloom.ingest.sources.html import read_html

ARTICLE_BODY = """
<article>
<h1>Flood barrier holds as river peaks</h1>
<p>The temporary flood barrier along the east bank held overnight as the river reached its
highest level in eleven years, the town council said on Tuesday morning.</p>
<p>Engineers had worked through the weekend to raise the barrier by half a metre after
forecasters warned of heavy rain upstream. About two hundred homes in the low-lying Millbrook
district had been told to prepare for evacuation.</p>
<p>"We are not out of danger yet, but the barrier did exactly what it was built to do," said
council leader Maria Okonkwo, adding that pumps would keep running until the water dropped
below the warning mark.</p>
</article>
"""

NAV = """
<nav class="menu"><ul>
<li><a href="/">Home</a></li><li><a href="/sport">Sport Results</a></li>
<li><a href="/weather">Weather Outlook</a></li><li><a href="/subscribe">Subscribe Today</a></li>
</ul></nav>
"""

COMMENTS = """
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Typical council, always late to act. Shameful waste of money.</p></div>
<div class="comment"><p>My cellar is still flooded and nobody came round to help us.</p></div>
</section>
"""

FOOTER = "<footer><p>© 2019 Riverside Courier. All rights reserved.</p></footer>"


def page(head: str = "", body: str = ARTICLE_BODY) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Flood barrier holds as river peaks | Riverside Courier</title>"
        f"{head}</head><body>{NAV}{body}{COMMENTS}{FOOTER}</body></html>"
    )


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_main_text_without_menu_or_comments(tmp_path, split):
    head = (
        '<link rel="canonical" href="https://courier.example/news/flood-barrier-holds">'
        '<meta property="og:site_name" content="Riverside Courier">'
    )
    path = write(tmp_path, "flood.html", page(head))
    [article], skipped = split(read_paths([path]))
    assert skipped == []
    assert article.title == "Flood barrier holds as river peaks"
    assert article.text.startswith("The temporary flood barrier along the east bank")
    assert "Maria Okonkwo" in article.text
    assert article.text.count("\n\n") == 2  # three paragraphs, blank lines between them
    for unwanted in (
        "Shameful waste",
        "cellar is still flooded",
        "Sport Results",
        "Subscribe Today",
        "©",
    ):
        assert unwanted not in article.text
    assert article.url == "https://courier.example/news/flood-barrier-holds"
    assert article.outlet == "Riverside Courier"
    assert article.origin == str(path)


def test_copyright_year_is_not_a_publication_date(tmp_path, split):
    [article], _ = split(read_paths([write(tmp_path, "flood.htm", page())]))
    assert article.published is None


def test_command_line_date_fills_in_when_the_page_has_none(tmp_path, split):
    [article], _ = split(read_paths([write(tmp_path, "flood.htm", page())], published="2024-02-06"))
    assert article.published == "2024-02-06"


def test_page_metadata_date_and_author(tmp_path, split):
    head = (
        '<meta property="article:published_time" content="2024-02-06T07:45:00+00:00">'
        '<meta name="author" content="Priya Raman">'
        '<meta property="og:url" content="https://courier.example/news/flood">'
    )
    [article], _ = split(
        read_paths([write(tmp_path, "flood.html", page(head))], published="2023-01-01")
    )
    assert article.published == "2024-02-06"  # the page's own date wins
    assert article.author == "Priya Raman"
    assert article.url == "https://courier.example/news/flood"


def test_command_line_outlet_beats_the_guessed_site_name(tmp_path, split):
    head = '<meta property="og:site_name" content="courier.example">'
    [article], _ = split(
        read_paths([write(tmp_path, "flood.html", page(head))], outlet="Riverside Courier")
    )
    assert article.outlet == "Riverside Courier"


def test_page_without_main_text(tmp_path, split):
    empty_page = (
        "<html><head><title>Loading</title></head>"
        "<body><nav><a href='/'>Home</a></nav></body></html>"
    )
    path = write(tmp_path, "empty.html", empty_page)
    [], [problem] = split(read_paths([path]))
    assert problem.code == Reason.NO_MAIN_TEXT.code
    assert problem.origin == str(path)


def test_binary_html_is_refused():
    [problem] = read_html(b"\x00\x01\x02GIF89a\x00\x00", "image.html")
    assert problem.code == Reason.BINARY.code
