"""Engines: where the per-document work of ingestion runs (this process, local processes, a cluster)."""
