"""The error hierarchy. Library code raises these; the CLI and the web layer turn them into exit codes
and HTTP statuses (see `cli.py`), so nothing below the edges prints or exits."""


class ParleyError(Exception):
    """Base of every error parley raises on purpose."""


class ConfigError(ParleyError):
    """A setting has a value parley cannot use."""


class SourceError(ParleyError):
    """One input (a file, a record, a page, a feed) cannot be read. The run reports it and goes on."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class FetchError(SourceError):
    """An HTTP fetch failed: unreachable host, timeout, bad status, too large, too many redirects."""


class StoreError(ParleyError):
    """The store cannot be opened, migrated or written."""


class QueryError(ParleyError):
    """A search or filter the user gave is malformed (for instance a full-text query with bad syntax)."""


class NotFoundError(ParleyError):
    """A record the user named does not exist."""
