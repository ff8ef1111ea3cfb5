"""Getting articles in: read files, pages, feeds and records; clean, date, dedupe; hand them to the store."""
