"""kpss: community planning of social services (komunitní plánování sociálních služeb) as YAML in git."""

__version__ = "0.1.0"

# The project's own repository: CI kits install from it at a pinned revision, and the SARIF
# output links each rule to its section of docs/rules.md there.
REPOSITORY_URL = "https://github.com/kpss/kpss"
# The distribution name on the package index (the command stays ``kpss``).
DISTRIBUTION = "kpss-komunitni-planovani"
