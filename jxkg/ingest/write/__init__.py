"""Writing: batched, idempotent writes with provenance, and the facts derived from what was written."""
