"""make bench: server-side measurements of the main pages and the statutory returns (runner.py
holds the harness; pages.py, census.py and annex_a.py the measurements)."""
