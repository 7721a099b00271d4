"""The coordinators' calendar of a region's sessions and the time-slot helper (admin)."""
