"""Reading GEMMA's ArchiMate model (the coArchi folder of VNG Realisatie's GEMMA-Archi-repository):
its standards, their versions, statuses, maintainers and bindings, as plain records.

`coarchi` reads the folder's XML files safely, `model` builds the records, `normalise` maps
GEMMA's statuses and maintainers, `report` tells what was read and what could not be mapped.
See docs/gemma.md.
"""
