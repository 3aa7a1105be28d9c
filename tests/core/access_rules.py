from tests.access import Rule, expect

RULES = [
    # The load balancer's probe: open to anyone, no data (core/health.py).
    Rule("healthz", get=expect(200)),
]
