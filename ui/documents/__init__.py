"""Dokumenter: a person's letters (drafts, issued, sent), preview, issue, print and save."""
