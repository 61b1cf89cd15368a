"""The data the generated account draws from: names, words, texts, weighted codes, time units.

Plain tables only; :mod:`._generate` and :mod:`._generate_tickets` hold the logic.
"""

from __future__ import annotations

from typing import Final

from ._generate_draws import Weighted

__all__ = [
    "AGENT_REPLIES",
    "BODIES",
    "CATEGORY_TREE",
    "COMPANY_SUFFIXES",
    "COMPANY_WORDS",
    "CUSTOMER_REPLIES",
    "DAY",
    "FEEDBACK",
    "FIRST_NAMES",
    "GROUP_NAMES",
    "HEALTH",
    "HOUR",
    "INDUSTRIES",
    "JOB_TITLES",
    "LANGUAGES",
    "LAST_NAMES",
    "NOTES",
    "PIXEL_PNG",
    "PRIORITY",
    "PRODUCTS",
    "RATING",
    "SOURCE",
    "STATUS_NEW",
    "STATUS_OLD",
    "STATUS_RECENT",
    "SUBJECTS",
    "TAGS",
    "THREAD_KIND",
    "TIERS",
    "TIME_ZONES",
]

DAY: Final = 86_400
HOUR: Final = 3_600

FIRST_NAMES: Final = [
    "Ada",
    "Alan",
    "Amara",
    "Ana",
    "Ben",
    "Carla",
    "Chen",
    "Dana",
    "Diego",
    "Elena",
    "Emil",
    "Fatima",
    "Felix",
    "Grace",
    "Hana",
    "Ivan",
    "Jonas",
    "Julia",
    "Kai",
    "Lena",
    "Liam",
    "Maya",
    "Mateo",
    "Mei",
    "Nadia",
    "Noah",
    "Olga",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Sam",
    "Sara",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST_NAMES: Final = [
    "Abe",
    "Bauer",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Patel",
    "Quinn",
    "Rossi",
    "Ruiz",
    "Santos",
    "Schmidt",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zimmer",
]
COMPANY_WORDS: Final = [
    "Acme",
    "Apex",
    "Atlas",
    "Beacon",
    "Blue",
    "Bright",
    "Cedar",
    "Cobalt",
    "Crest",
    "Delta",
    "Ember",
    "Falcon",
    "Globex",
    "Granite",
    "Harbor",
    "Helix",
    "Initech",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Maple",
    "Meridian",
    "Nimbus",
    "Northwind",
    "Onyx",
    "Orbit",
    "Pioneer",
    "Quartz",
    "Redwood",
    "Sierra",
    "Solstice",
    "Summit",
    "Tidal",
    "Umbra",
    "Vertex",
    "Willow",
    "Zenith",
]
COMPANY_SUFFIXES: Final = (
    "Corp",
    "Labs",
    "Group",
    "Systems",
    "Logistics",
    "Health",
    "Retail",
    "Media",
)
INDUSTRIES: Final = (
    "Software",
    "Retail",
    "Healthcare",
    "Logistics",
    "Finance",
    "Media",
    "Education",
)
TIERS: Final = ("Basic", "Premium", "Enterprise")
HEALTH: Final = ("At risk", "Doing okay", "Happy")
GROUP_NAMES: Final = (
    "Technical Support",
    "Billing",
    "Sales",
    "Escalations",
    "Onboarding",
    "Returns",
    "Partners",
    "Product Feedback",
)
TAGS: Final = (
    "billing",
    "login",
    "vip",
    "bug",
    "refund",
    "shipping",
    "api",
    "mobile",
    "onboarding",
    "outage",
    "feature-request",
    "invoice",
    "password",
    "integration",
)
TIME_ZONES: Final = (
    "Eastern Time (US & Canada)",
    "Pacific Time (US & Canada)",
    "London",
    "Berlin",
    "Paris",
    "Chennai",
    "Tokyo",
    "Sydney",
    "Brasilia",
)
LANGUAGES: Final = ("en", "en", "en", "en", "fr", "de", "es", "pt-BR", "ja-JP")
JOB_TITLES: Final = (
    None,
    None,
    "Manager",
    "Engineer",
    "Accountant",
    "Director",
    "Analyst",
    "Buyer",
    "CTO",
)
PRODUCTS: Final = (
    "the dashboard",
    "the mobile app",
    "invoices",
    "the API",
    "checkout",
    "reports",
    "SSO login",
)
SUBJECTS: Final = (
    "Cannot log in to {p}",
    "Error when opening {p}",
    "Question about {p}",
    "{p} is very slow today",
    "Refund request for order {n}",
    "Invoice {n} looks wrong",
    "How do I export data from {p}?",
    "Feature request: dark mode for {p}",
    "Shipping delay on order {n}",
    "Password reset email never arrives",
    "Integration with {p} stopped working",
    "Charged twice for order {n}",
)
BODIES: Final = (
    "Hello, since this morning {p} shows an error and we cannot continue working.",
    "Hi team, could you explain how {p} handles this case? Thanks in advance.",
    "We noticed a problem with order {n}. Please have a look as soon as possible.",
    "Our users report that {p} is unusable. This is blocking our team.",
    "Could you please check {p}? The numbers do not match what we expected.",
)
FEEDBACK: Final = (
    "Quick and helpful, thank you!",
    "Solved my problem.",
    "Took too long to get an answer.",
    "The agent was very patient.",
    "Still not fully fixed.",
)


# docs/freshdesk-api-notes.md#tickets codes: status 2 Open, 3 Pending, 4 Resolved, 5 Closed, weighted by ticket age.
STATUS_NEW: Final = Weighted((2, 3, 4, 5), (50, 20, 20, 10))
STATUS_RECENT: Final = Weighted((2, 3, 4, 5), (20, 15, 35, 30))
STATUS_OLD: Final = Weighted((2, 3, 4, 5), (2, 1, 22, 75))
PRIORITY: Final = Weighted((1, 2, 3, 4), (40, 35, 18, 7))
SOURCE: Final = Weighted((1, 2, 3, 7, 9, 10), (45, 25, 12, 10, 5, 3))
# docs/freshdesk-api-notes.md#satisfaction-ratings scale: 103 extremely happy .. -103 extremely unhappy.
RATING: Final = Weighted((103, 102, 101, 100, -101, -102, -103), (30, 25, 15, 12, 8, 6, 4))


# The generated account's nested field (cf_category > cf_subcategory > cf_item).
CATEGORY_TREE: Final = {
    "Hardware": {"Laptop": ["Battery", "Screen", "Keyboard"], "Printer": ["Paper jam", "Toner"]},
    "Software": {"Billing app": ["Invoices", "Payments"], "Mobile app": ["Login", "Sync"]},
    "Account": {"Access": ["Password", "SSO"], "Plan": ["Upgrade", "Cancellation"]},
}

# Generated threads: an agent's reply, the customer's answer, an internal note, a public note.
THREAD_KIND: Final = Weighted(("agent", "customer", "private", "public"), (40, 35, 20, 5))
AGENT_REPLIES: Final = (
    "Hi {name},<br>thanks for reaching out. We are looking into {p} and will update you shortly.",
    "Hello {name},<br>could you send us a screenshot of the error you see in {p}?",
    "Hi {name},<br>we deployed a fix for {p}. Could you check whether it works for you now?",
    "Hello {name},<br>I have refunded order {n}; the money should arrive within five days.",
    "Hi {name},<br>this is a known issue with {p}; our engineers are on it.",
)
CUSTOMER_REPLIES: Final = (
    "Thanks, here is what I see when I open {p}.",
    "It still does not work, the same error appears.",
    "That fixed it, thank you very much!",
    "Any update on order {n}? We are still waiting.",
    "Attached you will find the log from this morning.",
)
NOTES: Final = (
    "Checked the logs: {p} returned 500s between 09:00 and 09:20.",
    "Escalated to the second line; order {n} needs a manual refund.",
    "Customer is on the Enterprise plan, handle with priority.",
    "Duplicate of an earlier report about {p}.",
    "Waiting for engineering to confirm the fix for {p}.",
)
PIXEL_PNG: Final = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)
"""A valid 1x1 PNG: the generated screenshots' bytes."""
