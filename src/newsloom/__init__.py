"""newsloom: turn a pile or stream of news articles into stories and source-attributed briefs."""

__version__ = "0.1.0"
