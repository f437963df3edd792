"""``kpss import registry``: the services of the territory from the national registry's open data.

The registry (Registr poskytovatelů sociálních služeb, MPSV) publishes ``rpss.json``
(``{"polozky": [service, …]}``, about 100 MB) and code lists (číselníky) beside it. This module

1. streams the registry file record by record (:func:`iter_registry`), so the whole file is never
   held in memory, and reads each record defensively: any field may be null, missing or of an
   unexpected type, and what cannot be read is reported, never fatal;
2. resolves the registry's numeric codes through the code-list files by their Czech names to the
   codes (docs/codes.md) of :mod:`kpss_cli.codes` (:class:`CodeLists`);
3. computes the import as data (:func:`plan_import` → :class:`ImportPlan`): which services are
   added, updated (old → new per field), unchanged, gone, removed or skipped, and the new text of
   services.yaml, edited round-trip so the coordinator's comments, order and own fields stay;
4. writes it in a separate step (:func:`apply_import`), atomically.

What the registry does not hold (``network``, ``area``, capacity ``fte`` and ``note``, ``x-…``
keys, the name of a service already in the catalogue) is never touched. Decisions where the format
is silent are listed in docs/import.md.
"""

from __future__ import annotations

from kpss_cli.registry.codelists import (
    CAPACITY_CODES,
    CAPACITY_NAMES,
    CODE_LIST_FILES,
    FORM_ALIASES,
    FORM_CODES,
    REQUIRED_CODE_LISTS,
    TARGET_GROUP_ALIASES,
    TYPE_ALIASES,
    WHAT,
    CodeLists,
    Resolved,
)
from kpss_cli.registry.importer import (
    CAPACITY_KEYS,
    CONTACT_KEYS,
    PROVIDER_KEY_ORDER,
    SERVICE_KEY_ORDER,
    apply_import,
    plan_import,
)
from kpss_cli.registry.record import (
    MUNICIPALITY_RE,
    SERVICE_ID_RE,
    Facility,
    RegistryService,
    format_address,
    normalise_ico,
    read_record,
    slug,
)
from kpss_cli.registry.result import SERVICES_FILE, STATUSES, ImportPlan, ProviderResult, ServiceResult
from kpss_cli.registry.stream import ImportInvalid, iter_registry

__all__ = [
    "ImportInvalid",
    "iter_registry",
    "CODE_LIST_FILES",
    "REQUIRED_CODE_LISTS",
    "WHAT",
    "TYPE_ALIASES",
    "TARGET_GROUP_ALIASES",
    "FORM_ALIASES",
    "FORM_CODES",
    "CAPACITY_CODES",
    "CAPACITY_NAMES",
    "Resolved",
    "CodeLists",
    "SERVICE_ID_RE",
    "MUNICIPALITY_RE",
    "format_address",
    "normalise_ico",
    "slug",
    "Facility",
    "RegistryService",
    "read_record",
    "SERVICES_FILE",
    "ServiceResult",
    "ProviderResult",
    "STATUSES",
    "ImportPlan",
    "CAPACITY_KEYS",
    "CONTACT_KEYS",
    "SERVICE_KEY_ORDER",
    "PROVIDER_KEY_ORDER",
    "plan_import",
    "apply_import",
]
