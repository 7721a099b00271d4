"""Fictional regions, unions and people for the demo site. Every address is example.org."""

from allauth.account.models import EmailAddress
from django.db import transaction

from lms.domain.roles import role_assign
from lms.enums import ConsentPurpose, StaffRole, UnionRole
from lms.models import ConsentRecord, Region, Union, User

DEMO_PASSWORD = "union-demo-2026"  # noqa: S105 - printed for demo logins on purpose

REGIONS = [
    ("africa-arab", "Africa & Arab countries", 1),
    ("inter-america", "Inter-America", 2),
    ("asia-pacific", "Asia-Pacific", 3),
    ("europe", "Europe", 4),
    ("global", "Global", 5),
]

# (name, acronym, country, region slug): invented organisations.
UNIONS = [
    ("Public Health Workers' Union of Tamaru", "PHWU", "KE", "africa-arab"),
    ("General Syndicate of Municipal Employees", "GSME", "TN", "africa-arab"),
    ("National Federation of Water and Energy Workers", "NFWEW", "NG", "africa-arab"),
    ("Sindicato de Trabajadores de la Administración Digital", "SITAD", "AR", "inter-america"),
    ("Sindicato dos Servidores Públicos do Vale", "SSPV", "BR", "inter-america"),
    ("Public Employees Alliance of the Lakes", "PEAL", "CA", "inter-america"),
    ("Civil Service Workers Association of the Islands", "CSWAI", "PH", "asia-pacific"),
    ("Allied Local Government Employees' Union", "ALGEU", "IN", "asia-pacific"),
    ("Community and Public Sector Union of the South", "CPSUS", "AU", "asia-pacific"),
    ("Union of Public Service Workers North", "UPSWN", "SE", "europe"),
    ("Syndicat des agents des services numériques", "SASN", "FR", "europe"),
    ("Health and Social Care Staff Union", "HSCSU", "GB", "europe"),
]

# (email local part, full name, region slug, union acronym, union role, language, zone, roles)
PEOPLE = [
    (
        "admin",
        "Alex Moreno-Quist",
        "global",
        None,
        UnionRole.UNION_STAFF,
        "en",
        "Europe/Paris",
        [(StaffRole.PROGRAMME_ADMIN, None)],
    ),
    (
        "coordinator.africa",
        "Amina Okoye-Rahal",
        "africa-arab",
        "PHWU",
        UnionRole.UNION_STAFF,
        "fr",
        "Africa/Lagos",
        [(StaffRole.COORDINATOR, "africa-arab"), (StaffRole.CURATOR, "africa-arab")],
    ),
    (
        "coordinator.americas",
        "Lucía Ferreyra Santos",
        "inter-america",
        "SITAD",
        UnionRole.UNION_STAFF,
        "es",
        "America/Sao_Paulo",
        [(StaffRole.COORDINATOR, "inter-america"), (StaffRole.CURATOR, "inter-america")],
    ),
    (
        "coordinator.asia",
        "Ramon Dela Paz Iyer",
        "asia-pacific",
        "CSWAI",
        UnionRole.UNION_STAFF,
        "en",
        "Asia/Manila",
        [(StaffRole.COORDINATOR, "asia-pacific"), (StaffRole.CURATOR, "asia-pacific")],
    ),
    (
        "coordinator.europe",
        "Ingrid Valtonen-Marsh",
        "europe",
        "UPSWN",
        UnionRole.UNION_STAFF,
        "en",
        "Europe/Stockholm",
        [(StaffRole.COORDINATOR, "europe"), (StaffRole.CURATOR, "europe")],
    ),
    (
        "curator.americas",
        "Tomás Ibarra Lund",
        "inter-america",
        "SSPV",
        UnionRole.ACTIVIST,
        "es",
        "America/Argentina/Buenos_Aires",
        [(StaffRole.CURATOR, "inter-america")],
    ),
    (
        "curator.europe",
        "Claire Dubois-Anand",
        "europe",
        "SASN",
        UnionRole.UNION_STAFF,
        "fr",
        "Europe/Paris",
        [(StaffRole.CURATOR, "europe")],
    ),
    (
        "facilitator",
        "Noor Haddad-Kim",
        "global",
        None,
        UnionRole.UNION_STAFF,
        "en",
        "Europe/London",
        [(StaffRole.FACILITATOR, None)],
    ),
    (
        "leader.kenya",
        "Joseph Wanjiru Oduya",
        "africa-arab",
        "PHWU",
        UnionRole.LEADER,
        "en",
        "Africa/Nairobi",
        [],
    ),
    (
        "rep.tunis",
        "Salma Ben Youssef-Arco",
        "africa-arab",
        "GSME",
        UnionRole.WORKPLACE_REPRESENTATIVE,
        "fr",
        "Africa/Tunis",
        [],
    ),
    (
        "rep.brazil",
        "Mariana Costa Vidal",
        "inter-america",
        "SSPV",
        UnionRole.WORKPLACE_REPRESENTATIVE,
        "es",
        "America/Sao_Paulo",
        [],
    ),
    (
        "staff.canada",
        "Priya Thompson-Roy",
        "inter-america",
        "PEAL",
        UnionRole.UNION_STAFF,
        "en",
        "America/Toronto",
        [],
    ),
    (
        "leader.india",
        "Arjun Menon Rao",
        "asia-pacific",
        "ALGEU",
        UnionRole.LEADER,
        "en",
        "Asia/Kolkata",
        [],
    ),
    (
        "rep.sydney",
        "Grace Whitfield-Tan",
        "asia-pacific",
        "CPSUS",
        UnionRole.WORKPLACE_REPRESENTATIVE,
        "en",
        "Australia/Sydney",
        [],
    ),
    (
        "participant",
        "Dmitri Volkov-Hale",
        "europe",
        "HSCSU",
        UnionRole.ACTIVIST,
        "ru",
        "Europe/London",
        [],
    ),
    (
        "curator.africa",
        "Chinedu Abara-Selim",
        "africa-arab",
        "NFWEW",
        UnionRole.UNION_STAFF,
        "en",
        "Africa/Lagos",
        [(StaffRole.CURATOR, "africa-arab")],
    ),
    (
        "curator.asia",
        "Anjali Perera-Walsh",
        "asia-pacific",
        "ALGEU",
        UnionRole.ACTIVIST,
        "en",
        "Asia/Kolkata",
        [(StaffRole.CURATOR, "asia-pacific")],
    ),
]


def demo_email(local_part):
    return f"{local_part}@example.org"


@transaction.atomic
def seed_people():
    regions = {}
    for slug, name, order in REGIONS:
        regions[slug], _ = Region.objects.update_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
    unions = {}
    for name, acronym, country, region_slug in UNIONS:
        unions[acronym], _ = Union.objects.update_or_create(
            name=name,
            country=country,
            defaults={"acronym": acronym, "region": regions[region_slug]},
        )
    people = {}
    for local, full_name, region_slug, acronym, union_role, language, zone, roles in PEOPLE:
        email = demo_email(local)
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": full_name,
                "region": regions[region_slug],
                "union": unions.get(acronym),
                "union_role": union_role,
                "preferred_language": language,
                "time_zone": zone,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            ConsentRecord.objects.create(
                user=user,
                purpose=ConsentPurpose.PRIVACY_NOTICE,
                granted=True,
                notice_version="demo",
            )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        for role, role_region in roles:
            role_assign(user=user, role=role, region=regions[role_region] if role_region else None)
        people[local] = user
    return regions, unions, people


def demo_logins():
    """(e-mail, what the account shows) pairs printed by `make run`."""
    return [
        (demo_email("admin"), "programme administrator"),
        (
            demo_email("coordinator.europe"),
            "regional coordinator, Europe (approves a clause waiting for approval)",
        ),
        (demo_email("curator.europe"), "curator, Europe (clause drafts; a peer review to do)"),
        (demo_email("curator.americas"), "curator, Inter-America (a peer review to do)"),
        (
            demo_email("curator.africa"),
            "curator, Africa & Arab countries (clause drafts, clauses in review)",
        ),
        (demo_email("curator.asia"), "curator, Asia-Pacific (a clause draft, one in review)"),
        (demo_email("facilitator"), "facilitator"),
        (
            demo_email("participant"),
            "participant with a place in a running cohort and a certificate",
        ),
        (demo_email("leader.kenya"), "union leader and union contact (nominates members)"),
    ]
