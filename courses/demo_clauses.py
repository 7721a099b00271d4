"""The demo clause library: its taxonomy and three dozen model clauses in every state.

The clauses (in `courses.demo_clause_texts`) were written for the demo and cite invented
agreements. Each is created in its region's workspace by a demo curator and then, as the
text says, published (once or twice, by the region's coordinator or the administrator),
sent into the review workflow (some already through peer review), or left as a draft.

`seed_clauses()` only adds what is missing: a theme, sector, jurisdiction or clause that
exists already, by slug or code, is left exactly as editors left it.
"""

from django.db import transaction
from wagtail.models import Comment
from wagtail.rich_text import RichText

from courses.domain.clause_setup import clause_library_setup
from courses.models import (
    ClauseWorkspacePage,
    Jurisdiction,
    ModelClausePage,
    Sector,
    Theme,
    Topic,
)
from lms.demo import demo_email
from lms.models import HomePage, User

from .demo_clause_texts import CLAUSES

# (slug, name, curriculum topic slug, description, [(sub-theme slug, name), ...]); one main
# theme per key topic of the programme, in the programme's order.
THEMES = [
    (
        "definitions-scope",
        "Definitions and scope",
        "data-and-ai",
        "What the agreement means by data, digital and automated systems, and what it covers.",
        [("key-terms", "Key terms"), ("coverage", "Systems and workers covered")],
    ),
    (
        "digital-tools",
        "Digital tools and AI at work",
        "digitalised-public-services",
        "How new tools are brought in, and what they change for jobs, skills and health.",
        [
            ("new-technology", "Introducing new technology"),
            ("skills-jobs", "Jobs, skills and training"),
            ("health-safety", "Health and safety"),
        ],
    ),
    (
        "data-rights",
        "Data rights and data protection",
        "workers-data-rights",
        "Workers' rights over the data held about them, and limits on collecting it.",
        [
            ("data-access", "Access, explanation and portability"),
            ("monitoring", "Monitoring and surveillance"),
            ("data-minimisation", "Data minimisation and retention"),
        ],
    ),
    (
        "algorithmic-management",
        "Algorithmic management",
        "algorithm-governance",
        "Governing systems that allocate, direct and assess work: review, audits, joint bodies.",
        [
            ("human-review", "Human review of automated decisions"),
            ("bias-audits", "Bias, equality and audits"),
            ("co-governance", "Co-governance of algorithmic systems"),
        ],
    ),
    (
        "bargaining-rights",
        "Bargaining and consultation over technology",
        "collective-bargaining",
        "The union's rights to information, consultation and negotiation, and their enforcement.",
        [
            ("information-consultation", "Information and consultation"),
            ("working-time", "Working time and the right to disconnect"),
            ("enforcement", "Disputes and enforcement"),
        ],
    ),
    (
        "union-organisation",
        "Union communication, organisation and representation",
        "solidarity",
        "What unions and their representatives need to organise in a digital workplace.",
        [
            ("union-channels", "Union access to digital channels"),
            ("rep-facilities", "Representatives' time, tools and expertise"),
            ("cross-union", "Co-operation between unions"),
        ],
    ),
    (
        "public-interest",
        "Public services, procurement and coalitions",
        "coalitions",
        "Keeping digital public services accountable to the public and the people who run them.",
        [
            ("procurement", "Public procurement of technology"),
            ("service-users", "Service users and the public interest"),
            ("outsourcing-data", "Outsourcing and control of data"),
        ],
    ),
]

SECTORS = [
    ("health", "Health"),
    ("social-services", "Social services"),
    ("education", "Education"),
    ("local-government", "Local government"),
    ("public-administration", "Public administration"),
    ("water-energy", "Water and energy"),
    ("tax-customs", "Tax and customs"),
    ("public-transport", "Public transport"),
    ("emergency-services", "Emergency services"),
    ("post-telecoms", "Post and telecommunications"),
]

# Supranational first, then the countries of the demo unions.
JURISDICTIONS = [
    ("eu", "European Union"),
    ("coe", "Council of Europe"),
    ("ilo", "ILO member States"),
    ("ar", "Argentina"),
    ("au", "Australia"),
    ("br", "Brazil"),
    ("ca", "Canada"),
    ("fr", "France"),
    ("in", "India"),
    ("ke", "Kenya"),
    ("ng", "Nigeria"),
    ("ph", "Philippines"),
    ("se", "Sweden"),
    ("tn", "Tunisia"),
    ("gb", "United Kingdom"),
]

# Who publishes in each workspace: its coordinator; the administrator for the global one.
PUBLISHERS = {
    "africa-arab": "coordinator.africa",
    "inter-america": "coordinator.americas",
    "asia-pacific": "coordinator.asia",
    "europe": "coordinator.europe",
    "global": "admin",
}

# Keys of a clause's spec that are not plain fields of the page: its history, its taxonomy
# (many-to-many, set by slug) and the authors credited (built into a StreamField).
_NOT_FIELDS = {
    "slug",
    "workspace",
    "author",
    "state",
    "republish",
    "later_draft",
    "peer_approved_by",
    "comments",
    "translation_of",
    "themes",
    "sectors",
    "regions",
    "jurisdictions",
    "credited",
}


@transaction.atomic
def seed_clauses():
    """The library, workspaces and workflow; the taxonomy; the demo clauses that are missing."""
    clause_library_setup(home=HomePage.objects.first())
    taxonomy = {
        "themes": _seed_themes(),
        "sectors": _seed_named(Sector, "slug", SECTORS),
        "jurisdictions": _seed_named(Jurisdiction, "code", JURISDICTIONS),
    }
    workspaces = {
        workspace.region.slug: workspace
        for workspace in ClauseWorkspacePage.objects.select_related("region")
    }
    regions = {slug: workspace.region for slug, workspace in workspaces.items()}
    people = _demo_people()

    clauses = {}
    for spec in CLAUSES:
        existing = ModelClausePage.objects.filter(slug=spec["slug"]).first()
        if existing is not None:
            clauses[spec["slug"]] = existing
            continue
        clauses[spec["slug"]] = _clause_create(
            spec,
            workspace=workspaces[spec["workspace"]],
            taxonomy={**taxonomy, "regions": regions},
            people=people,
            clauses=clauses,
        )
    return clauses


def _seed_themes():
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    themes = {}
    for order, (slug, name, topic_slug, description, sub_themes) in enumerate(THEMES, 1):
        theme, created = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
        if created and topic_slug in topics:
            theme.topics.add(topics[topic_slug])
        themes[slug] = theme
        for sub_order, (sub_slug, sub_name) in enumerate(sub_themes, 1):
            themes[sub_slug], _ = Theme.objects.get_or_create(
                slug=sub_slug, defaults={"name": sub_name, "parent": theme, "sort_order": sub_order}
            )
    return themes


def _seed_named(model, key, rows):
    return {
        value: model.objects.get_or_create(**{key: value}, defaults={"name": name})[0]
        for value, name in rows
    }


def _demo_people():
    accounts = set(PUBLISHERS.values())
    for spec in CLAUSES:
        accounts.add(spec["author"])
        if spec.get("peer_approved_by"):
            accounts.add(spec["peer_approved_by"])
        accounts.update(account for account, _field, _text in spec.get("comments", ()))
    by_email = {
        user.email: user for user in User.objects.filter(email__in=map(demo_email, accounts))
    }
    missing = sorted(account for account in accounts if demo_email(account) not in by_email)
    if missing:
        raise LookupError(f"Seed the demo people first; missing: {', '.join(missing)}")
    return {account: by_email[demo_email(account)] for account in accounts}


def _field_values(values):
    """A spec's values as field values: rich text stays HTML, tuples become stream blocks."""
    fields = {}
    for name, value in values.items():
        if name in _NOT_FIELDS:
            continue
        if name == "variants":
            value = [
                ("variant", {"level": level, "text": RichText(html), "note": note})
                for level, html, note in value
            ]
        elif name == "legal_references":
            value = [
                ("reference", {"instrument": instrument, "provision": provision, "url": ""})
                for instrument, provision in value
            ]
        elif name == "sources":
            value = [
                (
                    "source",
                    {
                        "agreement": agreement,
                        "union": union,
                        "country": country,
                        "year": year,
                        "url": url,
                    },
                )
                for agreement, union, country, year, url in value
            ]
        fields[name] = value
    if "credited" in values:
        fields["authors"] = [
            ("author", {"name": name, "organisation": organisation})
            for name, organisation in values["credited"]
        ]
    return fields


def _clause_create(spec, *, workspace, taxonomy, people, clauses):
    author = people[spec["author"]]
    publisher = people[PUBLISHERS[spec["workspace"]]]
    clause = ModelClausePage(slug=spec["slug"], owner=author, live=False, **_field_values(spec))
    for relation in ("themes", "sectors", "regions", "jurisdictions"):
        getattr(clause, relation).set([taxonomy[relation][key] for key in spec.get(relation, ())])
    original = clauses.get(spec.get("translation_of"))
    if original is not None:
        clause.translation_of = original
        clause.translated_revision_id = original.live_revision_id
    workspace.add_child(instance=clause)
    revision = clause.save_revision(user=author, log_action=True)

    if spec["state"] == "published":
        _publish(revision, publisher)
        if "republish" in spec:
            _publish(_revise(clause, spec["republish"], author), publisher)
        if "later_draft" in spec:
            _revise(clause, spec["later_draft"], author)
    elif spec["state"] == "review":
        _review_start(clause, spec, author=author, people=people)
    clause.refresh_from_db()
    return clause


def _publish(revision, user):
    # Coordinators publish by approving a clause's last review task, never from the editor,
    # so their page permissions leave publishing out: the demo skips that check and records
    # them as the publisher, as an approval would.
    revision.publish(user=user, skip_permission_checks=True)


def _revise(clause, changes, author):
    """A new revision of `clause` with `changes`, saved by `author` and left unpublished."""
    draft = clause.get_latest_revision_as_object()
    for name, value in _field_values(changes).items():
        setattr(draft, name, value)
    return draft.save_revision(user=author, log_action=True)


def _review_start(clause, spec, *, author, people):
    clause.get_workflow().start(clause, user=author)
    peer_name = spec.get("peer_approved_by")
    if peer_name:
        peer = people[peer_name]
        task = clause.current_workflow_task
        if "approve" not in [action for action, _label, _modal in task.get_actions(clause, peer)]:
            raise ValueError(f"{peer_name} may not peer-review {spec['slug']}")
        task.on_action(clause.current_workflow_task_state, peer, "approve")
    for account, field, text in spec.get("comments", ()):
        comment = Comment.objects.create(
            page=clause,
            user=people[account],
            text=text,
            contentpath=field,
            position="",
            revision_created=clause.latest_revision,
        )
        comment.log_create(page_revision=clause.latest_revision, user=people[account])
