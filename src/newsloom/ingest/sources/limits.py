"""Size limits on what ingest reads: past them an input costs memory out of proportion to news.

Each limit was set from what a real news input needs and what a hostile one costs; an input
past one is refused with NL014 (``Reason.TOO_LARGE``), never read part-way into memory.
"""

from __future__ import annotations

# The longest article text kept, in characters. Long-form features run to 100,000 characters;
# MinHash shingling holds every five-word shingle of the text at once (a 50 MB one-line text
# peaked at ~9.5 GB), so ten times the longest real article bounds it at tens of MB.
MAX_ARTICLE_CHARS = 1_000_000
# The longest JSONL line read, in bytes: MAX_ARTICLE_CHARS of text escaped as JSON (non-ASCII
# text as \\uXXXX takes six bytes a character) with room for the other fields. Longer lines
# are counted past, never held whole.
MAX_LINE_BYTES = 8 * 1024 * 1024
# The largest single-document file read (.txt, .html, .json, a feed, stdin), in bytes: such a
# file is read whole, and a web page or a feed of a few hundred entries is a few MB.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
# A gzip stream may inflate to at most this many times its compressed size. Text JSONL
# compresses 3 to 10 times and highly repetitive text some 50 times; a gzip bomb (3 MB that
# inflates to 3 GiB) a thousand times.
MAX_INFLATION_RATIO = 100
# ... but any gzip stream may inflate to this many bytes, whatever its ratio: small files of
# repetitive records compress well beyond the ratio and are still harmless.
MIN_INFLATED_ALLOWANCE = 64 * 1024 * 1024
# Past its first MiB of output, a gzip stream inflating more than this many times the bytes it
# has consumed is a compression bomb and is stopped there: news JSONL inflates 3 to 10 times,
# highly repetitive records some 50 times, a bomb about 1,000 times. Stopping at the first MiB
# bounds the time too: a bomb of tiny records ("{}" lines) inflated to the allowance above was
# 35 million broken records, four and a half minutes of reading (docs/benchmarks.md).
MAX_SUSTAINED_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Problems listed one by one per file; past this many they are counted in one NL016 entry, so
# a file of two million broken lines keeps a bounded report.
MAX_SKIPS_PER_FILE = 100
# The deepest nesting kept in a record's extra fields: real records nest a few levels, and
# writing a deeper value back as JSON may exhaust Python's recursion limit.
MAX_FIELD_DEPTH = 32


def inflated_limit(compressed_bytes: int) -> int:
    """The most bytes a gzip stream of the given compressed size may inflate to."""
    return max(MIN_INFLATED_ALLOWANCE, compressed_bytes * MAX_INFLATION_RATIO)
