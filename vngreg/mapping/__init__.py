"""Step 2, mapping: records -> triples, through one emitter that each output profile adds to."""
