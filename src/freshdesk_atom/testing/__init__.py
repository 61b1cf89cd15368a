"""The shipped fake Freshdesk: in-memory state, an httpx handler and an ASGI app."""
