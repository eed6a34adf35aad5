"""The data stewards' uploads: a file made safe to read, its report, its rejected rows, background jobs.

A library for the faces (the API's steward routes), not a stage of the ingest pipeline: it calls the pipeline.
"""
