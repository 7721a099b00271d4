"""The curriculum's rules and queries."""
