"""Coding statements: which issues they are about, which negotiating moves they report, how likely."""
