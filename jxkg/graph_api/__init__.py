"""The HTTP API (FastAPI) and the relationship-explorer page."""
