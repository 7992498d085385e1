"""Benchmark measurements for make bench (registered with journey.benchmarks.measurement)."""
