"""The hand-written async shell: the only I/O code, and the source of ``_sync``."""
