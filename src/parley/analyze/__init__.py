"""Cross-article analysis over the store: developments, the timeline (and, beside them, the board, barometer,
shifts and brief). Everything here reads what ingest stored; nothing re-reads the sources."""
