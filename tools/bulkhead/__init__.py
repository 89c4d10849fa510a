"""Bulkhead's host-side tools: launcher, dependency cache, config compiler, runners."""
