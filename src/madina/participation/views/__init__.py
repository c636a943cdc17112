"""Pages of the co-construction, in three modules (processes, proposals, moderation). Views read through
queries.py, write through services, and ask rules.py who may act."""
