"""The demo model clauses: written for the demo, citing invented agreements and unions.

One dict per clause, read by `courses.demo_clauses.seed_clauses`:
- where and who: `workspace` (region slug), `author` (demo account that saves the revisions;
  the e-mail's local part), `state` ("published", "review" or "draft");
- optional history: `republish` (fields changed in a second published version),
  `later_draft` (fields changed in a newer draft left unpublished), `peer_approved_by`
  (a clause in review that passed peer review and waits for approval), `comments`
  ((account, field, text) from reviewers), `translation_of` (slug of the original);
- the clause itself: every other key is a field of `ModelClausePage`. Rich text is HTML;
  `variants` are (level, html, when to use it), `legal_references` (instrument, provision),
  `sources` (agreement, union, country, year, link), `credited` (name, organisation);
  taxonomy by slug or code.

Legal references name real instruments, as references only. Every agreement, union and
person credited here is fictional; links, when there are any, go to example.org.
"""

CLAUSES = [
    # --- Global workspace ---------------------------------------------------------------
    {
        "slug": "definitions-for-technology-agreements",
        "workspace": "global",
        "author": "admin",
        "state": "published",
        "title": "Definitions for agreements on digital technology",
        "summary": "Shared meanings for the words that decide what the rest of a technology "
        "agreement covers: digital system, automated system, workers' data, representatives.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>In this agreement:<ol>"
            "<li><b>Digital system</b> means any software, device or online service, including "
            "one supplied or operated by a third party, that collects, stores, analyses or acts "
            "on information about workers or about the work they do.</li>"
            "<li><b>Automated system</b> means a digital system that makes, proposes or ranks "
            "decisions, or that sets targets, schedules or tasks, whether or not a person "
            "confirms its output.</li>"
            "<li><b>Workers' data</b> means any information relating to a worker, a job "
            "applicant or a former worker, including information inferred or predicted about "
            "them and information that has been pseudonymised.</li>"
            "<li><b>Workers' representatives</b> means the Union and the representatives it "
            "appoints under this agreement.</li>"
            "</ol></li>"
            "<li>A term defined in this clause has the same meaning in every annex, policy and "
            "procedure adopted under this agreement.</li>"
            "<li>Where a law gives a defined term a wider meaning that protects workers better, "
            "the wider meaning applies.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>As above, with <b>workers' data</b> also covering information about groups "
                "of workers and information generated when service users interact with staff "
                "through a digital system.</p>",
                "Where the employer runs large platforms used by the public.",
            ),
            (
                "minimum",
                "<p><b>Workers' data</b> means any personal data relating to a worker within "
                "the meaning of the applicable data protection law.</p>",
                "When the employer will accept nothing broader than the law.",
            ),
        ],
        "rationale": (
            "<p>Most disputes about technology agreements start with a definition. If "
            "<i>automated system</i> only covers fully automatic decisions, a system can be "
            "kept out of reach by adding a supervisor's click. Covering inferred data matters "
            "because scores and predictions shape careers as much as recorded facts do.</p>"
        ),
        "negotiation_notes": (
            "<p>Agree the definitions first and keep them in one place. Employers often "
            "propose to cover only <i>AI</i>; point out that simple rule-based tools can do "
            "the same harm. Bring concrete examples (absence-risk scores, productivity "
            "rankings) when arguing for inferred data.</p>"
        ),
        "legal_references": [
            ("General Data Protection Regulation", "Art. 4(1) and 4(4)"),
            ("Council of Europe Convention 108+", "Art. 2"),
            (
                "ILO Code of practice on the protection of workers' personal data (1997)",
                "Section 3",
            ),
        ],
        "sources": [
            (
                "Framework agreement on digital change in municipal services",
                "General Syndicate of Municipal Employees",
                "Tunisia",
                2023,
                "",
            ),
            (
                "Health service technology accord",
                "Health and Social Care Staff Union",
                "United Kingdom",
                2022,
                "https://agreements.example.org/hscsu-technology-accord",
            ),
        ],
        "themes": ["definitions-scope", "key-terms"],
        "sectors": ["public-administration", "local-government", "health"],
        "regions": ["global"],
        "jurisdictions": ["ilo", "eu", "coe"],
        "licence": "cc-by-4.0",
        "credited": [
            ("Noor Haddad-Kim", "Digital curators' network"),
            ("Ingrid Valtonen-Marsh", "Union of Public Service Workers North"),
        ],
        "republish": {
            "summary": "Shared meanings for the words that decide what a technology agreement "
            "covers: digital and automated systems, workers' data, representatives, "
            "algorithmic management.",
            "body": (
                "<ol>"
                "<li>In this agreement:<ol>"
                "<li><b>Digital system</b> means any software, device or online service, "
                "including one supplied or operated by a third party, that collects, stores, "
                "analyses or acts on information about workers or about the work they do.</li>"
                "<li><b>Automated system</b> means a digital system that makes, proposes or "
                "ranks decisions, or that sets targets, schedules or tasks, whether or not a "
                "person confirms its output.</li>"
                "<li><b>Algorithmic management</b> means the use of automated systems to "
                "allocate, direct, monitor or evaluate work.</li>"
                "<li><b>Workers' data</b> means any information relating to a worker, a job "
                "applicant or a former worker, including information inferred or predicted "
                "about them and information that has been pseudonymised.</li>"
                "<li><b>Workers' representatives</b> means the Union and the representatives "
                "it appoints under this agreement.</li>"
                "</ol></li>"
                "<li>A term defined in this clause has the same meaning in every annex, policy "
                "and procedure adopted under this agreement.</li>"
                "<li>Where a law gives a defined term a wider meaning that protects workers "
                "better, the wider meaning applies.</li>"
                "</ol>"
            ),
        },
    },
    {
        "slug": "scope-systems-using-workers-data",
        "workspace": "global",
        "author": "admin",
        "state": "published",
        "title": "Scope: every system that uses workers' data",
        "summary": "The agreement applies to every digital system that affects workers, "
        "whoever owns or runs it, including pilots and systems bought by other public bodies.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>This agreement applies to every digital system used in the Employer's "
            "services that processes workers' data or affects how work is allocated, done or "
            "assessed, including:<ol>"
            "<li>systems under trial, pilot or evaluation;</li>"
            "<li>systems operated by contractors, shared-service centres or other public "
            "bodies on the Employer's behalf;</li>"
            "<li>personal devices and applications that the Employer requires or encourages "
            "workers to use for work.</li>"
            "</ol></li>"
            "<li>It covers all workers in the bargaining unit, whatever their contract, "
            "including agency, temporary and part-time staff.</li>"
            "<li>The Employer keeps a register of the systems covered and gives the Union an "
            "up-to-date copy every six months and on request.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>As above, and the agreement also applies to systems used on service users "
                "when their output changes workers' tasks or workload.</p>",
                "Case-management and triage systems in social services and health.",
            ),
            (
                "fallback",
                "<p>This agreement applies to digital systems that process workers' data and "
                "are operated by or for the Employer, including pilots lasting more than "
                "three months.</p>",
                "When the employer resists covering personal devices.",
            ),
        ],
        "rationale": (
            "<p>Public services increasingly run on systems they do not own: shared-service "
            "centres, cloud platforms and contractors. A scope limited to the employer's own "
            "systems leaves most of them out. Pilots need covering because they tend to become "
            "permanent without anyone deciding it.</p>"
        ),
        "negotiation_notes": (
            "<p>Ask for the register before bargaining: it shows how many systems exist and "
            "usually surprises both sides. If the employer fears the administrative burden, "
            "offer to start with systems that make or support decisions about people.</p>"
        ),
        "legal_references": [
            ("General Data Protection Regulation", "Art. 30"),
            ("ILO Labour Relations (Public Service) Convention, 1978 (No. 151)", "Art. 7"),
        ],
        "sources": [
            (
                "Collective agreement on technology in the civil service",
                "Civil Service Workers Association of the Islands",
                "Philippines",
                2024,
                "",
            ),
        ],
        "themes": ["definitions-scope", "coverage"],
        "sectors": ["public-administration", "social-services", "health"],
        "regions": ["global"],
        "jurisdictions": ["ilo", "eu"],
        "licence": "cc-by-4.0",
        "credited": [("Noor Haddad-Kim", "Digital curators' network")],
    },
    {
        "slug": "joint-algorithm-governance-committee",
        "workspace": "global",
        "author": "admin",
        "state": "published",
        "title": "Joint algorithm governance committee",
        "summary": "A standing joint committee with equal union and employer seats that "
        "approves, reviews and can suspend automated systems affecting workers.",
        "clause_type": "co_governance",
        "language": "en",
        "body": (
            "<ol>"
            "<li>The parties set up a joint algorithm governance committee with an equal "
            "number of members appointed by the Union and by the Employer.<ol>"
            "<li>The chair alternates each year between the two sides.</li>"
            "<li>Each side may bring up to two independent experts, paid by the Employer.</li>"
            "</ol></li>"
            "<li>No automated system covered by this agreement is introduced or substantially "
            "changed until the committee has:<ol>"
            "<li>received the system's description, purpose, data sources and impact "
            "assessment;</li>"
            "<li>heard the workers affected or their representatives;</li>"
            "<li>agreed the indicators and the review date that will apply to it.</li>"
            "</ol></li>"
            "<li>Either side may ask the committee to suspend a system that causes serious "
            "harm to workers or service users; the system is suspended while the committee "
            "meets, within ten working days.</li>"
            "<li>The committee publishes a yearly report to all staff on the systems in use "
            "and the decisions it has taken.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>As above, with a veto for either side over the introduction of a system "
                "that makes decisions about workers without meaningful human review.</p>",
                "Where the union already has co-determination rights on technology.",
            ),
            (
                "fallback",
                "<p>A joint committee is consulted before any automated system is introduced "
                "and reviews each system at least once a year; its recommendations are "
                "answered in writing within one month.</p>",
                "Where the law gives no co-decision rights.",
            ),
            (
                "minimum",
                "<p>The Employer meets the Union twice a year to review the automated systems "
                "in use and the complaints received about them.</p>",
                "A first step to build on in the next round.",
            ),
        ],
        "rationale": (
            "<p>Information after the fact does not protect anyone. A joint body with its own "
            "experts lets workers shape a system while it can still change, and gives the "
            "employer an early warning of problems that would otherwise reach the courts or "
            "the press.</p>"
        ),
        "negotiation_notes": (
            "<p>The suspension power is the part employers resist most; the time limit for "
            "the committee to meet is often the compromise. Make sure expert costs are "
            "covered: without them the union side cannot read a technical file.</p>"
        ),
        "legal_references": [
            ("EU Artificial Intelligence Act (Regulation (EU) 2024/1689)", "Art. 26(7)"),
            ("ILO Collective Bargaining Convention, 1981 (No. 154)", "Art. 2"),
            ("Council of Europe Framework Convention on Artificial Intelligence", "Art. 16"),
        ],
        "sources": [
            (
                "Digital governance protocol for water utilities",
                "National Federation of Water and Energy Workers",
                "Nigeria",
                2024,
                "",
            ),
            (
                "Agreement on co-determination over workplace technology",
                "Union of Public Service Workers North",
                "Sweden",
                2021,
                "https://agreements.example.org/upswn-codetermination",
            ),
        ],
        "themes": ["algorithmic-management", "co-governance", "bargaining-rights", "enforcement"],
        "sectors": ["public-administration", "water-energy", "local-government"],
        "regions": ["global"],
        "jurisdictions": ["ilo", "eu", "coe"],
        "licence": "cc-by-sa-4.0",
        "credited": [
            ("Noor Haddad-Kim", "Digital curators' network"),
            ("Amina Okoye-Rahal", "Public Health Workers' Union of Tamaru"),
        ],
        "republish": {
            "negotiation_notes": (
                "<p>The suspension power is the part employers resist most; the time limit "
                "for the committee to meet is often the compromise. Make sure expert costs are "
                "covered: without them the union side cannot read a technical file.</p>"
                "<p>Curators report that a yearly report to all staff helps members see the "
                "committee's work and makes it easier to recruit committee members.</p>"
            ),
        },
    },
    {
        "slug": "checklist-before-buying-algorithmic-system",
        "workspace": "global",
        "author": "admin",
        "state": "published",
        "title": "Checklist before a public body buys an algorithmic system",
        "summary": "Questions the union asks, and the answers it expects in writing, before a "
        "public employer signs a contract for an automated system.",
        "clause_type": "checklist",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Purpose and need<ol>"
            "<li>Which problem is the system meant to solve, and how is it solved today?</li>"
            "<li>Which decisions about workers or service users will it make or support?</li>"
            "</ol></li>"
            "<li>Data<ol>"
            "<li>Which data will it use, from where, and who will hold it?</li>"
            "<li>Will the supplier use the data to train or improve other products?</li>"
            "</ol></li>"
            "<li>Control<ol>"
            "<li>Can the public body inspect, audit and switch off the system?</li>"
            "<li>Does the contract give the public body the right to explain every decision "
            "to the person concerned?</li>"
            "<li>Can the system and its data be moved to another supplier at the end of the "
            "contract?</li>"
            "</ol></li>"
            "<li>Workers<ol>"
            "<li>How will workload, jobs and skills change, and what training is planned?</li>"
            "<li>Has the union been consulted, and how will it take part in reviewing the "
            "system?</li>"
            "</ol></li>"
            "</ol>"
        ),
        "rationale": (
            "<p>The contract is where most control over a system is won or lost. Once signed, "
            "audit rights, data ownership and exit terms are very hard to add. A checklist "
            "helps representatives ask the right questions early, even without technical "
            "training.</p>"
        ),
        "negotiation_notes": (
            "<p>Use the checklist as an annex to an information and consultation clause, so "
            "that the answers are owed before signature. Share the answers with other unions "
            "dealing with the same supplier.</p>"
        ),
        "legal_references": [
            ("EU Artificial Intelligence Act (Regulation (EU) 2024/1689)", "Art. 27"),
            ("Directive 2014/24/EU on public procurement", "Art. 18(2)"),
        ],
        "sources": [
            (
                "Protocol on technology purchasing in local government",
                "Allied Local Government Employees' Union",
                "India",
                2023,
                "",
            ),
        ],
        "themes": ["public-interest", "procurement", "union-organisation", "cross-union"],
        "sectors": ["public-administration", "local-government", "health", "education"],
        "regions": ["global"],
        "jurisdictions": ["eu", "ilo"],
        "licence": "cc0-1.0",
        "credited": [("Digital curators' network", "")],
    },
    {
        "slug": "union-access-to-digital-channels",
        "workspace": "global",
        "author": "admin",
        "state": "published",
        "title": "Union access to the employer's digital channels",
        "summary": "The union may use the employer's e-mail, intranet and messaging tools to "
        "reach workers, without monitoring of its messages or of who reads them.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>The Union may use the Employer's e-mail, intranet, messaging and video "
            "conference tools to communicate with workers, including those working remotely, "
            "on the same terms as the Employer's own internal communications.</li>"
            "<li>The Employer will not:<ol>"
            "<li>read, filter, delay or block the Union's messages, except automatic "
            "security checks applied to all messages;</li>"
            "<li>record or analyse which workers read, answer or forward Union messages;</li>"
            "<li>use data about union activity in any decision about a worker.</li>"
            "</ol></li>"
            "<li>Workers may take part in online union meetings during working time for up "
            "to the number of hours agreed for meetings held in person.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "fallback",
                "<p>The Union has a page on the intranet and may send one message a month to "
                "all workers; the Employer does not monitor who reads it.</p>",
                "Where the employer refuses open access to all channels.",
            ),
        ],
        "rationale": (
            "<p>When work moves online, so must the union; a notice board in an empty office "
            "reaches nobody. Union membership is sensitive data, so the ban on tracking who "
            "reads union messages matters as much as access itself.</p>"
        ),
        "negotiation_notes": (
            "<p>Employers often agree to access but want to approve content; refuse prior "
            "approval, which would defeat the union's independence. Offer a named contact to "
            "resolve technical problems quickly.</p>"
        ),
        "legal_references": [
            ("ILO Workers' Representatives Convention, 1971 (No. 135)", "Art. 2"),
            ("General Data Protection Regulation", "Art. 9(1)"),
            (
                "ILO Freedom of Association and Protection of the Right to Organise Convention, "
                "1948 (No. 87)",
                "Art. 3",
            ),
        ],
        "sources": [
            (
                "Remote work and union facilities agreement",
                "Community and Public Sector Union of the South",
                "Australia",
                2022,
                "",
            ),
        ],
        "themes": ["union-organisation", "union-channels"],
        "sectors": ["public-administration", "education", "tax-customs"],
        "regions": ["global"],
        "jurisdictions": ["ilo", "eu"],
        "licence": "cc-by-4.0",
        "credited": [("Alex Moreno-Quist", "Digital curators' network")],
    },
    {
        "slug": "violence-harassment-through-digital-tools",
        "workspace": "global",
        "author": "admin",
        "state": "published",
        "title": "Protection from violence and harassment through digital tools",
        "summary": "Online abuse of staff, by colleagues or by the public, is covered by the "
        "employer's duty of care, with clear reporting and support.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>The Employer's policy on violence and harassment applies to conduct through "
            "e-mail, messaging, social media, video calls and public-facing platforms, "
            "whether by colleagues, managers or service users.</li>"
            "<li>The Employer will:<ol>"
            "<li>provide a confidential way to report online abuse, including abuse received "
            "outside working hours because of a worker's job;</li>"
            "<li>remove workers' personal details from public platforms when asked, and "
            "allow them to deal with the public under a work name;</li>"
            "<li>offer paid time off and counselling to workers affected.</li>"
            "</ol></li>"
            "<li>Risks of online abuse are part of the workplace risk assessment, prepared with "
            "the health and safety representatives.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>As above, and the Employer takes legal action, at its own cost and with "
                "the worker's agreement, against persistent abusers of its staff.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Public service workers meet the public online more and more, and abuse "
            "follows them home. The ILO Convention on violence and harassment explicitly "
            "covers work-related communications, including those enabled by technology.</p>"
        ),
        "negotiation_notes": (
            "<p>Collect examples from members (screenshots with names removed) before "
            "bargaining. Work names are cheap to introduce and often agreed quickly.</p>"
        ),
        "legal_references": [
            ("ILO Violence and Harassment Convention, 2019 (No. 190)", "Art. 3(d)"),
            ("ILO Violence and Harassment Recommendation, 2019 (No. 206)", "Para. 8"),
        ],
        "sources": [
            (
                "Agreement on safe public contact",
                "Public Health Workers' Union of Tamaru",
                "Kenya",
                2023,
                "",
            ),
        ],
        "themes": ["digital-tools", "health-safety"],
        "sectors": ["health", "social-services", "emergency-services", "education"],
        "regions": ["global"],
        "jurisdictions": ["ilo"],
        "licence": "cc-by-4.0",
        "credited": [("Noor Haddad-Kim", "Digital curators' network")],
    },
    # --- Europe ---------------------------------------------------------------------------
    {
        "slug": "access-to-data-and-explanation",
        "workspace": "europe",
        "author": "curator.europe",
        "state": "published",
        "title": "Workers' access to their data and to explanations",
        "summary": "Each worker can see the data held about them, including scores and "
        "inferences, and get a plain-language explanation of any automated decision.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Every worker may ask, free of charge and without giving reasons, for:<ol>"
            "<li>a copy of all data the Employer or its contractors hold about them, in a "
            "structured, commonly used and machine-readable format;</li>"
            "<li>the scores, rankings, profiles and predictions made about them, and the "
            "data used to make them;</li>"
            "<li>a list of every automated system that has processed their data in the last "
            "twelve months.</li>"
            "</ol></li>"
            "<li>The Employer answers within fifteen working days.</li>"
            "<li>When an automated system has contributed to a decision about a worker, the "
            "worker receives, in plain language:<ol>"
            "<li>the main reasons for the decision and the data that weighed most;</li>"
            "<li>the name of the person responsible for it;</li>"
            "<li>how to ask for a review under this agreement.</li>"
            "</ol></li>"
            "<li>A worker may be accompanied by a Union representative in any meeting about "
            "the data or the explanation.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>As above, and the Union may, with the consent of the workers concerned, "
                "receive their data collectively to check systems for patterns of error or "
                "discrimination.</p>",
                "Where the union has the capacity to analyse data.",
            ),
            (
                "minimum",
                "<p>The Employer answers requests for access to personal data within the time "
                "allowed by law and tells the worker that they may be accompanied by a Union "
                "representative.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Individual access rights exist in law but are rarely used: workers do not "
            "know which systems exist or fear asking. A clause that shortens deadlines, "
            "names inferences and brings the union in turns a paper right into a practical "
            "one.</p>"
        ),
        "negotiation_notes": (
            "<p>Collective access to data (the ideal variant) is new for most employers; "
            "present it as a quality check that helps them too. Ask for a test request during "
            "bargaining to see how long an answer really takes.</p>"
        ),
        "legal_references": [
            ("General Data Protection Regulation", "Art. 15"),
            ("General Data Protection Regulation", "Art. 20"),
            ("General Data Protection Regulation", "Art. 22(3)"),
            ("EU Artificial Intelligence Act (Regulation (EU) 2024/1689)", "Art. 86"),
        ],
        "sources": [
            (
                "Accord sur les données personnelles des agents",
                "Syndicat des agents des services numériques",
                "France",
                2023,
                "",
            ),
            (
                "Local agreement on workforce analytics",
                "Health and Social Care Staff Union",
                "United Kingdom",
                2024,
                "",
            ),
        ],
        "themes": ["data-rights", "data-access"],
        "sectors": ["health", "public-administration", "local-government"],
        "regions": ["europe"],
        "jurisdictions": ["eu", "fr", "gb"],
        "licence": "cc-by-4.0",
        "credited": [
            ("Claire Dubois-Anand", "Syndicat des agents des services numériques"),
            ("Ingrid Valtonen-Marsh", "Union of Public Service Workers North"),
        ],
        "republish": {
            "legal_references": [
                ("General Data Protection Regulation", "Art. 15"),
                ("General Data Protection Regulation", "Art. 20"),
                ("General Data Protection Regulation", "Art. 22(3)"),
                ("General Data Protection Regulation", "Art. 88"),
                ("EU Artificial Intelligence Act (Regulation (EU) 2024/1689)", "Art. 86"),
            ],
        },
    },
    {
        "slug": "no-decision-by-algorithm-alone",
        "workspace": "europe",
        "author": "coordinator.europe",
        "state": "published",
        "title": "No decision by algorithm alone",
        "summary": "Decisions on hiring, pay, discipline, dismissal and promotion are taken by "
        "a person who can overrule the system and is accountable for the outcome.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>No decision on recruitment, pay, working time, discipline, promotion or "
            "termination is taken by an automated system alone.</li>"
            "<li>The person taking such a decision:<ol>"
            "<li>has the authority, the time and the training to depart from the system's "
            "output;</li>"
            "<li>considers the worker's own account before deciding;</li>"
            "<li>records the reasons when following or departing from the system.</li>"
            "</ol></li>"
            "<li>A worker may ask for any decision influenced by an automated system to be "
            "reviewed by a manager who was not involved, with a Union representative present. "
            "The review is completed within ten working days.</li>"
            "<li>The Employer reports each year to the Union how often system outputs were "
            "overruled, by type of decision.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "fallback",
                "<p>Decisions on discipline and termination are never based solely on the "
                "output of an automated system, and workers may ask for a human review of any "
                "other decision influenced by one.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>A human signature is not the same as human judgement. If managers have no "
            "time or authority to disagree, they rubber-stamp the system. Counting overrules "
            "shows whether review is real: a rate close to zero is a warning sign.</p>"
        ),
        "negotiation_notes": (
            "<p>Employers usually accept the principle; the fight is over the conditions in "
            "2.1. Ask how many decisions a manager reviews per day and whether overruling "
            "the system affects the manager's own appraisal.</p>"
        ),
        "legal_references": [
            ("General Data Protection Regulation", "Art. 22"),
            ("Council of Europe Convention 108+", "Art. 9(1)(a)"),
        ],
        "sources": [
            (
                "Agreement on automated decision-making in the tax administration",
                "Union of Public Service Workers North",
                "Sweden",
                2022,
                "",
            ),
        ],
        "themes": ["algorithmic-management", "human-review"],
        "sectors": ["public-administration", "tax-customs", "local-government"],
        "regions": ["europe", "global"],
        "jurisdictions": ["eu", "coe", "se"],
        "licence": "cc-by-4.0",
        "credited": [("Ingrid Valtonen-Marsh", "Union of Public Service Workers North")],
    },
    {
        "slug": "algorithmic-impact-assessment-with-union",
        "workspace": "europe",
        "author": "curator.europe",
        "state": "published",
        "title": "Algorithmic impact assessment with the union",
        "summary": "Before an automated system goes live, employer and union assess its "
        "effects on workers together, and repeat the assessment after changes.",
        "clause_type": "co_governance",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Before introducing or substantially changing an automated system, the "
            "Employer carries out an impact assessment jointly with the Union.</li>"
            "<li>The assessment covers at least:<ol>"
            "<li>the purpose of the system and the alternatives considered;</li>"
            "<li>the data used and its quality;</li>"
            "<li>risks to privacy, equality, health and safety, workload and jobs;<ol>"
            "<li>with particular attention to workers with disabilities, part-time workers "
            "and workers on leave;</li>"
            "</ol></li>"
            "<li>the measures to prevent or reduce each risk, and who is responsible.</li>"
            "</ol></li>"
            "<li>The Union may add its own opinion to the assessment, which is kept with it.</li>"
            "<li>The assessment is repeated after any substantial change and at least every "
            "two years.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>As above, and a system may not go live while the Union's opinion records "
                "an unresolved high risk, unless the joint committee decides otherwise.</p>",
                "",
            ),
            (
                "minimum",
                "<p>The Employer consults the Union on the data protection impact assessment "
                "of any automated system affecting workers and answers its comments in "
                "writing.</p>",
                "Where only the legal minimum can be reached.",
            ),
        ],
        "rationale": (
            "<p>Data protection impact assessments are usually written by the employer alone "
            "and look at privacy only. Workers know where a system will bite: in workload, "
            "shift patterns, stress. Doing the assessment together catches those risks.</p>"
        ),
        "negotiation_notes": (
            "<p>Link this clause to the joint committee where one exists. If the employer "
            "says assessments are confidential, agree a confidentiality undertaking for the "
            "representatives rather than giving up access.</p>"
        ),
        "legal_references": [
            ("General Data Protection Regulation", "Art. 35(9)"),
            ("EU Artificial Intelligence Act (Regulation (EU) 2024/1689)", "Art. 27"),
        ],
        "sources": [
            (
                "Accord-cadre sur l'intelligence artificielle dans les collectivités",
                "Syndicat des agents des services numériques",
                "France",
                2024,
                "",
            ),
        ],
        "themes": ["algorithmic-management", "co-governance", "bias-audits"],
        "sectors": ["local-government", "social-services", "health"],
        "regions": ["europe"],
        "jurisdictions": ["eu", "fr"],
        "licence": "cc-by-sa-4.0",
        "credited": [("Claire Dubois-Anand", "Syndicat des agents des services numériques")],
        "later_draft": {
            "summary": "Before an automated system goes live, employer and union assess its "
            "effects on workers and service users together, and repeat the assessment "
            "after changes.",
            "rationale": (
                "<p>Data protection impact assessments are usually written by the employer "
                "alone and look at privacy only. Workers know where a system will bite: in "
                "workload, shift patterns, stress. Doing the assessment together catches "
                "those risks.</p>"
                "<p>The draft revision adds service users, because harm to them lands on "
                "frontline staff who have to explain the system's decisions.</p>"
            ),
        },
    },
    {
        "slug": "droit-a-la-deconnexion",
        "workspace": "europe",
        "author": "curator.europe",
        "state": "published",
        "title": "Droit à la déconnexion",
        "summary": "Hors de leurs heures de travail, les agents n'ont pas à lire ni à répondre "
        "aux messages professionnels ; les outils sont réglés en conséquence.",
        "clause_type": "clause",
        "language": "fr",
        "body": (
            "<ol>"
            "<li>Aucun agent n'est tenu de consulter ni de répondre aux courriels, messages ou "
            "appels professionnels en dehors de ses heures de travail, pendant ses congés ou "
            "ses repos.</li>"
            "<li>L'Employeur met en place, après consultation du Syndicat :<ol>"
            "<li>l'envoi différé par défaut des messages rédigés en dehors des horaires "
            "habituels ;</li>"
            "<li>un message d'absence automatique pendant les congés ;</li>"
            "<li>des plages sans réunion en début et en fin de journée.</li>"
            "</ol></li>"
            "<li>Les astreintes sont définies par écrit, limitées et rémunérées ; elles seules "
            "justifient un contact hors des heures de travail.</li>"
            "<li>L'usage des outils numériques en dehors des heures de travail ne peut jamais "
            "être pris en compte dans l'évaluation d'un agent.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "fallback",
                "<p>L'Employeur adopte, après consultation du Syndicat, une charte fixant les "
                "plages de déconnexion et les moyens de les faire respecter.</p>",
                "Lorsque l'employeur refuse des règles techniques contraignantes.",
            ),
        ],
        "rationale": (
            "<p>Le télétravail et la messagerie sur téléphone ont effacé la frontière entre "
            "travail et vie privée. Un droit sans réglage des outils reste théorique : "
            "l'envoi différé protège aussi les agents qui n'osent pas ignorer un message de "
            "leur hiérarchie.</p>"
        ),
        "negotiation_notes": (
            "<p>Demander des chiffres sur les messages envoyés le soir et le week-end avant la "
            "négociation. Les cadres sont souvent les premiers concernés : les associer.</p>"
        ),
        "legal_references": [
            ("Code du travail (France)", "Art. L2242-17"),
            ("Directive 2003/88/CE sur le temps de travail", "Art. 3 et 5"),
        ],
        "sources": [
            (
                "Accord sur l'équilibre des temps dans les services numériques",
                "Syndicat des agents des services numériques",
                "France",
                2022,
                "",
            ),
        ],
        "themes": ["bargaining-rights", "working-time"],
        "sectors": ["public-administration", "local-government", "education"],
        "regions": ["europe", "africa-arab"],
        "jurisdictions": ["fr", "eu"],
        "licence": "cc-by-4.0",
        "credited": [("Claire Dubois-Anand", "Syndicat des agents des services numériques")],
    },
    {
        "slug": "limits-on-workplace-monitoring",
        "workspace": "europe",
        "author": "coordinator.europe",
        "state": "published",
        "title": "Limits on monitoring at work",
        "summary": "Monitoring is allowed only for a stated, agreed purpose, is never covert "
        "or continuous, and never reaches workers' private lives or union activity.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>The Employer may monitor work only for a purpose agreed with the Union in "
            "writing, by the least intrusive means that achieves it.</li>"
            "<li>The following are not permitted:<ol>"
            "<li>covert monitoring, except where the police are investigating a specific "
            "crime;</li>"
            "<li>continuous capture of screens, keystrokes, webcams or microphones;</li>"
            "<li>monitoring of workers' private devices, accounts and social media;</li>"
            "<li>tracking the location (GPS) of workers or their devices outside working "
            "time;</li>"
            "<li>emotion recognition and any inference about health, beliefs or union "
            "membership.</li>"
            "</ol></li>"
            "<li>Data from monitoring is kept for no longer than thirty days unless it is "
            "needed for a specific procedure of which the worker has been told.</li>"
            "<li>Workers are told in writing what is monitored, why, for how long and who "
            "sees the results.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>As above, and any new form of monitoring requires the agreement of the "
                "Union.</p>",
                "",
            ),
            (
                "fallback",
                "<p>As above without 3; retention periods are set in the monitoring policy "
                "agreed with the Union.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Remote work brought a wave of productivity software that records everything. "
            "European courts have held that monitoring must be known, proportionate and "
            "justified; this clause puts those conditions into the agreement and bans the "
            "most intrusive tools outright.</p>"
        ),
        "negotiation_notes": (
            "<p>Ask for an inventory of monitoring features in software already installed: "
            "many are switched on by default. Emotion recognition is banned at work by the "
            "EU AI Act; the clause makes that ban enforceable through the agreement.</p>"
        ),
        "legal_references": [
            ("European Convention on Human Rights", "Art. 8"),
            ("General Data Protection Regulation", "Art. 5(1)(c) and Art. 88"),
            ("EU Artificial Intelligence Act (Regulation (EU) 2024/1689)", "Art. 5(1)(f)"),
            ("Council of Europe Recommendation CM/Rec(2015)5 on employment data", "Para. 15"),
        ],
        "sources": [
            (
                "Homeworking agreement",
                "Health and Social Care Staff Union",
                "United Kingdom",
                2021,
                "",
            ),
        ],
        "themes": ["data-rights", "monitoring"],
        "sectors": ["public-administration", "health", "tax-customs", "social-services"],
        "regions": ["europe", "global"],
        "jurisdictions": ["eu", "coe", "gb"],
        "licence": "cc-by-4.0",
        "credited": [("Ingrid Valtonen-Marsh", "Union of Public Service Workers North")],
    },
    {
        "slug": "generative-ai-in-casework",
        "workspace": "europe",
        "author": "curator.europe",
        "state": "review",
        "comments": [
            (
                "curator.americas",
                "body",
                "We have the same tools arriving in Argentina. Could 2.2 also say that staff "
                "are never required to use the drafts, so nobody is judged on speed with AI?",
            ),
        ],
        "title": "Generative AI tools in casework",
        "summary": "Staff decide whether to use AI drafting tools, remain the authors of what "
        "they send, and no case data goes to tools outside the employer's control.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Generative AI tools may be used in casework only if they have been assessed "
            "under this agreement and run under the Employer's control.</li>"
            "<li>When such a tool is used:<ol>"
            "<li>the worker reviews and may change every text before it is sent, and "
            "remains its author;</li>"
            "<li>service users are told when a letter was drafted with an AI tool;</li>"
            "<li>no personal data of service users or staff is entered into tools operated "
            "outside the Employer's control.</li>"
            "</ol></li>"
            "<li>Targets and caseloads are not increased because of the tool without "
            "agreement with the Union.</li>"
            "<li>Workers receive paid training in the tool's limits, including its errors "
            "and invented facts.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "fallback",
                "<p>The Employer issues guidance on generative AI agreed with the Union, "
                "including a ban on entering personal data into public tools.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Drafting tools arrive through office software updates, often without any "
            "decision. They change what counts as a reasonable caseload and put personal "
            "data at risk. The clause keeps the worker in charge of the text.</p>"
        ),
        "negotiation_notes": (
            "<p>Ask which AI features are already switched on in the office suite. The "
            "caseload protection in 3 is the part most worth defending.</p>"
        ),
        "legal_references": [
            ("EU Artificial Intelligence Act (Regulation (EU) 2024/1689)", "Art. 4 and Art. 50"),
            ("General Data Protection Regulation", "Art. 32"),
        ],
        "sources": [
            (
                "Memorandum on AI assistants in benefits offices",
                "Union of Public Service Workers North",
                "Sweden",
                2025,
                "",
            ),
        ],
        "themes": ["digital-tools", "new-technology"],
        "sectors": ["social-services", "public-administration"],
        "regions": ["europe"],
        "jurisdictions": ["eu", "se"],
        "licence": "cc-by-4.0",
        "credited": [("Claire Dubois-Anand", "Syndicat des agents des services numériques")],
    },
    {
        "slug": "paid-training-for-new-systems",
        "workspace": "europe",
        "author": "curator.europe",
        "state": "review",
        "peer_approved_by": "curator.americas",
        "title": "Paid training before new digital systems",
        "summary": "Every worker gets paid training, in working time, before a new system "
        "changes their job, and nobody is assessed on it until the training is done.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Before a new or substantially changed digital system is used in their work, "
            "every worker concerned receives training:<ol>"
            "<li>in working time, or paid as working time;</li>"
            "<li>in a format and language suited to them, including for workers with "
            "disabilities;</li>"
            "<li>covering what the system does with their data and how to challenge its "
            "outputs.</li>"
            "</ol></li>"
            "<li>No worker is assessed on their use of the system, or on targets linked to "
            "it, during the first three months after their training.</li>"
            "<li>The Union's representatives receive the same training, plus a technical "
            "briefing, before the system is introduced.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>As above, and each worker has a yearly entitlement of five days of paid "
                "digital skills training of their choice.</p>",
                "",
            ),
            (
                "minimum",
                "<p>Workers receive training in working time before a new digital system is "
                "used in their work.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Training is often squeezed into lunch breaks or replaced by a video. Without "
            "proper training, workers make mistakes that the same system then records "
            "against them.</p>"
        ),
        "negotiation_notes": (
            "<p>The AI Act's literacy duty gives employers a reason to fund training; use "
            "it. The assessment-free period is easy to agree and matters a lot to "
            "members.</p>"
        ),
        "legal_references": [
            ("EU Artificial Intelligence Act (Regulation (EU) 2024/1689)", "Art. 4"),
            ("ILO Human Resources Development Convention, 1975 (No. 142)", "Art. 1"),
        ],
        "sources": [
            (
                "Skills and technology agreement for care services",
                "Health and Social Care Staff Union",
                "United Kingdom",
                2024,
                "",
            ),
        ],
        "themes": ["digital-tools", "skills-jobs"],
        "sectors": ["health", "social-services", "local-government"],
        "regions": ["europe"],
        "jurisdictions": ["eu", "gb"],
        "licence": "cc-by-4.0",
        "credited": [("Claire Dubois-Anand", "Syndicat des agents des services numériques")],
    },
    {
        "slug": "data-protection-officer-and-union",
        "workspace": "europe",
        "author": "coordinator.europe",
        "state": "draft",
        "title": "The data protection officer and the union",
        "summary": "The union may refer questions and complaints to the data protection "
        "officer, who meets its representatives regularly and reports on workers' data.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>The Union's representatives may contact the data protection officer directly "
            "about any processing of workers' data.</li>"
            "<li>The data protection officer:<ol>"
            "<li>meets the representatives at least twice a year;</li>"
            "<li>gives them a yearly summary of breaches and complaints involving workers' "
            "data;</li>"
            "</ol></li>"
            "</ol>"
        ),
        "rationale": "<p>Draft: to be completed after the Stockholm curators' meeting.</p>",
        "themes": ["data-rights", "data-access"],
        "sectors": ["public-administration"],
        "regions": ["europe"],
        "jurisdictions": ["eu"],
        "licence": "cc-by-4.0",
        "credited": [("Ingrid Valtonen-Marsh", "Union of Public Service Workers North")],
    },
    {
        "slug": "risques-psychosociaux-outils-numeriques",
        "workspace": "europe",
        "author": "curator.europe",
        "state": "draft",
        "title": "Risques psychosociaux liés aux outils numériques",
        "summary": "L'évaluation des risques inclut la charge, le rythme et l'isolement créés "
        "par les outils numériques, avec les représentants en santé et sécurité.",
        "clause_type": "clause",
        "language": "fr",
        "body": (
            "<ol>"
            "<li>L'évaluation des risques professionnels comprend les risques psychosociaux "
            "liés aux outils numériques, notamment :<ol>"
            "<li>l'intensification et le rythme imposé par les systèmes automatisés ;</li>"
            "<li>l'isolement en télétravail ;</li>"
            "<li>le sentiment de surveillance permanente.</li>"
            "</ol></li>"
            "<li>Elle est menée avec les représentants du personnel en santé et sécurité, qui "
            "peuvent faire appel à un expert.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>Comme ci-dessus, et tout nouvel outil fait l'objet d'une évaluation avant "
                "sa mise en service.</p>",
                "",
            ),
        ],
        "themes": ["digital-tools", "health-safety"],
        "sectors": ["public-administration", "health"],
        "regions": ["europe"],
        "jurisdictions": ["fr", "eu"],
        "licence": "cc-by-4.0",
        "credited": [("Claire Dubois-Anand", "Syndicat des agents des services numériques")],
    },
    # --- Inter-America --------------------------------------------------------------------
    {
        "slug": "gestion-algoritmica-de-turnos",
        "workspace": "inter-america",
        "author": "curator.americas",
        "state": "published",
        "title": "Gestión algorítmica de turnos y cargas de trabajo",
        "summary": "Los sistemas que asignan turnos, tareas o metas se informan al sindicato, "
        "respetan el convenio y quedan sujetos a revisión humana.",
        "clause_type": "clause",
        "language": "es",
        "body": (
            "<ol>"
            "<li>Antes de utilizar un sistema automatizado para asignar turnos, distribuir "
            "tareas o fijar metas, el Empleador informará por escrito al Sindicato:<ol>"
            "<li>qué datos utiliza el sistema y de dónde provienen;</li>"
            "<li>los criterios de asignación y el peso de cada uno;</li>"
            "<li>quién es responsable de supervisar el sistema.</li>"
            "</ol></li>"
            "<li>Las asignaciones respetarán los descansos, las licencias y las "
            "responsabilidades de cuidado declaradas por cada persona trabajadora. Ninguna "
            "meta automatizada podrá superar la carga de trabajo pactada en el convenio.</li>"
            "<li>Toda persona trabajadora podrá pedir que una persona supervisora revise una "
            "asignación; la respuesta se dará por escrito en un plazo de cinco días "
            "hábiles.</li>"
            "<li>Las partes evaluarán juntas el sistema cada seis meses, con datos "
            "desagregados por género, edad y discapacidad.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>Como arriba, y ningún sistema de asignación se pondrá en marcha sin el "
                "acuerdo de la comisión mixta de tecnología.</p>",
                "Donde ya existe una comisión mixta.",
            ),
            (
                "minimum",
                "<p>El Empleador informará al Sindicato antes de usar un sistema automatizado "
                "para asignar turnos y atenderá los reclamos individuales en cinco días "
                "hábiles.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>En hospitales y centros de atención, los turnos se asignan cada vez más con "
            "programas que optimizan la cobertura pero ignoran la vida de las personas. Los "
            "datos desagregados permiten detectar si el sistema castiga a quienes tienen "
            "responsabilidades de cuidado, que en su mayoría son mujeres.</p>"
        ),
        "negotiation_notes": (
            "<p>Pedir al empleador ejemplos reales de asignaciones y revisarlos con los "
            "delegados. El plazo de respuesta de cinco días suele aceptarse; la evaluación "
            "conjunta es la parte más disputada.</p>"
        ),
        "legal_references": [
            ("Lei Geral de Proteção de Dados (Brasil, Lei 13.709/2018)", "Art. 20"),
            ("Ley 25.326 de Protección de los Datos Personales (Argentina)", ""),
            ("Convenio de la OIT sobre la negociación colectiva, 1981 (núm. 154)", ""),
        ],
        "sources": [
            (
                "Convenio colectivo de la administración digital",
                "Sindicato de Trabajadores de la Administración Digital",
                "Argentina",
                2024,
                "",
            ),
        ],
        "themes": ["algorithmic-management", "human-review", "working-time"],
        "sectors": ["health", "social-services", "emergency-services"],
        "regions": ["inter-america"],
        "jurisdictions": ["ar", "br", "ilo"],
        "licence": "cc-by-4.0",
        "credited": [
            ("Tomás Ibarra Lund", "Sindicato dos Servidores Públicos do Vale"),
            ("Lucía Ferreyra Santos", "Sindicato de Trabajadores de la Administración Digital"),
        ],
    },
    {
        "slug": "algorithmic-management-of-shifts",
        "workspace": "inter-america",
        "author": "coordinator.americas",
        "state": "published",
        "translation_of": "gestion-algoritmica-de-turnos",
        "title": "Algorithmic management of shifts and workloads",
        "summary": "Systems that allocate shifts, tasks or targets are disclosed to the union, "
        "respect the agreement and remain subject to human review.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Before using an automated system to allocate shifts, distribute tasks or set "
            "targets, the Employer informs the Union in writing of:<ol>"
            "<li>the data the system uses and where it comes from;</li>"
            "<li>the allocation criteria and the weight given to each;</li>"
            "<li>who is responsible for supervising the system.</li>"
            "</ol></li>"
            "<li>Allocations respect the rest periods, leave and caring responsibilities "
            "declared by each worker. No automated target may exceed the workload set in "
            "the collective agreement.</li>"
            "<li>Any worker may ask a supervisor to review an allocation; the answer is given "
            "in writing within five working days.</li>"
            "<li>The parties evaluate the system together every six months, with data broken "
            "down by gender, age and disability.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>As above, and no allocation system is put into use without the agreement "
                "of the joint technology committee.</p>",
                "Where a joint committee already exists.",
            ),
            (
                "minimum",
                "<p>The Employer informs the Union before using an automated system to "
                "allocate shifts and answers individual complaints within five working "
                "days.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>In hospitals and care services, shifts are increasingly allocated by "
            "software that optimises cover but ignores people's lives. Broken-down data shows "
            "whether the system penalises those with caring responsibilities, most of whom "
            "are women.</p>"
        ),
        "negotiation_notes": (
            "<p>Ask the employer for real examples of allocations and go through them with "
            "stewards. The five-day answer is usually accepted; the joint evaluation is the "
            "most contested part.</p>"
        ),
        "legal_references": [
            ("Lei Geral de Proteção de Dados (Brazil, Law 13.709/2018)", "Art. 20"),
            ("Personal Data Protection Law 25.326 (Argentina)", ""),
            ("ILO Collective Bargaining Convention, 1981 (No. 154)", ""),
        ],
        "sources": [
            (
                "Collective agreement for the digital administration",
                "Sindicato de Trabajadores de la Administración Digital",
                "Argentina",
                2024,
                "",
            ),
        ],
        "themes": ["algorithmic-management", "human-review", "working-time"],
        "sectors": ["health", "social-services", "emergency-services"],
        "regions": ["inter-america", "global"],
        "jurisdictions": ["ar", "br", "ilo"],
        "licence": "cc-by-4.0",
        "credited": [
            ("Tomás Ibarra Lund", "Sindicato dos Servidores Públicos do Vale"),
            ("Lucía Ferreyra Santos", "Sindicato de Trabajadores de la Administración Digital"),
        ],
    },
    {
        "slug": "comision-mixta-de-tecnologia",
        "workspace": "inter-america",
        "author": "curator.americas",
        "state": "published",
        "title": "Comisión mixta de tecnología",
        "summary": "Una comisión paritaria revisa cada sistema digital que afecta al personal, "
        "con acceso a la documentación técnica y a personas expertas.",
        "clause_type": "co_governance",
        "language": "es",
        "body": (
            "<ol>"
            "<li>Se crea una comisión mixta de tecnología, integrada en partes iguales por "
            "representantes del Sindicato y del Empleador.</li>"
            "<li>La comisión:<ol>"
            "<li>recibe la documentación técnica de cada sistema digital que trate datos del "
            "personal o modifique la organización del trabajo;</li>"
            "<li>emite un dictamen antes de su implementación;</li>"
            "<li>revisa cada año los sistemas en uso y los reclamos recibidos.</li>"
            "</ol></li>"
            "<li>La representación sindical dispone de cuatro horas semanales pagadas para "
            "esta tarea y puede contar con asesoría técnica financiada por el Empleador.</li>"
            "<li>Los dictámenes se publican en la intranet, protegiendo los datos "
            "personales.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>Como arriba, y el dictamen desfavorable de la comisión suspende la "
                "implementación hasta que las partes lleguen a un acuerdo.</p>",
                "",
            ),
            (
                "fallback",
                "<p>Como arriba, sin financiación de asesoría técnica; el Empleador presenta "
                "el sistema a la comisión en una reunión con sus proveedores.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Las comisiones paritarias ya existen en muchos convenios del sector público "
            "para salud y seguridad o capacitación. Extender el modelo a la tecnología "
            "aprovecha una estructura conocida por ambas partes.</p>"
        ),
        "negotiation_notes": (
            "<p>Las horas sindicales y la asesoría técnica son la base de todo lo demás: sin "
            "ellas la comisión solo recibe presentaciones comerciales.</p>"
        ),
        "legal_references": [
            (
                "Convenio de la OIT sobre las relaciones de trabajo en la administración "
                "pública, 1978 (núm. 151)",
                "Art. 7",
            ),
        ],
        "sources": [
            (
                "Acuerdo paritario sobre modernización tecnológica",
                "Sindicato de Trabajadores de la Administración Digital",
                "Argentina",
                2023,
                "",
            ),
        ],
        "themes": ["algorithmic-management", "co-governance"],
        "sectors": ["public-administration", "local-government"],
        "regions": ["inter-america"],
        "jurisdictions": ["ar", "ilo"],
        "licence": "cc-by-sa-4.0",
        "credited": [
            ("Lucía Ferreyra Santos", "Sindicato de Trabajadores de la Administración Digital")
        ],
    },
    {
        "slug": "data-held-by-contractors",
        "workspace": "inter-america",
        "author": "curator.americas",
        "state": "published",
        "title": "Workers' data held by contractors in outsourced services",
        "summary": "When services or systems are outsourced, workers' data stays under public "
        "control, is used for nothing else and comes back at the end of the contract.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Every contract under which a third party processes workers' data on the "
            "Employer's behalf requires the contractor:<ol>"
            "<li>to use the data only for the service contracted;</li>"
            "<li>not to sell, share or use it to train products for others;</li>"
            "<li>to keep it in a jurisdiction offering protection at least equal to the "
            "Employer's own;</li>"
            "<li>to return or destroy it at the end of the contract, and certify that it "
            "has done so.</li>"
            "</ol></li>"
            "<li>The Employer remains responsible to workers and the Union for all processing "
            "done by its contractors.</li>"
            "<li>The Union receives a list of contractors processing workers' data each "
            "year.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "fallback",
                "<p>As above without 1.3, with the Employer informing the Union of any "
                "transfer of workers' data abroad.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Payroll, scheduling and e-learning are often run by private contractors who "
            "treat workers' data as an asset. Public employers rarely check what happens to "
            "it. The clause makes the employer answerable.</p>"
        ),
        "negotiation_notes": (
            "<p>Ask for the data-processing terms of existing contracts; many were signed "
            "without them. Procurement officers can be allies: the clause protects the "
            "public body too.</p>"
        ),
        "legal_references": [
            ("Lei Geral de Proteção de Dados (Brazil, Law 13.709/2018)", "Art. 39"),
            ("General Data Protection Regulation", "Art. 28"),
        ],
        "sources": [
            (
                "Outsourcing protocol for municipal services",
                "Sindicato dos Servidores Públicos do Vale",
                "Brazil",
                2022,
                "",
            ),
            (
                "Agreement on payroll modernisation",
                "Public Employees Alliance of the Lakes",
                "Canada",
                2023,
                "",
            ),
        ],
        "themes": ["public-interest", "outsourcing-data"],
        "sectors": ["local-government", "public-administration", "water-energy"],
        "regions": ["inter-america", "global"],
        "jurisdictions": ["br", "ca"],
        "licence": "cc-by-4.0",
        "credited": [("Tomás Ibarra Lund", "Sindicato dos Servidores Públicos do Vale")],
    },
    {
        "slug": "informacion-previa-nueva-tecnologia",
        "workspace": "inter-america",
        "author": "curator.americas",
        "state": "published",
        "title": "Información y consulta previas a la introducción de tecnología",
        "summary": "El sindicato recibe información completa con tiempo suficiente y es "
        "consultado antes de cualquier cambio tecnológico que afecte al trabajo.",
        "clause_type": "clause",
        "language": "es",
        "body": (
            "<ol>"
            "<li>Con al menos noventa días de anticipación a la introducción de una nueva "
            "tecnología que afecte las condiciones de trabajo, el Empleador entregará al "
            "Sindicato:<ol>"
            "<li>una descripción de la tecnología y de su finalidad;</li>"
            "<li>los efectos previstos sobre el empleo, las tareas, la carga de trabajo y la "
            "capacitación;</li>"
            "<li>los datos del personal que serán tratados.</li>"
            "</ol></li>"
            "<li>Las partes se reunirán dentro de los treinta días siguientes para negociar "
            "las medidas necesarias.</li>"
            "<li>Mientras dure la consulta, no se adoptarán medidas irreversibles.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "minimum",
                "<p>El Empleador informará al Sindicato con treinta días de anticipación sobre "
                "la introducción de nuevas tecnologías que afecten las condiciones de "
                "trabajo.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>La información que llega cuando el contrato ya está firmado no sirve para "
            "negociar. El plazo de noventa días permite estudiar la propuesta, consultar a "
            "las bases y preparar alternativas.</p>"
        ),
        "negotiation_notes": (
            "<p>La cláusula 3 (sin medidas irreversibles) es la que da fuerza a la consulta; "
            "defenderla aun si hay que ceder en el plazo.</p>"
        ),
        "legal_references": [
            (
                "Convenio de la OIT sobre las relaciones de trabajo en la administración "
                "pública, 1978 (núm. 151)",
                "Art. 7",
            ),
            (
                "Recomendación de la OIT sobre las comunicaciones dentro de la empresa, 1967 "
                "(núm. 129)",
                "",
            ),
        ],
        "sources": [
            (
                "Convenio sectorial de salud pública",
                "Sindicato dos Servidores Públicos do Vale",
                "Brasil",
                2021,
                "",
            ),
        ],
        "themes": ["bargaining-rights", "information-consultation"],
        "sectors": ["health", "public-administration", "education"],
        "regions": ["inter-america"],
        "jurisdictions": ["ilo", "br", "ar"],
        "licence": "cc-by-4.0",
        "credited": [("Tomás Ibarra Lund", "Sindicato dos Servidores Públicos do Vale")],
        "republish": {
            "body": (
                "<ol>"
                "<li>Con al menos noventa días de anticipación a la introducción de una nueva "
                "tecnología que afecte las condiciones de trabajo, el Empleador entregará al "
                "Sindicato:<ol>"
                "<li>una descripción de la tecnología y de su finalidad;</li>"
                "<li>los efectos previstos sobre el empleo, las tareas, la carga de trabajo y "
                "la capacitación;</li>"
                "<li>los datos del personal que serán tratados;</li>"
                "<li>la evaluación de impacto, si existe.</li>"
                "</ol></li>"
                "<li>Las partes se reunirán dentro de los treinta días siguientes para "
                "negociar las medidas necesarias.</li>"
                "<li>Mientras dure la consulta, no se adoptarán medidas irreversibles.</li>"
                "</ol>"
            ),
        },
    },
    {
        "slug": "geolocalizacion-vehiculos-dispositivos",
        "workspace": "inter-america",
        "author": "curator.americas",
        "state": "review",
        "comments": [
            (
                "curator.europe",
                "body",
                "Useful for our water utilities too. In 2.1, could the GPS also be switched "
                "off during breaks, not only outside working hours?",
            ),
        ],
        "title": "Geolocalización en vehículos y dispositivos de trabajo",
        "summary": "El GPS de vehículos y teléfonos de trabajo sólo se usa para la seguridad "
        "y la organización del servicio, nunca para vigilar fuera de la jornada.",
        "clause_type": "clause",
        "language": "es",
        "body": (
            "<ol>"
            "<li>La geolocalización de vehículos y dispositivos de trabajo sólo podrá usarse "
            "para la seguridad del personal y la organización del servicio.</li>"
            "<li>El Empleador garantizará que:<ol>"
            "<li>la geolocalización se desactive fuera de la jornada de trabajo;</li>"
            "<li>los datos de ubicación se conserven como máximo treinta días;</li>"
            "<li>los datos no se usen para sancionar, salvo en un procedimiento disciplinario "
            "ya iniciado por otros motivos y con conocimiento del trabajador.</li>"
            "</ol></li>"
            "<li>Cada persona trabajadora sabrá, mediante un aviso visible en el vehículo o "
            "el dispositivo, cuándo está activa la geolocalización.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>Como arriba, y los datos de ubicación sólo podrán consultarse en tiempo "
                "real en caso de emergencia.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Los equipos de agua, energía y recolección de residuos llevan GPS en los "
            "vehículos y en los teléfonos. Sin límites, la herramienta de seguridad se "
            "convierte en un control minuto a minuto.</p>"
        ),
        "negotiation_notes": (
            "<p>Preguntar quién tiene acceso a los mapas en tiempo real; suele ser mucha más "
            "gente de la necesaria.</p>"
        ),
        "legal_references": [
            ("Ley 25.326 de Protección de los Datos Personales (Argentina)", "Art. 4"),
            ("Lei Geral de Proteção de Dados (Brasil, Lei 13.709/2018)", "Art. 6"),
        ],
        "sources": [
            (
                "Acuerdo sobre flota y dispositivos móviles",
                "Sindicato de Trabajadores de la Administración Digital",
                "Argentina",
                2025,
                "",
            ),
        ],
        "themes": ["data-rights", "monitoring"],
        "sectors": ["water-energy", "local-government", "public-transport"],
        "regions": ["inter-america"],
        "jurisdictions": ["ar", "br"],
        "licence": "cc-by-4.0",
        "credited": [("Tomás Ibarra Lund", "Sindicato dos Servidores Públicos do Vale")],
    },
    {
        "slug": "telework-equipment-and-data-costs",
        "workspace": "inter-america",
        "author": "coordinator.americas",
        "state": "draft",
        "title": "Telework equipment and connection costs",
        "summary": "The employer provides the equipment and pays the connection costs of "
        "telework, and does not install monitoring software on workers' own devices.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>The Employer provides the equipment needed for telework and pays a monthly "
            "allowance for connection and electricity costs.</li>"
            "<li>No software that monitors activity is installed on a worker's own "
            "device.</li>"
            "</ol>"
        ),
        "themes": ["digital-tools", "new-technology"],
        "sectors": ["public-administration", "tax-customs"],
        "regions": ["inter-america"],
        "jurisdictions": ["ar", "ca"],
        "licence": "cc-by-4.0",
        "credited": [("Priya Thompson-Roy", "Public Employees Alliance of the Lakes")],
    },
    # --- Africa & Arab countries -----------------------------------------------------------
    {
        "slug": "digital-payroll-personal-data-health",
        "workspace": "africa-arab",
        "author": "coordinator.africa",
        "state": "published",
        "title": "Digital payroll and personal data in the health service",
        "summary": "A digital payroll and staff register collects only what pay and "
        "employment need, is kept secure, and is corrected quickly when it is wrong.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>The digital payroll and staff register collect only the data needed to pay "
            "workers and manage their employment. They do not hold:<ol>"
            "<li>health data other than what is needed for sick pay and occupational "
            "health;</li>"
            "<li>biometric data, unless agreed with the Union for a stated purpose;</li>"
            "<li>information about union membership beyond what is needed to deduct "
            "subscriptions requested by the worker.</li>"
            "</ol></li>"
            "<li>When a worker reports an error that affects their pay, the Employer corrects "
            "it, and pays any amount owed, within the next pay period.</li>"
            "<li>No worker is removed from the payroll by an automated check (for example a "
            "failed verification) without being told and heard first.</li>"
            "<li>Access to the register is limited to named staff and logged; the logs are "
            "reviewed each quarter with the Union.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "minimum",
                "<p>Workers may check and correct the data held about them in the payroll "
                "system, and errors affecting pay are corrected within the next pay "
                "period.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Payroll clean-up exercises have removed genuine health workers from payrolls "
            "because of a mismatch in a database, leaving them unpaid for months. Protection "
            "against automated removal and quick correction are the priorities for "
            "members.</p>"
        ),
        "negotiation_notes": (
            "<p>Governments present payroll verification as an anti-fraud measure; support "
            "the goal and bargain over the procedure. Collect cases of wrongful removal "
            "before meeting the ministry.</p>"
        ),
        "legal_references": [
            ("Data Protection Act, 2019 (Kenya)", "s. 25 and s. 26"),
            ("Nigeria Data Protection Act, 2023", "s. 24"),
            ("ILO Protection of Wages Convention, 1949 (No. 95)", "Art. 12"),
        ],
        "sources": [
            (
                "Agreement on the health workforce information system",
                "Public Health Workers' Union of Tamaru",
                "Kenya",
                2023,
                "",
            ),
        ],
        "themes": ["data-rights", "data-minimisation"],
        "sectors": ["health", "public-administration"],
        "regions": ["africa-arab"],
        "jurisdictions": ["ke", "ng", "ilo"],
        "licence": "cc-by-4.0",
        "credited": [("Amina Okoye-Rahal", "Public Health Workers' Union of Tamaru")],
    },
    {
        "slug": "information-representants-nouveau-logiciel",
        "workspace": "africa-arab",
        "author": "coordinator.africa",
        "state": "published",
        "title": "Information des représentants avant tout nouveau logiciel",
        "summary": "Les représentants du personnel sont informés et consultés avant la mise "
        "en service de tout logiciel qui traite des données des agents.",
        "clause_type": "clause",
        "language": "fr",
        "body": (
            "<ol>"
            "<li>Au moins soixante jours avant la mise en service d'un logiciel qui traite des "
            "données des agents ou modifie l'organisation du travail, l'Employeur remet au "
            "Syndicat :<ol>"
            "<li>la description du logiciel, de sa finalité et de son fournisseur ;</li>"
            "<li>la liste des données traitées et leur durée de conservation ;</li>"
            "<li>les effets attendus sur les postes, les horaires et la formation.</li>"
            "</ol></li>"
            "<li>Le Syndicat peut demander une réunion de consultation, qui se tient dans les "
            "quinze jours.</li>"
            "<li>Les documents sont fournis en français ou en arabe, au choix du "
            "Syndicat.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "minimum",
                "<p>L'Employeur informe le Syndicat par écrit avant la mise en service de tout "
                "logiciel traitant des données des agents.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Dans les municipalités, les logiciels arrivent souvent par des projets "
            "financés de l'extérieur, sans que les agents en soient informés. Le délai de "
            "soixante jours laisse le temps de consulter les adhérents.</p>"
        ),
        "negotiation_notes": (
            "<p>Insister sur la langue des documents : une information fournie seulement en "
            "anglais technique n'est pas une information.</p>"
        ),
        "legal_references": [
            (
                "Loi organique n° 2004-63 portant sur la protection des données à caractère "
                "personnel (Tunisie)",
                "",
            ),
            (
                "Convention de l'OIT sur les relations de travail dans la fonction publique, "
                "1978 (n° 151)",
                "Art. 7",
            ),
        ],
        "sources": [
            (
                "Accord-cadre sur la transformation numérique des services municipaux",
                "General Syndicate of Municipal Employees",
                "Tunisie",
                2023,
                "",
            ),
        ],
        "themes": ["bargaining-rights", "information-consultation"],
        "sectors": ["local-government", "public-administration"],
        "regions": ["africa-arab"],
        "jurisdictions": ["tn", "ilo"],
        "licence": "cc-by-4.0",
        "credited": [("Salma Ben Youssef-Arco", "General Syndicate of Municipal Employees")],
        "republish": {
            "summary": "Les représentants du personnel sont informés et consultés, dans leur "
            "langue, avant la mise en service de tout logiciel qui traite des données des "
            "agents.",
        },
    },
    {
        "slug": "biometric-attendance-systems",
        "workspace": "africa-arab",
        "author": "curator.africa",
        "state": "published",
        "title": "Biometric attendance systems",
        "summary": "Fingerprint or face scanners for attendance need the union's agreement, "
        "an alternative for those who object, and strict limits on the data.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Biometric systems for recording attendance are introduced only with the "
            "Union's written agreement.</li>"
            "<li>Where such a system is used:<ol>"
            "<li>workers who object, or whose biometrics cannot be read reliably, use an "
            "alternative method without any disadvantage;</li>"
            "<li>biometric templates are stored on the device or in the Employer's own "
            "system, never by the supplier, and deleted when employment ends;</li>"
            "<li>the data is used only to record attendance.</li>"
            "</ol></li>"
            "<li>A failed scan is never, by itself, treated as an absence. Workers may "
            "correct their attendance record with their supervisor's confirmation.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>Attendance is recorded without biometric data.</p>",
                "Where the union can prevent biometric systems altogether.",
            ),
            (
                "fallback",
                "<p>As above without 1, with the Employer consulting the Union before "
                "introducing a biometric system.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Biometric clocks have spread in hospitals and ministries. They fail more "
            "often for some workers (manual labourers' worn fingerprints, for instance) and "
            "create a permanent record that cannot be changed if leaked.</p>"
        ),
        "negotiation_notes": (
            "<p>Ask who the supplier is and where the templates are stored. Members care "
            "most about 3: wrongful absences cost them pay.</p>"
        ),
        "legal_references": [
            ("Nigeria Data Protection Act, 2023", ""),
            ("Data Protection Act, 2019 (Kenya)", ""),
        ],
        "sources": [
            (
                "Memorandum on attendance technology",
                "National Federation of Water and Energy Workers",
                "Nigeria",
                2024,
                "",
            ),
        ],
        "themes": ["data-rights", "monitoring"],
        "sectors": ["health", "water-energy", "public-administration"],
        "regions": ["africa-arab", "asia-pacific"],
        "jurisdictions": ["ng", "ke"],
        "licence": "cc-by-4.0",
        "credited": [("Chinedu Abara-Selim", "National Federation of Water and Energy Workers")],
    },
    {
        "slug": "digital-transformation-council-utilities",
        "workspace": "africa-arab",
        "author": "curator.africa",
        "state": "published",
        "title": "Digital transformation council for public utilities",
        "summary": "A joint council of management and unions plans digital change in a "
        "public utility: jobs, skills, data and the service to the public.",
        "clause_type": "co_governance",
        "language": "en",
        "body": (
            "<ol>"
            "<li>A digital transformation council is set up, with equal numbers of "
            "management and Union members and one seat for a representative of service "
            "users.</li>"
            "<li>The council:<ol>"
            "<li>agrees a multi-year plan for digital change, including its effects on jobs "
            "and skills;</li>"
            "<li>reviews every project above a cost agreed by the parties before it is "
            "approved;</li>"
            "<li>monitors smart meters, remote controls and customer platforms for their "
            "effects on workers and on poorer households.</li>"
            "</ol></li>"
            "<li>No job is lost as a direct result of digital change without an offer of "
            "retraining and redeployment.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "fallback",
                "<p>The council advises on digital projects; management answers its advice "
                "in writing before taking a decision.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Utilities are digitalising billing, metering and maintenance, often pushed "
            "by lenders. A council gives workers a say in the whole plan rather than "
            "project by project, and the service-user seat builds an alliance with "
            "communities affected by prepaid and remote disconnection.</p>"
        ),
        "negotiation_notes": (
            "<p>The service-user seat can be controversial on both sides; present it as a "
            "way to defend the public service. The no-job-loss guarantee is usually bargained "
            "together with a skills fund.</p>"
        ),
        "legal_references": [
            ("ILO Termination of Employment Convention, 1982 (No. 158)", "Art. 13"),
            ("ILO Collective Bargaining Convention, 1981 (No. 154)", ""),
        ],
        "sources": [
            (
                "Utility sector digital agreement",
                "National Federation of Water and Energy Workers",
                "Nigeria",
                2022,
                "",
            ),
        ],
        "themes": ["algorithmic-management", "co-governance", "service-users"],
        "sectors": ["water-energy"],
        "regions": ["africa-arab", "global"],
        "jurisdictions": ["ng", "ilo"],
        "licence": "cc-by-sa-4.0",
        "credited": [
            ("Chinedu Abara-Selim", "National Federation of Water and Energy Workers"),
            ("Amina Okoye-Rahal", "Public Health Workers' Union of Tamaru"),
        ],
    },
    {
        "slug": "guichets-numeriques-donnees-usagers-agents",
        "workspace": "africa-arab",
        "author": "curator.africa",
        "state": "review",
        "title": "Guichets numériques : données des usagers et des agents",
        "summary": "Les guichets numériques gardent un accueil humain, protègent les données "
        "des usagers et n'évaluent pas les agents sur des indicateurs automatiques.",
        "clause_type": "clause",
        "language": "fr",
        "body": (
            "<ol>"
            "<li>La mise en place de guichets numériques ne supprime pas l'accueil physique ; "
            "chaque service garde des agents pour aider les usagers qui en ont besoin.</li>"
            "<li>Les données des usagers collectées par les guichets numériques :<ol>"
            "<li>ne servent qu'au traitement de leur demande ;</li>"
            "<li>ne sont pas utilisées pour évaluer individuellement les agents.</li>"
            "</ol></li>"
            "<li>Les indicateurs de délai ou de satisfaction produits par la plateforme sont "
            "examinés collectivement avec le Syndicat, jamais agent par agent.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "minimum",
                "<p>Les indicateurs produits par la plateforme ne sont pas utilisés seuls "
                "pour évaluer un agent.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Les guichets numériques changent le travail des agents d'accueil et "
            "excluent une partie des usagers. Défendre l'accueil humain, c'est défendre à "
            "la fois l'emploi et l'accès au service.</p>"
        ),
        "negotiation_notes": (
            "<p>Chercher des alliés parmi les associations d'usagers, notamment de personnes "
            "âgées et handicapées.</p>"
        ),
        "legal_references": [
            (
                "Loi organique n° 2004-63 portant sur la protection des données à caractère "
                "personnel (Tunisie)",
                "",
            ),
        ],
        "sources": [
            (
                "Protocole sur la modernisation de l'accueil des usagers",
                "General Syndicate of Municipal Employees",
                "Tunisie",
                2024,
                "",
            ),
        ],
        "themes": ["public-interest", "service-users"],
        "sectors": ["local-government", "public-administration", "social-services"],
        "regions": ["africa-arab"],
        "jurisdictions": ["tn"],
        "licence": "cc-by-4.0",
        "credited": [("Salma Ben Youssef-Arco", "General Syndicate of Municipal Employees")],
    },
    {
        "slug": "skills-fund-for-digital-transition",
        "workspace": "africa-arab",
        "author": "curator.africa",
        "state": "review",
        "peer_approved_by": "curator.europe",
        "title": "Skills fund for the digital transition",
        "summary": "A jointly managed fund pays for workers' digital training and for "
        "retraining those whose jobs change or disappear.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>The Employer sets aside each year a sum equal to at least one per cent of "
            "its wage bill for a digital skills fund.</li>"
            "<li>The fund is managed by a joint board and pays for:<ol>"
            "<li>training in the digital systems workers use;</li>"
            "<li>general digital skills, chosen by workers;</li>"
            "<li>retraining of workers whose jobs are changed or removed by "
            "automation.</li>"
            "</ol></li>"
            "<li>Priority goes to workers with the least formal education and to those in "
            "jobs most exposed to automation.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "fallback",
                "<p>As above with a contribution of half of one per cent of the wage bill.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Training budgets are the first cut when money is short, yet digital change "
            "needs continuous learning. A fund with its own contribution and joint "
            "management protects it.</p>"
        ),
        "negotiation_notes": (
            "<p>Find out whether development partners finance the digital project; training "
            "can be written into their budget too.</p>"
        ),
        "legal_references": [
            ("ILO Human Resources Development Convention, 1975 (No. 142)", "Art. 4"),
            ("ILO Paid Educational Leave Convention, 1974 (No. 140)", "Art. 2"),
        ],
        "sources": [
            (
                "Training fund agreement",
                "Public Health Workers' Union of Tamaru",
                "Kenya",
                2024,
                "",
            ),
        ],
        "themes": ["digital-tools", "skills-jobs"],
        "sectors": ["health", "water-energy", "education"],
        "regions": ["africa-arab"],
        "jurisdictions": ["ke", "ilo"],
        "licence": "cc-by-4.0",
        "credited": [("Chinedu Abara-Selim", "National Federation of Water and Energy Workers")],
    },
    {
        "slug": "checklist-membership-records",
        "workspace": "africa-arab",
        "author": "coordinator.africa",
        "state": "draft",
        "title": "Checklist: protecting union membership records",
        "summary": "What a union checks when membership lists and dues move to digital "
        "systems, including payroll check-off and mobile payments.",
        "clause_type": "checklist",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Who can see the list of members, and is every access logged?</li>"
            "<li>Does the employer's payroll show union membership to anyone beyond the "
            "payroll officer?</li>"
            "<li>Where are membership data stored, and by which provider?<ol>"
            "<li>Can the union move its data elsewhere?</li>"
            "</ol></li>"
            "</ol>"
        ),
        "themes": ["union-organisation", "union-channels"],
        "sectors": ["public-administration"],
        "regions": ["africa-arab", "global"],
        "jurisdictions": ["ke", "tn", "ng"],
        "licence": "cc0-1.0",
        "credited": [("Amina Okoye-Rahal", "Public Health Workers' Union of Tamaru")],
    },
    {
        "slug": "teletravail-et-connectivite",
        "workspace": "africa-arab",
        "author": "curator.africa",
        "state": "draft",
        "title": "Télétravail et connectivité",
        "summary": "L'Employeur fournit l'équipement et la connexion nécessaires au "
        "télétravail, y compris dans les zones mal desservies.",
        "clause_type": "clause",
        "language": "fr",
        "body": (
            "<ol>"
            "<li>L'Employeur fournit l'équipement et prend en charge les frais de connexion "
            "des agents en télétravail.</li>"
            "<li>Un agent dont la connexion est insuffisante peut travailler dans un local de "
            "l'Employeur proche de son domicile.</li>"
            "</ol>"
        ),
        "themes": ["digital-tools", "new-technology"],
        "sectors": ["public-administration", "education"],
        "regions": ["africa-arab"],
        "jurisdictions": ["tn"],
        "licence": "cc-by-4.0",
        "credited": [("Salma Ben Youssef-Arco", "General Syndicate of Municipal Employees")],
    },
    # --- Asia-Pacific ---------------------------------------------------------------------
    {
        "slug": "call-centre-monitoring-performance-metrics",
        "workspace": "asia-pacific",
        "author": "coordinator.asia",
        "state": "published",
        "title": "Call-centre monitoring and performance metrics",
        "summary": "Call recordings and automated metrics in public contact centres are used "
        "for coaching, not discipline, and targets are agreed with the union.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Calls and chats in the Employer's contact centres may be recorded and "
            "analysed for training, quality of service and the resolution of complaints "
            "from the public.</li>"
            "<li>Automated metrics, including call length, waiting time between calls and "
            "speech analytics scores:<ol>"
            "<li>are shared with the worker concerned each week;</li>"
            "<li>are never the sole basis of any disciplinary measure;</li>"
            "<li>do not measure tone of voice or emotion.</li>"
            "</ol></li>"
            "<li>Targets based on these metrics are agreed with the Union and take account of "
            "complex calls, interpreters and callers in distress.</li>"
            "<li>Workers have at least ten minutes away from calls in every hour, not counted "
            "against them.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "ideal",
                "<p>As above, and individual metrics are used only in coaching conversations "
                "requested by the worker; management sees team averages only.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Government contact centres handle calls from people in hardship. Metrics "
            "that reward short calls push staff to end difficult ones early, which harms "
            "callers and staff alike. Recovery breaks are a known protection against "
            "burnout in this work.</p>"
        ),
        "negotiation_notes": (
            "<p>Ask for the vendor's list of analytics features: emotion scoring is often "
            "included by default. Members value the weekly sharing of their own data.</p>"
        ),
        "legal_references": [
            ("Data Privacy Act of 2012 (Philippines, Republic Act No. 10173)", "s. 11"),
            ("Privacy Act 1988 (Australia)", "Australian Privacy Principle 3"),
            ("ILO Occupational Safety and Health Convention, 1981 (No. 155)", "Art. 5"),
        ],
        "sources": [
            (
                "Contact centre agreement",
                "Civil Service Workers Association of the Islands",
                "Philippines",
                2022,
                "",
            ),
            (
                "Service delivery enterprise agreement",
                "Community and Public Sector Union of the South",
                "Australia",
                2023,
                "https://agreements.example.org/cpsus-service-delivery",
            ),
        ],
        "themes": ["data-rights", "monitoring", "health-safety"],
        "sectors": ["public-administration", "social-services", "tax-customs"],
        "regions": ["asia-pacific", "global"],
        "jurisdictions": ["ph", "au", "ilo"],
        "licence": "cc-by-4.0",
        "credited": [
            ("Ramon Dela Paz Iyer", "Civil Service Workers Association of the Islands"),
            ("Grace Whitfield-Tan", "Community and Public Sector Union of the South"),
        ],
        "republish": {
            "negotiation_notes": (
                "<p>Ask for the vendor's list of analytics features: emotion scoring is "
                "often included by default. Members value the weekly sharing of their own "
                "data.</p>"
                "<p>After the first year, compare complaint numbers before and after the "
                "targets were agreed: it helps when the employer wants to tighten them.</p>"
            ),
        },
    },
    {
        "slug": "automated-eligibility-decisions-social-protection",
        "workspace": "asia-pacific",
        "author": "curator.asia",
        "state": "published",
        "title": "Automated eligibility decisions in social protection",
        "summary": "Staff can override automated eligibility and debt decisions, and are "
        "protected when they do so in good faith.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Where an automated system decides or recommends eligibility for a benefit, "
            "or raises a debt against a claimant, staff dealing with the case:<ol>"
            "<li>can see the data and rules that produced the result;</li>"
            "<li>may suspend or overrule the result when they have reason to believe it is "
            "wrong;</li>"
            "<li>record their reasons in the case file.</li>"
            "</ol></li>"
            "<li>No worker is disciplined or rated lower for overruling a system in good "
            "faith.</li>"
            "<li>Staff may report suspected errors in a system to the joint committee without "
            "going through their line manager, and are protected as whistle-blowers.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "fallback",
                "<p>Staff may refer any automated decision they believe to be wrong to a "
                "senior officer, who answers within five working days; no worker is "
                "penalised for doing so.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Automated debt recovery and eligibility systems have wrongly pursued "
            "thousands of people in several countries. Frontline staff often saw the errors "
            "first but had no power or protection to stop them. The clause gives them "
            "both.</p>"
        ),
        "negotiation_notes": (
            "<p>Frame the clause as protecting the public: it attracts support from welfare "
            "groups and the media. Link it with the human-review clause for decisions about "
            "staff.</p>"
        ),
        "legal_references": [
            ("Privacy Act 1988 (Australia)", ""),
            ("Digital Personal Data Protection Act, 2023 (India)", ""),
            ("Council of Europe Framework Convention on Artificial Intelligence", "Art. 14"),
        ],
        "sources": [
            (
                "Agreement on decision support systems",
                "Community and Public Sector Union of the South",
                "Australia",
                2024,
                "",
            ),
        ],
        "themes": ["algorithmic-management", "human-review", "service-users"],
        "sectors": ["social-services", "public-administration"],
        "regions": ["asia-pacific", "global"],
        "jurisdictions": ["au", "in"],
        "licence": "cc-by-4.0",
        "credited": [("Anjali Perera-Walsh", "Allied Local Government Employees' Union")],
    },
    {
        "slug": "cross-border-transfers-of-staff-records",
        "workspace": "asia-pacific",
        "author": "coordinator.asia",
        "state": "published",
        "title": "Cross-border transfers of staff records",
        "summary": "Staff records stay in the country unless the union is told in advance "
        "and equal protection is guaranteed where they go.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Workers' data is stored and processed in the country, unless:<ol>"
            "<li>the Union has been told in writing, three months in advance, where it will "
            "go, to whom and why;</li>"
            "<li>the receiving party is bound to protection at least equal to this "
            "agreement and the national law;</li>"
            "<li>workers can exercise their rights against the Employer in the country.</li>"
            "</ol></li>"
            "<li>Transfers of union membership and health data abroad are not permitted.</li>"
            "</ol>"
        ),
        "rationale": (
            "<p>Human resources platforms are often hosted abroad and subject to other "
            "countries' laws. Workers lose practical control of their data if it leaves the "
            "country without safeguards.</p>"
        ),
        "negotiation_notes": (
            "<p>Ask where the HR and payroll providers host their data; the answer is often "
            "unknown to local management.</p>"
        ),
        "legal_references": [
            ("Digital Personal Data Protection Act, 2023 (India)", "s. 16"),
            ("Data Privacy Act of 2012 (Philippines, Republic Act No. 10173)", "s. 21"),
        ],
        "sources": [
            (
                "Municipal staff data agreement",
                "Allied Local Government Employees' Union",
                "India",
                2024,
                "",
            ),
        ],
        "themes": ["public-interest", "outsourcing-data"],
        "sectors": ["local-government", "public-administration", "post-telecoms"],
        "regions": ["asia-pacific"],
        "jurisdictions": ["in", "ph"],
        "licence": "cc-by-4.0",
        "credited": [("Ramon Dela Paz Iyer", "Civil Service Workers Association of the Islands")],
    },
    {
        "slug": "checklist-reviewing-employer-ai-policy",
        "workspace": "asia-pacific",
        "author": "curator.asia",
        "state": "published",
        "title": "Checklist: reviewing an employer's AI policy",
        "summary": "Points a union checks when an employer publishes an AI policy, and what "
        "to ask for when they are missing.",
        "clause_type": "checklist",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Coverage<ol>"
            "<li>Does the policy cover all automated systems, or only those called AI?</li>"
            "<li>Does it cover contractors and shared services?</li>"
            "</ol></li>"
            "<li>Workers' rights<ol>"
            "<li>Can workers see their data, get explanations and ask for human review?</li>"
            "<li>Is there a complaints route that does not go through the system itself?</li>"
            "</ol></li>"
            "<li>The union's role<ol>"
            "<li>Is the union consulted before systems are introduced?</li>"
            "<li>Is the policy itself open to negotiation, or only to comment?</li>"
            "</ol></li>"
            "<li>Review<ol>"
            "<li>When will the policy be reviewed, and with whom?</li>"
            "</ol></li>"
            "</ol>"
        ),
        "rationale": (
            "<p>Many public employers now adopt AI policies on their own. A policy is not an "
            "agreement: it can be changed at will. The checklist helps representatives "
            "spot gaps and turn the policy into bargaining demands.</p>"
        ),
        "negotiation_notes": (
            "<p>Send the employer the unanswered questions in writing and ask for a meeting; "
            "the answers often become the first draft of an agreement.</p>"
        ),
        "sources": [
            (
                "Union review of a state AI policy",
                "Community and Public Sector Union of the South",
                "Australia",
                2025,
                "",
            ),
        ],
        "themes": ["definitions-scope", "coverage", "bargaining-rights"],
        "sectors": ["public-administration", "education", "health"],
        "regions": ["asia-pacific", "global"],
        "jurisdictions": ["au", "in", "ph"],
        "licence": "cc0-1.0",
        "credited": [("Anjali Perera-Walsh", "Allied Local Government Employees' Union")],
    },
    {
        "slug": "digital-facilities-for-representatives",
        "workspace": "asia-pacific",
        "author": "curator.asia",
        "state": "review",
        "title": "Digital facilities for workplace representatives",
        "summary": "Representatives get the devices, accounts, time and expert support they "
        "need to represent members in a digital workplace.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>Each workplace representative receives:<ol>"
            "<li>a device and an account for union business that the Employer does not "
            "monitor;</li>"
            "<li>paid time to train in digital rights, at least three days a year;</li>"
            "<li>access to an independent technical adviser, paid by the Employer, when a "
            "new automated system is introduced.</li>"
            "</ol></li>"
            "<li>Representatives may meet members online during working time, in private "
            "video rooms.</li>"
            "</ol>"
        ),
        "variants": [
            (
                "minimum",
                "<p>Representatives receive paid time to train in digital rights and may meet "
                "members online during working time.</p>",
                "",
            ),
        ],
        "rationale": (
            "<p>Representatives cannot challenge systems they do not understand, using "
            "equipment the employer watches. Facilities have to change with the "
            "workplace.</p>"
        ),
        "negotiation_notes": (
            "<p>Existing facility-time agreements are the place to add this; a separate "
            "clause invites a separate fight.</p>"
        ),
        "legal_references": [
            ("ILO Workers' Representatives Convention, 1971 (No. 135)", "Art. 2"),
            ("ILO Workers' Representatives Recommendation, 1971 (No. 143)", "Para. 10"),
        ],
        "sources": [
            (
                "Facilities agreement for the civil service",
                "Civil Service Workers Association of the Islands",
                "Philippines",
                2025,
                "",
            ),
        ],
        "themes": ["union-organisation", "rep-facilities"],
        "sectors": ["public-administration", "local-government", "education"],
        "regions": ["asia-pacific"],
        "jurisdictions": ["ph", "ilo"],
        "licence": "cc-by-4.0",
        "credited": [("Anjali Perera-Walsh", "Allied Local Government Employees' Union")],
    },
    {
        "slug": "redeployment-when-tasks-are-automated",
        "workspace": "asia-pacific",
        "author": "curator.asia",
        "state": "draft",
        "title": "Redeployment when tasks are automated",
        "summary": "Workers whose tasks are automated keep their pay and are offered suitable "
        "work and retraining.",
        "clause_type": "clause",
        "language": "en",
        "body": (
            "<ol>"
            "<li>A worker whose tasks are substantially automated keeps their grade and pay "
            "and is offered suitable alternative work.</li>"
            "<li>Retraining is paid and in working time.</li>"
            "</ol>"
        ),
        "themes": ["digital-tools", "skills-jobs"],
        "sectors": ["local-government", "post-telecoms"],
        "regions": ["asia-pacific"],
        "jurisdictions": ["in"],
        "licence": "cc-by-4.0",
        "credited": [("Anjali Perera-Walsh", "Allied Local Government Employees' Union")],
    },
]
