"""efficiency-rules: the norms of the administrative-efficiency speech, as rules that run."""

__version__ = "0.1.0"
