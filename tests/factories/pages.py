from dataclasses import dataclass, field

from wagtail.models import Page, Site

from courses.enums import TrackKind
from courses.models import ModulePage, ProgrammePage, Topic, TrackPage
from lms.models import HomePage


@dataclass
class Curriculum:
    home: HomePage
    programme: ProgrammePage
    tracks: dict = field(default_factory=dict)
    modules: dict = field(default_factory=dict)
    topics: list = field(default_factory=list)


def build_curriculum(*, notes="Keep breakout groups small.") -> Curriculum:
    """A home page with one programme, two tracks and their modules, set as the default site."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    programme = home.add_child(
        instance=ProgrammePage(
            title="Digital rights programme", slug="programme", show_in_menus=True
        )
    )
    topics = [
        Topic.objects.create(number=1, slug="data-and-ai", title="Data and AI"),
        Topic.objects.create(number=4, slug="governance", title="Governing algorithms"),
    ]
    result = Curriculum(home=home, programme=programme, topics=topics)
    for kind, slug, title, count in [
        (TrackKind.CURATOR, "curators", "Digital curators", 3),
        (TrackKind.LEADER, "leaders", "Union leaders", 2),
    ]:
        track = programme.add_child(
            instance=TrackPage(
                title=title,
                slug=slug,
                kind=kind,
                audience="<p>Organisers of affiliate unions.</p>",
                learning_outcomes="<ul><li>Explain algorithmic management.</li></ul>",
                seminar_count=count,
                seminar_minutes=180,
                practical_part="<p>Draft one model clause.</p>",
            )
        )
        result.tracks[slug] = track
        for number in range(1, count + 1):
            module = track.add_child(
                instance=ModulePage(
                    title=f"{title} seminar {number}",
                    slug=f"seminar-{number}",
                    number=number,
                    summary=f"Summary of seminar {number}.",
                    objectives="<p>Understand workplace surveillance.</p>",
                    agenda=[
                        {
                            "type": "item",
                            "value": {
                                "title": "Opening round",
                                "kind": "discussion",
                                "minutes": 20,
                                "description": "",
                            },
                        }
                    ],
                    facilitator_notes=f"<p>{notes}</p>" if notes else "",
                )
            )
            module.topics.set(topics)
            module.save_revision().publish()
            result.modules[(slug, number)] = module
    return result
