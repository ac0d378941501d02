"""The analyses layer: redlines, change classification and policy, compliance checks (no page code)."""
