"""The web tests' shared inputs: the write token and a corpus of hostile articles."""

from __future__ import annotations

from typing import Any

TOKEN = "test-token-6f1c"
# Hostile strings for every field a page shows: markup, a script, rich-markup closers,
# Markdown links, terminal escapes and other control characters.
SCRIPT = "<script>alert('x')</script>"
HOSTILE_TITLE = f"Port deal {SCRIPT} [/b] <img src=x onerror=alert(1)> \x1b[2J\x07end"
HOSTILE_OUTLET = "Evil <b>Wire</b> [/b] \x1b]0;pwned\x07"
HOSTILE_URL = "javascript:alert(document.cookie)"
HOSTILE_TEXTS = (
    "Dock workers at the port of Antwerp ended a three-day strike on Friday after unions and "
    f"the port authority agreed a 4 percent pay rise, the union ACV said. {SCRIPT} Ships that "
    "had waited off the coast began to berth on Friday evening, the port authority said.\x1b[31m",
    "The strike at Antwerp's port ended on Friday with a 4 percent pay rise for dock workers, "
    "union ACV said. <iframe src=//evil.example></iframe> About 40 ships had queued off the "
    "coast during the three-day stoppage.",
)


def hostile_records() -> list[dict[str, Any]]:
    """Two reports of one story whose titles, outlets, URLs and texts carry markup and escapes."""
    return [
        {
            "id": "hostile-1",
            "title": HOSTILE_TITLE,
            "outlet": HOSTILE_OUTLET,
            "url": HOSTILE_URL,
            "published": "2024-06-14",
            "text": HOSTILE_TEXTS[0],
        },
        {
            "id": "hostile-2",
            "title": f"Antwerp strike over \x00{SCRIPT}",
            "outlet": "Paper",
            "url": "https://example.org/port",
            "published": "2024-06-14T10:00:00Z",
            "text": HOSTILE_TEXTS[1],
        },
    ]
