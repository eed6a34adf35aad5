"""The synthetic province (`jxkg generate`): deterministic benchmark and load-test data in the
curated folder's format, tied to the real curated regions, science cities and industry chains."""

VERSION = 2  # of what the generator writes: the benchmarks key their cached graphs on it (bump on any change)
