"""Evaluation: every system on every test split side by side, identity-term bias, obfuscation robustness.

`moderation evaluate` runs `job.run`; the pieces (metrics, fairness, plots, report) are usable alone.
"""
