"""Outgoing email beyond Django's own backends: Loops' transactional API.

See docs/accounts-and-teams.md for how to turn it on.
"""
