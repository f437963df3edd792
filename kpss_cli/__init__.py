"""kpss: community planning of social services (komunitní plánování sociálních služeb) as YAML in git."""

__version__ = "0.1.0"
