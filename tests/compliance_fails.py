"""For each check, the smallest edit of the compliant fixture's 2025-01-01 version that makes it fail.

The edits are text replacements, so each failing fixture reads as a diff of the passing one; `apply`
refuses an edit that no longer matches, so a change to the fixture cannot silently void a test.
"""

from __future__ import annotations

import datetime as dt

from tests.compliance_fixture import VERSION

Edit = tuple[str, str]
DPO_TEXT = ("Our Data Protection Officer can be reached at dpo@example.org.",
            "Our Data Protection Officer answers questions.")
NO_RETENTION_FOR_SOCIAL = ("  - id: keep-social\n    information: [collect-social]\n    period: 12 months\n"
                           "    section: retention\n", "")

FAILS: dict[str, list[Edit]] = {
    "gdpr.art13.1.a.controller_identity": [('    address: ["1 Main Street, Suite 100", "San Francisco, CA 94105"]\n',
                                            "")],
    "gdpr.art13.1.a.eu_representative": [("      - contact: eu-rep\n", "")],
    "gdpr.art13.1.b.dpo_contact": [DPO_TEXT],
    "gdpr.art13.1.c.purposes": [("purpose: security,", "purpose: security and other purposes,")],
    "gdpr.art13.1.c.legal_basis_per_purpose": [("purpose: product analytics, legal_bases: [basis-interests],",
                                                "purpose: product analytics,")],
    "gdpr.art13.1.c.art9_condition": [("your explicit consent", "your consent")],
    "gdpr.art13.1.d.legitimate_interests": [("            items:\n              - id: interest-security\n"
                                             "                text: keeping the service secure.\n", "")],
    "gdpr.wp260.li_balancing_info": [("it is available on request", "it protects you")],
    "gdpr.art13.1.e.recipients": [("recipients:\n  - id: hosting", "recipients:\n  - id: auditors\n    name: Auditors\n"
                                   "    category: service-provider\n  - id: hosting")],
    "gdpr.wp260.recipients_specific": [("    category: business-partner", "    category: third-party")],
    "gdpr.art13.1.f.transfers": [("mechanism: standard-contractual-clauses\n    section: transfers\n  - id: ch-to-us",
                                  "mechanism: eu-us-privacy-shield\n    section: transfers\n  - id: ch-to-us")],
    "gdpr.art13.1.f.safeguards_copy": [("you can request a copy of them from privacy@example.org",
                                        "they protect your information")],
    "gdpr.art13.2.a.retention": [NO_RETENTION_FOR_SOCIAL],
    "gdpr.wp260.retention_specific": [(VERSION[VERSION.index("retention:\n"):VERSION.index("supervisory_authorities:")],
                                       "retention:\n  - id: keep-all\n    criteria: For as long as necessary for the "
                                       "purposes we collected it for.\n    section: retention\n")],
    "gdpr.art13.2.b.right_access": [("kinds: [access, ", "kinds: [")],
    "gdpr.art13.2.b.right_rectification": [("rectification, ", ""), ("delete, correct,", "delete,")],
    "gdpr.art13.2.b.right_erasure": [("erasure, ", ""), ("know, delete, ", "know, ")],
    "gdpr.art13.2.b.right_restriction": [("restriction, ", "")],
    "gdpr.art13.2.b.right_portability": [("portability, ", "")],
    "gdpr.art13.2.b.right_object": [("portability, object, ", "portability, ")],
    "gdpr.art13.2.c.withdraw_consent": [("at any time in your settings; this does not affect the\n              "
                                         "lawfulness of processing before you withdraw it.", "in your settings.")],
    "gdpr.art13.2.d.complaint_sa": [("  - id: dutch-ap\n    name: Autoriteit Persoonsgegevens\n    region: eea\n", "")],
    "gdpr.art13.2.e.provision_requirement": [("is required by our contract: if you do not provide them you will\n"
                                              "          be unable to open an account.", "helps us.")],
    "gdpr.art13.2.f.adm": [("the logic is a comparison with similar learners, and its\n          significance and "
                            "consequences are limited to the order of recommendations.", "we rank courses for you.")],
    "gdpr.art14.1.d.data_categories": [("data: [public profile]", "data: []")],
    "gdpr.art14.2.f.source": [("sources: [third-parties]", "sources: []")],
    "gdpr.art13.3.further_processing": [("announced: 2024-11-01\n", "")],
    "gdpr.art26.2.joint_controllers": [("under our arrangement Example Inc.", "Example Inc.")],
    "gdpr.art12.1.children": [("young-learners", "extra-info"), ("For young learners", "Extra information")],
    "gdpr.art12.1.plain_language": [("We use usage data for product analytics.",
                                     "We may use usage data for product analytics, we may share some of it, it may "
                                     "possibly be kept, and we might often use it.")],
    "gdpr.wp260.layering": [("key_information: key-information\n", "")],
    "gdpr.wp260.no_check_back_clause": [("channels: [email, in-app]", "channels: [site-notice]"),
                                        ("We e-mail you before a material change applies,",
                                         "Please check this page regularly for changes,")],
    "gdpr.wp260.material_change_notice": [("advance_notice: true", "advance_notice: false")],
    "gdpr.version_metadata": [("summary: Adds product analytics.", "summary: First version.")],
    "ukgdpr.art13.2.d.ico": [("  - id: ico\n    name: Information Commissioner's Office\n    region: uk\n", "")],
    "ukgdpr.art27.uk_representative": [("      - contact: uk-rep\n", "")],
    "ukgdpr.art13.1.f.uk_transfer_tools": [("mechanism: uk-idta", "mechanism: eu-us-privacy-shield")],
    "uk.duaa.controller_complaints": [("You can complain to us at privacy@example.org, or to", "You can complain to"),
                                      ("right: {kinds: [complain], channels: [privacy-team]}",
                                       "right: {kinds: [complain]}")],
    "ccpa.7011.e1A.categories_collected": [("We collect identifiers, internet or other electronic network activity, "
                                            "geolocation data and\n          sensitive personal information.",
                                            "We collect information.")],
    "ccpa.7011.e1B.sources": [("sources: [you]}\n          - id: collect-usage", "sources: []}\n          - id: "
                               "collect-usage")],
    "ccpa.7011.e1C.collection_purposes": [("legal_bases: [basis-explicit], information: [collect-id]}",
                                           "legal_bases: [basis-explicit]}")],
    "ccpa.7011.e1DEF.sold_shared": [("; the categories sold and shared are identifiers and internet activity.", ".")],
    "ccpa.7011.e1G.under16": [("We do not sell or share the personal information of consumers under 16.",
                               "We care about young people.")],
    "ccpa.7011.e1HIJ.business_purpose_disclosures": [("purpose: host the service, information: [collect-account]}",
                                                      "purpose: host the service}")],
    "ccpa.7011.e1K.spi_use": [("We use sensitive personal information only for the purposes allowed by law.",
                               "We protect your documents.")],
    "ccpa.7011.e2.rights": [("non-discrimination, ", "")],
    "ccpa.7011.e3.request_methods": [("Submit a request through our web form or by calling our toll-free number;",
                                      "Submit a request by e-mail;"),
                                     ("at any time in your settings;", "at any time by e-mail;")],
    "ccpa.7011.e3F.opt_out_signal": [("We honor Global\n          Privacy Control signals as an opt-out preference "
                                      "signal.", "")],
    "ccpa.7011.e3H.authorized_agent": [("An authorized agent can submit a request for you.", "")],
    "ccpa.7011.e3J.contact": [('    email: privacy@example.org\n    phone: "+1 800 555 0100"\n', ""),
                              ("    email: dpo@example.org\n", ""), ("    email: legal@example.org\n", "")],
    "ccpa.1798_135.links": [("Do Not Sell or Share My Personal Information: use the link in our footer. ", "")],
    "ccpa.1798_100.retention": [NO_RETENTION_FOR_SOCIAL],
    "ccpa.7011.e4.last_updated": [],
    "ccpa.7016.financial_incentive": [("described in our Notice of Financial Incentive", "described on our website")],
    "ca.civ_1798_83.shine_the_light": [("right: {kinds: [shine-the-light], regions: [us-ca], channels: [privacy-team]}",
                                        "right: {kinds: [shine-the-light], regions: [us-ca]}")],
    "caloppa.22575.b1.categories_third_parties": [
        ("            discloses: {recipients: [hosting], purpose: host the service, information: [collect-account]}\n",
         ""),
        ("            discloses:\n              recipients: [ad-partners]\n              purpose: targeted advertising "
         "and their own marketing\n              information: [collect-usage]\n", "")],
    "caloppa.22575.b2.review_process": [("              regions: [worldwide]\n              channels: [privacy-team]\n",
                                         "              regions: [worldwide]\n")],
    "caloppa.22575.b3.change_process": [("change_policy:\n  channels: [email, in-app]\n  advance_notice: true\n"
                                         "  section: changes\n", "")],
    "caloppa.22575.b4.effective_date": [("for a new purpose.", "for a new purpose. Last updated: March 3, 2020.")],
    "caloppa.22575.b5.dnt": [("We respond to Do Not Track signals by turning off advertising cookies. ", "")],
    "caloppa.22575.b6.third_party_tracking": [("We do not allow third\n          parties to collect personal "
                                               "information about your activity over time and across sites.", "")],
    "usstates.privacy_notice_core": [("If we refuse your request you can appeal by replying to our answer.",
                                      "We answer every request.")],
    "usco.r6_04.material_change": [(", and we ask your consent before we use\n          information previously "
                                    "collected for a new purpose", "")],
    "coppa.312_4d.online_notice": [("Parents can review, delete and refuse further collection of their\n          "
                                    "child's information.", "Parents are welcome.")],
    "lgpd.art9.information": [DPO_TEXT],
    "pipeda.4_8_2.openness": [('    address: ["1 Main Street, Suite 200", "San Francisco, CA 94105"]\n', "")],
    "ftc.s5.retroactive_change": [("We e-mail you before a material change applies, and we ask your consent before "
                                   "we use\n          information previously collected for a new purpose.",
                                   "Changes are effective immediately upon posting.")],
}
"""The edit of the 2025-01-01 version that makes each check fail."""

AS_OF_FAILS = {"ccpa.7011.e4.last_updated": dt.date(2026, 3, 1)}
"""Checks that fail with time rather than with an edit: the as-of date that makes them fail."""


def apply(text: str, edits: list[Edit]) -> str:
    for old, new in edits:
        assert old in text, f"fixture edit does not apply: {old!r}"
        text = text.replace(old, new)
    return text
