"""Team smells (placeholder)."""
