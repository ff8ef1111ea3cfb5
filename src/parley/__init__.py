"""parley: track diplomatic negotiations from the news."""

__version__ = "0.1.0"
