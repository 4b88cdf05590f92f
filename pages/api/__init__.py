"""The delivery API (/api/v1/): read-only, cacheable, no more than the public sees."""
