"""Limits on the zips `trainforge check` accepts, so a hostile package cannot exhaust the checker.

The checker never extracts anything: it reads the central directory, then only the descriptor
(``imsmanifest.xml`` or ``tincan.xml``) into memory. These limits refuse packages that would
exhaust an LMS that does extract them, and bound what the checker itself reads.
"""

from __future__ import annotations

from dataclasses import dataclass

# Sum of the declared uncompressed sizes. Video-heavy courses reach hundreds of MB; 2 GiB is well
# above any real course and below what fills an LMS's unpacking disk. Also the backstop for bombs
# whose entries each look harmless (many entries, or overlapping ones).
MAX_TOTAL_UNCOMPRESSED = 2 * 1024**3

# Per entry: uncompressed / compressed. 100:1 is Apache POI's ZipSecureFile default
# (MIN_INFLATE_RATIO = 0.01), a long-standing zip-bomb guard for office documents; real course files
# (HTML, JS, JSON, images, video) compress at most ~20:1. A 200 MB file of zeros deflates ~1000:1.
MAX_RATIO = 100

# Entries smaller than this are not ratio-checked (POI's GRACE_ENTRY_SIZE): a small file of blank
# space may legitimately compress well, and cannot hurt anyone.
RATIO_GRACE_BYTES = 100 * 1024

# Classic (non-Zip64) zips hold at most 65,535 entries (APPNOTE 6.3.x, 4.4.22); a course has
# hundreds. More entries than that is a million-tiny-files bomb, not a course.
MAX_ENTRIES = 65_535

# The descriptor read into memory. Large real manifests (hundreds of items, inline metadata) stay
# under 1 MiB; lxml's own default caps (huge_tree=False) apply inside this.
MAX_DESCRIPTOR_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The limits one check applies; tests pass smaller ones."""

    max_total_uncompressed: int = MAX_TOTAL_UNCOMPRESSED
    max_ratio: int = MAX_RATIO
    ratio_grace_bytes: int = RATIO_GRACE_BYTES
    max_entries: int = MAX_ENTRIES
    max_descriptor_bytes: int = MAX_DESCRIPTOR_BYTES


DEFAULT_LIMITS = Limits()
