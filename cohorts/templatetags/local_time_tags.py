"""Template filters for times around the clocks' changes."""

from django import template

from cohorts.domain.local_time import repeated_time_name

register = template.Library()


@register.filter
def repeated_time(instant, zone_name):
    """A space and the name ("EST") after a time the clocks repeat in `zone_name`, else "".

    `{{ start|date:"H:i" }}{{ session.starts_at|repeated_time:zone }}` reads "01:30 EST".
    """
    if not instant or not zone_name:
        return ""
    name = repeated_time_name(instant, str(zone_name))
    return f" {name}" if name else ""
