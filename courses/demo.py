"""The demo curriculum: the seven key topics, the programme, its three tracks and their modules.

Written for the demo; it restates the programme's facts in its own words.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from courses.enums import TrackKind
from courses.models import ModulePage, ProgrammePage, Topic, TrackPage
from lms.models import HomePage, StandardPage

TOPICS = [
    (
        1,
        "data-and-ai",
        "Data and artificial intelligence",
        "What data is, how algorithms and AI systems use it, and where they fail.",
    ),
    (
        2,
        "digitalised-public-services",
        "Digitalised public services and workplaces",
        "How digital tools change the way public services are delivered and how work is organised.",
    ),
    (
        3,
        "workers-data-rights",
        "Workers' rights over data and AI",
        "The rights workers already hold over data and automated decisions, and the gaps to close.",
    ),
    (
        4,
        "algorithm-governance",
        "Bargaining over algorithmic systems",
        "Negotiating the governance of algorithms to limit bias, discrimination and opacity.",
    ),
    (
        5,
        "collective-bargaining",
        "Collective bargaining for digital rights",
        "Using agreements to protect and extend rights at work in a digital economy.",
    ),
    (
        6,
        "solidarity",
        "Supporting each other across unions and regions",
        "Sharing practice, avoiding duplicated effort and building lasting capacity together.",
    ),
    (
        7,
        "coalitions",
        "Coalitions and digital policy",
        "Allies to work with to anticipate harm to public services and shape digital policy.",
    ),
]


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _agenda(*items):
    return [
        {"type": "item", "value": {"title": t, "kind": k, "minutes": m, "description": ""}}
        for t, k, m in items
    ]


TRACKS = [
    {
        "slug": "digital-curators",
        "title": "Digital curators",
        "kind": TrackKind.CURATOR,
        "seminar_count": 3,
        "introduction": "For the people who will become their region's centre of expertise on "
        "digital rights at work.",
        "audience": _p(
            "Staff of head office and regional offices, and organisers from key "
            "affiliate unions who will lead the work on digital rights in their region."
        ),
        "learning_outcomes": _ul(
            "Explain how data and algorithmic systems shape public services and jobs.",
            "Analyse an algorithmic system at work and identify what to negotiate.",
            "Draft modular model clauses and co-governance models for collective agreements.",
            "Prepare and co-deliver seminars for leaders and workplace representatives.",
        ),
        "practical_part": _p(
            "Each curator drafts a model clause, or a model for the "
            "co-governance of an algorithmic system, in the regional workspace "
            "and takes it through peer review."
        ),
        "outcomes_after": _p(
            "Curators co-prepare and co-deliver the region's later seminars with "
            "the regional coordinators and keep the clause library growing."
        ),
        "modules": [
            (
                1,
                "Data, algorithms and public services",
                "What data and AI are, and how digitalisation is reshaping public services.",
                ["data-and-ai", "digitalised-public-services"],
                _ul(
                    "Describe in plain words how an algorithmic system reaches a decision.",
                    "Map where digital tools already shape work in your own sector.",
                ),
                _agenda(
                    ("Welcome and introductions", "discussion", 20),
                    ("From data to decisions", "presentation", 40),
                    ("Mapping digital tools at our workplaces", "group_work", 50),
                    ("Break", "break", 15),
                    ("What changes for public services", "presentation", 30),
                    ("Reflection and next steps", "discussion", 25),
                ),
            ),
            (
                2,
                "Rights over data and the governance of algorithms",
                "Which rights workers have today and how to bargain over algorithmic systems.",
                ["workers-data-rights", "algorithm-governance"],
                _ul(
                    "Identify the data-protection and labour rights that apply to a case.",
                    "List what a union should negotiate before a system is introduced.",
                ),
                _agenda(
                    ("Recap and questions", "discussion", 15),
                    ("Rights that already exist", "presentation", 35),
                    ("Case study: an automated scheduling system", "group_work", 60),
                    ("Break", "break", 15),
                    ("A model for co-governance", "presentation", 30),
                    ("Planning the practical part", "practical", 25),
                ),
            ),
            (
                3,
                "Writing model clauses together",
                "Turning bargaining goals into modular clauses the whole federation can use.",
                ["collective-bargaining", "solidarity", "coalitions"],
                _ul(
                    "Draft a clause with ideal, fallback and minimum variants.",
                    "Review a colleague's draft against agreed criteria.",
                ),
                _agenda(
                    ("Anatomy of a good clause", "presentation", 30),
                    ("Drafting in pairs", "exercise", 60),
                    ("Break", "break", 15),
                    ("Peer review", "group_work", 45),
                    ("Teaching forward: planning the next seminars", "discussion", 30),
                ),
            ),
        ],
    },
    {
        "slug": "union-leaders",
        "title": "Union leaders",
        "kind": TrackKind.LEADER,
        "seminar_count": 2,
        "introduction": "A shared baseline for elected leaders and senior officers, held before "
        "the federation's congress.",
        "audience": _p("Elected leaders and senior officers of affiliate unions."),
        "learning_outcomes": _ul(
            "Set priorities for negotiating wider data rights.",
            "Understand how co-governance of algorithmic systems can work in practice.",
            "Plan the digital and strategic transformation of their own union.",
        ),
        "practical_part": _p(
            "Each leader writes a one-page plan for their union's priorities "
            "on digital rights and discusses it with their executive."
        ),
        "outcomes_after": _p(
            "Leaders bring a common position to congress and mandate their "
            "negotiators to bargain over digital technology."
        ),
        "modules": [
            (
                1,
                "Digital rights as a bargaining priority",
                "Why data and algorithms belong on every bargaining agenda.",
                ["data-and-ai", "workers-data-rights", "collective-bargaining"],
                _ul(
                    "Explain the risks of unaccountable systems to members.",
                    "Name three rights to put on the next bargaining agenda.",
                ),
                _agenda(
                    ("Opening and expectations", "discussion", 20),
                    ("What is at stake for public-service workers", "presentation", 40),
                    ("Priorities for our unions", "group_work", 55),
                    ("Break", "break", 15),
                    ("Examples from agreements", "presentation", 30),
                    ("Commitments", "discussion", 20),
                ),
            ),
            (
                2,
                "Leading the union's digital transformation",
                "Co-governance, coalitions and tools for a stronger, more digital union.",
                ["algorithm-governance", "solidarity", "coalitions"],
                _ul(
                    "Sketch a co-governance arrangement for one system in their sector.",
                    "Identify allies for their national digital-policy work.",
                ),
                _agenda(
                    ("Co-governance in practice", "presentation", 35),
                    ("Scenario: a new system is announced", "exercise", 55),
                    ("Break", "break", 15),
                    ("Our union's own digital tools", "discussion", 40),
                    ("Plans and follow-up", "practical", 35),
                ),
            ),
        ],
    },
    {
        "slug": "workplace-representatives",
        "title": "Workplace representatives and union staff",
        "kind": TrackKind.REPRESENTATIVE,
        "seminar_count": 2,
        "introduction": "For the stewards and representatives who see digital change first, "
        "together with the staff who support them.",
        "audience": _p(
            "Workplace, health-and-safety and union representatives, and the "
            "secretariat staff who support them."
        ),
        "learning_outcomes": _ul(
            "Recognise when a new digital tool changes working conditions.",
            "Ask the right questions of management and document the answers.",
            "Use agreements and data rights to negotiate at the workplace.",
        ),
        "practical_part": _p(
            "Each participant audits one digital tool used at their workplace "
            "with a checklist and reports back to their branch."
        ),
        "outcomes_after": _p(
            "Representatives watch and negotiate digital change at work; their "
            "unions then roll the training out more widely."
        ),
        "modules": [
            (
                1,
                "Spotting digital change at work",
                "Recognising the systems that monitor, schedule and evaluate workers.",
                ["digitalised-public-services", "workers-data-rights"],
                _ul(
                    "Recognise common monitoring and management tools.",
                    "Use a checklist to question a new system.",
                ),
                _agenda(
                    ("Introductions", "discussion", 20),
                    ("Tools that manage work", "presentation", 40),
                    ("Checklist practice", "exercise", 50),
                    ("Break", "break", 15),
                    ("Our rights when data is collected", "presentation", 30),
                    ("Questions to take back", "discussion", 25),
                ),
            ),
            (
                2,
                "Negotiating at the workplace",
                "From information requests to agreements on digital tools.",
                ["algorithm-governance", "collective-bargaining", "solidarity"],
                _ul(
                    "Write an information request about a digital system.",
                    "Prepare a short negotiating brief with colleagues.",
                ),
                _agenda(
                    ("Recap and audit findings", "discussion", 30),
                    ("Information and consultation rights", "presentation", 30),
                    ("Role play: meeting management", "exercise", 60),
                    ("Break", "break", 15),
                    ("Sharing with other branches", "discussion", 45),
                ),
            ),
        ],
    },
]

STANDARD_PAGES = [
    (
        "about",
        "About the programme",
        "A capacity-building programme on digital rights for public-service unions "
        "in every region.",
        "Unions run this programme to train curators, leaders and workplace representatives, to "
        "produce reference material and to build a library of model bargaining clauses.",
    ),
    (
        "privacy",
        "Privacy notice",
        "What we collect, why, and what you can do about it.",
        "Membership of a union is sensitive personal data. "
        "We collect only what the training needs: "
        "your name, e-mail address, region, union, role and the languages you work in. We never "
        "share it with third parties, and you can download or delete it from your profile at any "
        "time.",
    ),
    (
        "contact",
        "Contact",
        "How to reach the programme team.",
        "Write to your regional coordinator, or to programme@example.org for general questions.",
    ),
]


def _default_site_serving(home):
    """The default site, with `home`, at the address the links in e-mails give (BASE_URL,
    which `make run` sets from HOST and PORT): its pages' full URLs (the sitemap) match."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    hostname = address.hostname or "localhost"
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(
            hostname="localhost",
            port=80,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif (site.root_page_id, site.hostname, site.port) == (home.pk, hostname, port):
        return
    site.root_page = home
    # Another site at that address keeps it (hostname and port are unique together).
    if not Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        site.hostname, site.port = hostname, port
    site.save()


@transaction.atomic
def seed_curriculum():
    """Create the site's pages if they are missing; leave editors' changes alone."""
    root = Page.get_first_root_node()
    # Wagtail's placeholder page has no place in this site (its site goes with it).
    Page.objects.filter(depth=2, content_type__model="page").delete()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Digital rights for public-service unions",
                slug="home",
                introduction="Seminars, reference material and model clauses so that unions "
                "can bargain over data and algorithms at work.",
            )
        )
    _default_site_serving(home)

    topics = {}
    for number, slug, title, description in TOPICS:
        topics[slug], _ = Topic.objects.get_or_create(
            slug=slug, defaults={"number": number, "title": title, "description": description}
        )

    programme = ProgrammePage.objects.child_of(home).filter(slug="programme").first()
    if programme is None:
        programme = home.add_child(
            instance=ProgrammePage(
                title="Digital rights programme",
                slug="programme",
                show_in_menus=True,
                introduction="Three course tracks run in every region: curators first, then "
                "leaders, then workplace representatives with union staff.",
                body=_p(
                    "Every course combines interactive online seminars of three hours with "
                    "a practical part. Participants attend all the seminars of their group; "
                    "recordings help colleagues learn afterwards."
                ),
            )
        )

    previous = None
    for spec in TRACKS:
        track = TrackPage.objects.child_of(programme).filter(slug=spec["slug"]).first()
        if track is None:
            track = programme.add_child(
                instance=TrackPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    kind=spec["kind"],
                    introduction=spec["introduction"],
                    audience=spec["audience"],
                    learning_outcomes=spec["learning_outcomes"],
                    seminar_count=spec["seminar_count"],
                    seminar_minutes=180,
                    practical_part=spec["practical_part"],
                    outcomes_after=spec["outcomes_after"],
                    prerequisite=previous,
                )
            )
        previous = track
        for number, title, summary, topic_slugs, objectives, agenda in spec["modules"]:
            if ModulePage.objects.child_of(track).filter(number=number).exists():
                continue
            module = ModulePage(
                title=title,
                slug=f"seminar-{number}",
                number=number,
                summary=summary,
                objectives=objectives,
                agenda=agenda,
                facilitator_notes=_p(
                    "Open the room fifteen minutes early for people with slow connections and "
                    "test interpretation channels before the start.",
                    "Keep group sizes to five or six so everyone speaks.",
                ),
            )
            track.add_child(instance=module)
            module.topics.set([topics[slug] for slug in topic_slugs])
            module.save_revision().publish()

    for slug, title, introduction, text in STANDARD_PAGES:
        if not StandardPage.objects.child_of(home).filter(slug=slug).exists():
            home.add_child(
                instance=StandardPage(
                    title=title,
                    slug=slug,
                    introduction=introduction,
                    body=[{"type": "paragraph", "value": f"<p>{text}</p>"}],
                )
            )
    return home
