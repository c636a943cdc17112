"""Who people are on Madina and which roles they hold, each role scoped to a place."""
