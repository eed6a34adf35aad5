"""The SHACL gate: records checked in batches before they are written; what violates goes to quarantine."""
