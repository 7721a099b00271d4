"""Calendar files and feeds (iCalendar)."""

app_name = "calendars"

urlpatterns = []
