"""Statements from articles: quotes and reported speech, attributed to resolved speakers."""
