# Generated from src/freshdesk_atom/_async/resources/__init__.py by scripts/unasync.py; do not edit.
"""The sync resources: one class per Freshdesk resource."""
