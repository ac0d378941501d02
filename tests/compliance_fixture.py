"""A notice that passes every compliance check, with every condition holding, for tests to break one at a time.

Version 2025-01-01 adds a purpose to version 2024-01-01 (announced 61 days ahead); checks run as of
2025-06-01 with every check family selected. `tests/compliance_fails.py` holds, for each check, the
edit of that version that makes it fail.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests import project
from tests.project import make_project

AS_OF = dt.date(2025, 6, 1)
V2 = "2025-01-01"

# The minimal project's site and notice, with every jurisdiction the checks know.
SITE = project.SITE.replace("organisation: Example Ltd", "organisation: Example Inc.").replace(
    "jurisdictions: [eea]\n",
    "jurisdictions: [eea, uk, ch, us-ca, us]\ncompliance:\n  jurisdictions: [us-states, us-co, br, ca-pipeda]\n")
NOTICE = project.NOTICE

VERSION = """\
effective: 2025-01-01
summary: Adds product analytics.
announced: 2024-11-01
controller:
  name: Example Inc.
  contact: example-inc
contacts:
  - id: example-inc
    role: controller
    name: Example Inc.
    address: ["1 Main Street, Suite 100", "San Francisco, CA 94105"]
    country: United States
    email: legal@example.org
  - id: privacy-team
    role: privacy
    name: Example Privacy Team
    address: ["1 Main Street, Suite 200", "San Francisco, CA 94105"]
    email: privacy@example.org
    phone: "+1 800 555 0100"
  - id: dpo
    role: dpo
    name: Data Protection Officer
    email: dpo@example.org
  - id: eu-rep
    role: eu-representative
    name: Example Europe B.V.
    address: ["Keizersgracht 1, Amsterdam"]
    email: eu@example.org
    regions: [eea]
  - id: uk-rep
    role: uk-representative
    name: Example UK Ltd
    address: ["1 Strand, London"]
    email: uk@example.org
    regions: [uk]
recipients:
  - id: hosting
    name: Cloud hosting providers in the EU and the US
    category: service-provider
  - id: ad-partners
    name: Advertising partners
    category: business-partner
transfers:
  - id: eea-to-us
    origins: [eea]
    destination: United States
    mechanism: standard-contractual-clauses
    section: transfers
  - id: ch-to-us
    origins: [ch]
    destination: United States
    mechanism: standard-contractual-clauses
    section: transfers
  - id: uk-to-us
    origins: [uk]
    destination: United States
    mechanism: uk-idta
    section: transfers
retention:
  - id: keep-account
    information: [collect-account]
    period: until 30 days after you close your account
    section: retention
  - id: keep-usage
    information: [collect-usage]
    period: 13 months after collection
    section: retention
  - id: keep-id
    information: [collect-id]
    period: 30 days after verification
    section: retention
  - id: keep-social
    information: [collect-social]
    period: 12 months
    section: retention
supervisory_authorities:
  - id: dutch-ap
    name: Autoriteit Persoonsgegevens
    region: eea
  - id: ico
    name: Information Commissioner's Office
    region: uk
children:
  minimum_age: 8
  directed_to_children: true
  section: young-learners
change_policy:
  channels: [email, in-app]
  advance_notice: true
  section: changes
key_information: key-information
jurisdictions: [eea, uk, ch, us-ca, us]
sections:
  - id: key-information
    title: Key information
    blocks:
      - text: >-
          Example Inc. is the controller. We use your information for the purposes below, and you have
          rights over it.
  - id: who-we-are
    title: Who we are
    blocks:
      - text: >-
          Example Inc. is the controller of your information. Example Inc. and Example Partner Ltd are
          joint controllers for course certificates; under our arrangement Example Inc. answers all requests.
      - contact: example-inc
  - id: legal-bases
    title: Our legal bases
    blocks:
      - id: legal-basis-list
        items:
          - id: basis-contract
            text: We need your information to perform our contract with you.
            legal_basis: {basis: contract}
          - id: basis-interests
            text: "We rely on our legitimate interests:"
            legal_basis: {basis: legitimate-interests}
            items:
              - id: interest-security
                text: keeping the service secure.
          - id: basis-consent
            text: We ask your consent for advertising.
            legal_basis: {basis: consent}
          - id: basis-explicit
            text: We ask your explicit consent before we verify your identity with a photo.
            legal_basis: {basis: consent}
      - text: You can ask us about the balancing test we carried out; it is available on request.
      - text: >-
          Giving us your name and e-mail is required by our contract: if you do not provide them you will
          be unable to open an account.
  - id: what-we-collect
    title: What we collect
    blocks:
      - items:
          - id: collect-account
            title: Account.
            text: Your name and e-mail address.
            collects: {data: [name, email address], sources: [you]}
          - id: collect-usage
            title: Usage.
            text: The pages you visit and the device you use.
            collects: {data: [pages visited, device], sources: [automatic]}
          - id: collect-id
            title: Identity verification.
            text: A photo of your identity document.
            collects: {data: [identity document], sources: [you], sensitive: true}
          - id: collect-social
            title: Social sign-in.
            text: Your public profile from the social network you sign in with.
            collects: {data: [public profile], sources: [third-parties]}
  - id: how-we-use
    title: How we use information
    blocks:
      - items:
          - id: use-service
            text: We use your account details to provide the service.
            use:
              purpose: provide the service
              legal_bases: [basis-contract]
              information: [collect-account, collect-social]
            discloses: {recipients: [hosting], purpose: host the service, information: [collect-account]}
          - id: use-security
            text: We use usage data to keep the service secure.
            use: {purpose: security, legal_bases: [basis-interests], information: [collect-usage]}
          - id: use-ads
            text: >-
              We use usage data for targeted advertising, and share it with advertising
              partners for their own marketing.
            use: {purpose: targeted advertising, legal_bases: [basis-consent], information: [collect-usage]}
            discloses:
              recipients: [ad-partners]
              purpose: targeted advertising and their own marketing
              information: [collect-usage]
          - id: use-verify
            text: We use the identity document to verify your identity.
            use: {purpose: verify identity, legal_bases: [basis-explicit], information: [collect-id]}
          - id: use-analytics
            text: We use usage data for product analytics.
            use: {purpose: product analytics, legal_bases: [basis-interests], information: [collect-usage]}
      - text: >-
          We use profiling to recommend courses; the logic is a comparison with similar learners, and its
          significance and consequences are limited to the order of recommendations.
  - id: transfers
    title: International transfers
    blocks:
      - text: >-
          We transfer information to the United States under standard contractual clauses (and the UK
          IDTA); you can request a copy of them from privacy@example.org.
  - id: retention
    title: How long we keep information
    blocks:
      - text: >-
          We keep account details until 30 days after you close your account, usage data for 13 months,
          identity documents for 30 days after verification and social profiles for 12 months.
  - id: your-rights
    title: Your rights
    blocks:
      - items:
          - id: right-access
            text: >-
              You can access, correct, delete, restrict, port and object to the processing of your
              information, including processing based on legitimate interests.
            right:
              kinds: [access, rectification, erasure, restriction, portability, object, know, delete, correct,
                      non-discrimination, opt-out-of-sale]
              regions: [worldwide]
              channels: [privacy-team]
          - id: right-withdraw
            text: >-
              You can withdraw your consent at any time in your settings; this does not affect the
              lawfulness of processing before you withdraw it.
            right: {kinds: [withdraw-consent], channels: [privacy-team]}
          - id: right-complain
            text: >-
              You can complain to us at privacy@example.org, or to a supervisory authority such as the
              Information Commissioner's Office.
            right: {kinds: [complain], channels: [privacy-team]}
      - text: Our Data Protection Officer can be reached at dpo@example.org.
      - text: If we refuse your request you can appeal by replying to our answer.
      - contact: eu-rep
      - contact: uk-rep
  - id: california
    title: California
    jurisdictions: [us-ca]
    blocks:
      - text: >-
          We collect identifiers, internet or other electronic network activity, geolocation data and
          sensitive personal information.
      - text: >-
          We sell or share personal information with advertising partners for cross-context behavioral
          advertising; the categories sold and shared are identifiers and internet activity.
      - text: >-
          Do Not Sell or Share My Personal Information: use the link in our footer. We honor Global
          Privacy Control signals as an opt-out preference signal.
      - text: We do not sell or share the personal information of consumers under 16.
      - text: >-
          We use sensitive personal information only for the purposes allowed by law. You can limit the
          use of your sensitive personal information.
      - text: >-
          Submit a request through our web form or by calling our toll-free number; we verify your
          identity before we answer. An authorized agent can submit a request for you.
      - text: Our loyalty programme is described in our Notice of Financial Incentive.
      - text: >-
          We respond to Do Not Track signals by turning off advertising cookies. We do not allow third
          parties to collect personal information about your activity over time and across sites.
      - id: shine-the-light
        text: California residents can ask which information we shared for direct marketing.
        right: {kinds: [shine-the-light], regions: [us-ca], channels: [privacy-team]}
  - id: young-learners
    title: For young learners
    blocks:
      - text: >-
          This part is for children. Parents can review, delete and refuse further collection of their
          child's information.
  - id: changes
    title: Changes to this notice
    blocks:
      - text: >-
          We e-mail you before a material change applies, and we ask your consent before we use
          information previously collected for a new purpose.
"""

ANALYTICS = """\
          - id: use-analytics
            text: We use usage data for product analytics.
            use: {purpose: product analytics, legal_bases: [basis-interests], information: [collect-usage]}
"""
FIRST_VERSION = (VERSION.replace("effective: 2025-01-01\nsummary: Adds product analytics.\nannounced: 2024-11-01\n",
                                 "effective: 2024-01-01\nsummary: First version.\n")
                 .replace(ANALYTICS, ""))

def make_compliant(root: Path, version: str = VERSION, *, site: str = SITE, notice: str = NOTICE) -> Path:
    """The compliant project in `root` (with an edited second version, site or notice when given)."""
    files = {"notice.yaml": notice, "2024-01-01.yaml": FIRST_VERSION, f"{V2}.yaml": version}
    return make_project(root, site=site, notices={"privacy": files})
