"""RSS 2.0 and Atom feeds: one article per entry, HTML made plain text."""

from __future__ import annotations

from pathlib import Path

from newsloom.errors import Reason
from newsloom.ingest.sources import read_paths
from newsloom.ingest.sources.feed import read_feed
from newsloom.model import Article

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Northern Ledger</title>
  <link>https://ledger.example/</link>
  <description>Regional news</description>
  <language>en-gb</language>
  <item>
    <title>Ferry service to the islands resumes</title>
    <link>https://ledger.example/ferry-resumes</link>
    <guid isPermaLink="false">ledger-2024-0412</guid>
    <pubDate>Fri, 12 Apr 2024 08:30:00 +0200</pubDate>
    <dc:creator>Tomas Berg</dc:creator>
    <description>Short summary that should not be used.</description>
    <content:encoded><![CDATA[<p>The ferry to the outer islands sailed again on <b>Friday</b> after
      three weeks of repairs to its steering gear.</p><p>Islanders had relied on a small
      passenger boat that could not carry vehicles or freight.<br>Fares are unchanged.</p>
      <script>trackReader()</script>]]></content:encoded>
  </item>
  <item>
    <title>Council approves new library</title>
    <link>https://ledger.example/library</link>
    <pubDate>Thu, 11 Apr 2024 16:00:00 GMT</pubDate>
    <description>&lt;p&gt;The town council voted 9 to 4 to build a new public library on the old \
bus depot site.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Photo gallery: spring market</title>
    <link>https://ledger.example/gallery</link>
    <description></description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Coastal Science Notes</title>
  <id>urn:uuid:5d1e9f1c-0000-4000-8000-000000000001</id>
  <updated>2024-05-02T09:00:00Z</updated>
  <entry>
    <title>Seagrass meadows recovering along the bay</title>
    <link href="https://coastal.example/seagrass"/>
    <id>urn:uuid:5d1e9f1c-0000-4000-8000-000000000002</id>
    <published>2024-05-01T14:20:00+02:00</published>
    <updated>2024-05-02T09:00:00Z</updated>
    <author><name>Ines Carvalho</name></author>
    <content type="html">&lt;p&gt;Divers counted twice as many seagrass shoots as last \
year.&lt;/p&gt;&lt;p&gt;Researchers credit cleaner water after a sewage plant \
upgrade.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Storm season outlook</title>
    <id>urn:uuid:5d1e9f1c-0000-4000-8000-000000000003</id>
    <updated>2024-05-02T08:00:00Z</updated>
    <summary type="text">Forecasters expect an average number of storms this autumn.</summary>
  </entry>
</feed>
"""


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_rss_entries(tmp_path, split):
    path = write(tmp_path, "ledger.rss", RSS)
    (ferry, library), [empty] = split(read_paths([path]))
    assert ferry.title == "Ferry service to the islands resumes"
    assert ferry.url == "https://ledger.example/ferry-resumes"
    assert ferry.origin == f"{path}#https://ledger.example/ferry-resumes"
    assert ferry.external_id == "ledger-2024-0412"
    assert ferry.published == "2024-04-12T06:30:00+00:00"  # converted to UTC
    assert ferry.author == "Tomas Berg"
    assert ferry.outlet == "Northern Ledger"
    assert ferry.language == "en"
    assert ferry.text == (
        "The ferry to the outer islands sailed again on Friday after three weeks of repairs to "
        "its steering gear.\n\nIslanders had relied on a small passenger boat that could not "
        "carry vehicles or freight.\nFares are unchanged."
    )
    assert (
        library.text
        == "The town council voted 9 to 4 to build a new public library on the old bus depot site."
    )
    assert library.published == "2024-04-11T16:00:00+00:00"
    assert empty.code == Reason.EMPTY.code
    assert empty.origin == f"{path}#https://ledger.example/gallery"


def test_atom_entries(tmp_path, split):
    path = write(tmp_path, "coastal.atom", ATOM)
    (seagrass, storms), skipped = split(read_paths([path]))
    assert skipped == []
    assert seagrass.title == "Seagrass meadows recovering along the bay"
    assert seagrass.url == "https://coastal.example/seagrass"
    assert seagrass.published == "2024-05-01T12:20:00+00:00"
    assert seagrass.author == "Ines Carvalho"
    assert seagrass.outlet == "Coastal Science Notes"
    assert seagrass.text == (
        "Divers counted twice as many seagrass shoots as last year.\n\n"
        "Researchers credit cleaner water after a sewage plant upgrade."
    )
    assert seagrass.external_id == "urn:uuid:5d1e9f1c-0000-4000-8000-000000000002"
    assert storms.url is None
    assert storms.origin == f"{path}#2"  # no link: the entry's position
    assert storms.published == "2024-05-02T08:00:00+00:00"  # updated, for want of published
    assert storms.text == "Forecasters expect an average number of storms this autumn."


def test_outlet_given_overrides_the_feed_title(tmp_path, split):
    articles, _ = split(read_paths([write(tmp_path, "ledger.rss", RSS)], outlet="The Ledger"))
    assert {article.outlet for article in articles} == {"The Ledger"}


def test_xml_file_that_is_a_feed(tmp_path, split):
    articles, _ = split(read_paths([write(tmp_path, "coastal.xml", ATOM)]))
    assert len(articles) == 2


def test_xml_file_that_is_not_a_feed(tmp_path, split):
    path = write(
        tmp_path, "catalogue.xml", "<?xml version='1.0'?><catalogue><book>Tides</book></catalogue>"
    )
    [], [problem] = split(read_paths([path]))
    assert problem.code == Reason.UNKNOWN_KIND.code


def test_broken_feed(tmp_path, split):
    path = write(tmp_path, "broken.rss", "<rss version='2.0'><channel><title>Half a feed</ti")
    [], [problem] = split(read_paths([path]))
    assert problem.code == Reason.BAD_FEED.code
    assert problem.origin == str(path)


def test_a_broken_item_is_a_broken_feed_not_an_empty_entry():
    # An unescaped "&" and unclosed tags: feedparser's lenient parse leaves an empty entry.
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Broken</title>
<item><title>Dockers & pilots strike <link>https://port.example/strike</item>
"""
    [problem] = read_feed(data, "https://port.example/rss")
    assert problem.code == Reason.BAD_FEED.code and problem.origin == "https://port.example/rss"
    assert "not well-formed" in problem.message


def test_a_broken_tail_keeps_the_entries_read_before_it():
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Port News</title>
<item><title>Pilots agree pay deal</title><link>https://port.example/pilots</link>
<description>Harbour pilots accepted a two-year pay offer on Monday.</description></item>
<item><title>Cranes idle & ships wait"""
    items = list(read_feed(data, "https://port.example/rss"))
    assert [a.url for a in items if isinstance(a, Article)] == ["https://port.example/pilots"]


def test_markup_in_titles_is_dropped_and_plain_titles_kept():
    rss = b"""<rss version="2.0"><channel><title>Mixed &amp; Matched &lt;b&gt;News&lt;/b&gt;</title>
<item>
<title>&lt;b&gt;Breaking:&lt;/b&gt; Levee &amp;amp; dam fail in &lt;i&gt;Emilia&lt;/i&gt;</title>
<link>https://m.example/levee</link><description>A levee failed on Sunday.</description></item>
<item><title>Q&amp;A: why 5 &lt; 6 at AT&amp;T</title><link>https://m.example/qa</link>
<description>Questions and answers.</description></item></channel></rss>"""
    levee, qa = read_feed(rss, "mixed.rss")
    assert levee.title == "Breaking: Levee & dam fail in Emilia"
    assert levee.outlet == "Mixed & Matched News"
    assert qa.title == "Q&A: why 5 < 6 at AT&T"
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom">
<title type="text">Port &lt;b&gt; Wire</title>
<entry><title type="html">&lt;em&gt;Live:&lt;/em&gt; pilots strike</title><id>urn:1</id>
<link href="https://p.example/1"/><summary>Harbour pilots walked out.</summary></entry></feed>"""
    (pilots,) = read_feed(atom, "port.atom")
    assert pilots.title == "Live: pilots strike" and pilots.outlet == "Port <b> Wire"


def test_feed_without_entries():
    data = b"<rss version='2.0'><channel><title>Quiet week</title></channel></rss>"
    [problem] = read_feed(data, "quiet.rss")
    assert problem.code == Reason.EMPTY.code


def test_entry_source_names_the_outlet():
    data = b"""<rss version="2.0"><channel><title>Aggregator</title>
    <item><title>Wheat harvest starts early</title><link>https://agri.example/wheat</link>
    <source url="https://farmweekly.example/rss">Farm Weekly</source>
    <description>Farmers began cutting wheat two weeks earlier than usual.</description></item>
    </channel></rss>"""
    [article] = read_feed(data, "agg.rss", outlet="Command Line Outlet")
    assert article.outlet == "Farm Weekly"
