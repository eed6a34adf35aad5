"""Reading sources: readers per format, mapping files, value conversion, the curated folder, names."""
