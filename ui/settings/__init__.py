"""Innstillinger: login and users, the office, rates, letter templates and the audit trail."""
