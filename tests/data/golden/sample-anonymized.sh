#!/bin/sh
# Issues for the open commitments of pmtui reviews, made by `pmtui export --format gh`.
# Read it first. Then run it from a clone of the repository the issues belong in:
#   sh THIS-FILE
# It uses your own `gh` login; pmtui keeps no token and contacted nothing.
set -eu

# Labels for the type and priority of each issue (--force: fine if they exist).
gh label create 'priority: P1' --force
gh label create 'priority: P2' --force
gh label create 'type: prevent' --force
gh label create 'type: process' --force

# 9e5f0c1a: Checkout | payments [bold] outage 🔥
gh issue create '--title=Remove the --fast flag | make canary mandatory' '--body=From the pmtui review "Checkout | payments [bold] outage 🔥" (id 9e5f0c1a-7b1d-4c2e-9a4f-0123456789ab, blameless postmortem).

Deliverable: Remove the --fast flag | make canary mandatory
Owner: Owner A
Done when: a deploy without canary fails in CI
Due: 2026-12-04
Tracked in: https://tracker.example/browse/OPS-123?focus=a|b

Addresses:
- The skip flag is `--fast` and
# looks like a comment' '--label=type: prevent' '--label=priority: P1'

# 9e5f0c1a: Checkout | payments [bold] outage 🔥
gh issue create '--title=Name an owner for the pipeline config; ask Owner D'"'"'s team' '--body=From the pmtui review "Checkout | payments [bold] outage 🔥" (id 9e5f0c1a-7b1d-4c2e-9a4f-0123456789ab, blameless postmortem).

Deliverable: Name an owner for the pipeline config; ask Owner D'"'"'s team
Owner: Owner B
Done when: =owner listed in CODEOWNERS
Due: 2026-11-20
Tracked in: #42

Addresses:
- 1. Nobody owns the pipeline [bold]config[/bold]' '--label=type: process' '--label=priority: P2'

# 9e5f0c1a: Checkout | payments [bold] outage 🔥
gh issue create '--title=Write the canary runbook' '--body=From the pmtui review "Checkout | payments [bold] outage 🔥" (id 9e5f0c1a-7b1d-4c2e-9a4f-0123456789ab, blameless postmortem).

Deliverable: Write the canary runbook
Owner: Owner C
Done when: runbook reviewed by Owner B
Due: 2027-01-15'
