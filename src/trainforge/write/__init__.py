"""WRITE: packages onto disk deterministically and atomically; ``dist/`` never holds half a one."""
