"""Batch scoring: CSV/JSONL files and pages in, scored rows out, bad rows reported (never dropped)."""
