"""Co-construction: participatory processes, their phases, proposals, comments, supports, moderation."""
