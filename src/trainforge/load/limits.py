"""Limits on what a source file may be, so hostile or accidental input cannot exhaust the build."""

from __future__ import annotations

# One source file (YAML or Markdown). Real lessons are a few KiB; 1 MiB leaves room for
# generated banks while keeping a pathological file from stalling every later stage.
MAX_SOURCE_BYTES = 1024 * 1024

# One media file copied into packages. LMSs commonly cap whole uploads at 100-500 MB.
MAX_MEDIA_BYTES = 64 * 1024 * 1024
