# Generated from src/freshdesk_atom/_async/__init__.py by scripts/unasync.py; do not edit.
"""The hand-written sync shell: the only I/O code, and the source of ``_sync``."""
