"""Step 1, loading: the YAML source (with each value's file and line) -> typed records."""
