"""Step 4, writing: the validated triples -> the files of out/, its catalogue and provenance."""
