"""The `jxkg` command line: thin commands over the library."""
