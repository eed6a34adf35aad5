"""Runs: the IngestRun record in the graph, and the quarantine file and report a run leaves."""
