"""Cohorts, sessions, enrolment and attendance arrive with their own issues."""
