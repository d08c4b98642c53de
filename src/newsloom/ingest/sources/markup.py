"""Plain text with paragraph breaks from HTML fragments (feed entries) or loose text."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# Elements that start a new paragraph: their text never runs into the text around them.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
    ]
)
# Elements whose text is never prose for a reader.
DROPPED_TAGS = ("script", "style", "noscript", "iframe", "template")

# Private-use characters as markers: they cannot occur in feed text, unlike "\n" in markup.
_PARAGRAPH = "\ue000"
_LINE = "\ue001"
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_TAG = re.compile(r"<[^>]*>")


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment, one paragraph per block element, separated by blank lines."""
    if not markup.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        # Markup that lxml refuses (an XML declaration in a str, say): drop the tags and go on.
        return plain_to_text(_TAG.sub(" ", markup))
    for element in list(root.iter(*DROPPED_TAGS)):
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions carry no text for the reader
        tag = element.tag.lower()
        if tag == "br":
            element.tail = _LINE + (element.tail or "")
        elif tag in BLOCK_TAGS:
            element.text = _PARAGRAPH + (element.text or "")
            element.tail = _PARAGRAPH + (element.tail or "")
    paragraphs = []
    for chunk in root.text_content().split(_PARAGRAPH):
        lines = (" ".join(line.split()) for line in chunk.split(_LINE))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def plain_to_text(text: str) -> str:
    """Loose text with blank-line paragraphs kept and other runs of white space made one space."""
    paragraphs = (" ".join(chunk.split()) for chunk in _BLANK_LINE.split(text))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
