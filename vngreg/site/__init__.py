"""Step 5, the static site: the register as pages for people."""
