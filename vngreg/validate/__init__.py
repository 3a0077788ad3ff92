"""Step 3, validation: the triples against the SHACL shapes -> a report traced to the YAML."""
