"""Benchmarks of the press (not tests): a synthetic handbook generator and a runner."""
