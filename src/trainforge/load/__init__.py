"""LOAD: the only code that reads course files; everything it returns keeps its source locations."""
