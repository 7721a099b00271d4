"""Public pages of cohorts: the catalogue and each cohort's page."""

app_name = "catalogue"

urlpatterns = []
