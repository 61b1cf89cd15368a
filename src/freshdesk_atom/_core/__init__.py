"""Sans-IO decisions: pure functions and frozen state, no I/O, no sleeping."""
