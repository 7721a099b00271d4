"""Admin views (registered through Wagtail hooks)."""
