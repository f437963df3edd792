"""Computing the import (:func:`plan_import`) and writing it (:func:`apply_import`)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from kpss_cli import codes, czech
from kpss_cli.changes import FieldChange
from kpss_cli.errors import KpssError
from kpss_cli.findings import ERROR, Finding
from kpss_cli.i18n import _, ngettext
from kpss_cli.registry.codelists import CodeLists, fold, norm
from kpss_cli.registry.mapping import (
    Mapped,
    ProviderData,
    as_number,
    flow,
    plain_data,
    put,
    quoted,
    same_value,
    yaml_scalar,
)
from kpss_cli.registry.record import (
    MUNICIPALITY_RE,
    SERVICE_ID_RE,
    RegistryService,
    contacts_of,
    format_address,
    list_of,
    normalise_ico,
    read_record,
    ref_id,
    slug,
    text_of,
)
from kpss_cli.registry.result import SERVICES_FILE, STATUSES, ImportPlan, ProviderResult, ServiceResult
from kpss_cli.registry.stream import ImportInvalid, iter_registry
from kpss_cli.validate import ico_valid
from kpss_cli.yamledit.comments import delete_item, insert_item

CAPACITY_KEYS = ("clients", "beds", "contacts", "interventions", "calls")
CONTACT_KEYS = ("address", "web", "email", "phone")
SERVICE_KEY_ORDER = (
    "id",
    "registered",
    "name",
    "provider",
    "type",
    "forms",
    "target_groups",
    "capacity",
    "area",
    "network",
    "contact",
    "description",
    "hours",
    "payment",
    "payment_note",
    "places",
    "life_situations",
)
PROVIDER_KEY_ORDER = ("id", "name", "ico", "legal_form", "address", "web", "email", "phone")


def _references(validation: Any) -> dict[str, list[tuple[str, str]]]:
    """service id → [(plan id, measure id)] of every measure that lists it (valid or not)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path, doc in validation.documents.items():
        match = re.match(r"^plans/([^/]+)/plan\.yaml$", path)
        data = doc.data
        if not match or not isinstance(data, dict):
            continue
        plan_id = str(data.get("id") or match.group(1))
        for priority in list_of(data.get("priorities")):
            for measure in list_of(priority.get("measures") if isinstance(priority, dict) else None):
                if not isinstance(measure, dict):
                    continue
                for service in list_of(measure.get("services")):
                    found.setdefault(str(service), []).append((plan_id, str(measure.get("id"))))
    return found


class _Importer:
    def __init__(
        self,
        root: Path,
        registry: Path,
        codes_dir: Path,
        territory: list[str] | None,
        prune: bool,
        today: dt.date,
    ) -> None:
        from kpss_cli.validate import validate_repository

        self.root = root
        self.registry = registry
        self.prune = prune
        self.today = today
        self.lists = CodeLists(codes_dir)
        self.baseline = validate_repository(root)
        manifest = self.baseline.repository.manifest
        names = dict(self.lists.municipalities)
        manifest_codes: list[str] = []
        if manifest is not None:
            for m in manifest.municipalities:
                code, name = str(m.get("code", "")), m.get("name")
                manifest_codes.append(code)
                if name:
                    names[code] = str(name)
        self.names = names
        if territory:
            bad = [c for c in territory if not MUNICIPALITY_RE.match(c)]
            if bad:
                raise KpssError(
                    _("--obec takes 6-digit municipality codes (kód obce); not: {codes}").format(codes=", ".join(bad))
                )
            self.territory = list(dict.fromkeys(territory))
        else:
            if manifest is None:
                errors = [
                    f
                    for f in self.baseline.findings
                    if f.file == "kpss.yaml" and f.severity == ERROR
                ]
                detail = (
                    f": {errors[0].line}:{errors[0].column} {errors[0].message}" if errors else ""
                )
                raise KpssError(
                    _(
                        "kpss.yaml is not valid{detail}; fix it (kpss validate) or give the territory with --obec CODE"
                    ).format(detail=detail)
                )
            self.territory = list(dict.fromkeys(manifest_codes))
            if not self.territory:
                raise KpssError(
                    _(
                        "kpss.yaml lists no municipalities (territory.municipalities), so kpss cannot tell which "
                        "services are yours; add them (code and name) or give --obec CODE"
                    )
                )
        self.territory_set = set(self.territory)
        self.notes: list[str] = []
        self.unreadable: list[str] = []
        self.records = 0
        self.provider_results: dict[str, ProviderResult] = {}

    # -- services.yaml -------------------------------------------------------------------------
    def load_catalogue(self) -> None:
        """Read services.yaml round-trip (or start a new one) and index it."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        from kpss_cli.yamledit import FileStyle, detect_style, load_roundtrip

        path = self.root / SERVICES_FILE
        self.old_text: str | None = None
        if path.is_file():
            try:
                self.old_text = path.read_bytes().decode("utf-8")
            except OSError as exc:
                raise KpssError(
                    _("cannot read {file}: {reason}").format(file=SERVICES_FILE, reason=exc.strerror or exc)
                ) from None
            except UnicodeDecodeError:
                raise KpssError(
                    _("{file} is not UTF-8; run `kpss validate` for details").format(file=SERVICES_FILE)
                ) from None
        if self.old_text is not None and self.old_text.strip(" \t\r\n\ufeff"):
            data, self.style = load_roundtrip(self.old_text)
            if data is None:
                data = CommentedMap()
            if not isinstance(data, CommentedMap):
                raise KpssError(
                    _("{file} must hold a mapping with providers and services; run `kpss validate`").format(
                        file=SERVICES_FILE
                    )
                )
            body = self.old_text.lstrip("\ufeff").replace("\r\n", "\n")
            item = " " * self.style.offset + "- "
            self.blank_lines = body.count("\n\n" + item) > 0 or "\n" + item not in body
        else:
            data = CommentedMap()
            data.yaml_set_start_comment(
                "Katalog poskytovatelů a služeb (services.yaml); služby území převzaty z registru "
                "poskytovatelů sociálních služeb příkazem `kpss import registry`"
            )
            self.style = detect_style(self.old_text) if self.old_text else FileStyle()
            self.blank_lines = True
        for key in ("providers", "services"):
            value = data.get(key)
            if value is None or (isinstance(value, CommentedSeq) and not len(value)):
                seq = CommentedSeq()
                if key in data:
                    data[key] = seq
                elif key == "providers" and "services" in data:
                    data.insert(list(data).index("services"), key, seq)
                else:
                    data[key] = seq
            elif not isinstance(value, CommentedSeq):
                raise KpssError(
                    _("{file}: '{key}' must be a list; run `kpss validate`").format(file=SERVICES_FILE, key=key)
                )
            elif value.fa.flow_style():
                value.fa.set_block_style()
        self.data = data
        self.providers = data["providers"]
        self.services = data["services"]
        self.by_id: dict[str, Any] = {}
        for item in self.services:
            if isinstance(item, dict) and item.get("id") is not None:
                self.by_id.setdefault(str(item["id"]), item)
        self.provider_by_ico: dict[str, str] = {}
        self.provider_by_name: dict[str, str] = {}
        self.provider_ids: set[str] = set()
        for item in self.providers:
            if not isinstance(item, dict) or item.get("id") is None:
                continue
            pid = str(item["id"])
            self.provider_ids.add(pid)
            ico = normalise_ico(item.get("ico"))
            if ico:
                self.provider_by_ico.setdefault(ico, pid)
            elif text_of(item.get("name")):
                self.provider_by_name.setdefault(norm(str(item["name"])), pid)

    def provider_item(self, pid: str) -> Any:
        """The provider entry of an id."""
        return next(
            (p for p in self.providers if isinstance(p, dict) and str(p.get("id")) == pid), None
        )

    # -- reading the registry ------------------------------------------------------------------
    def read_registry(self) -> dict[str, RegistryService]:
        """The records of the territory and of services.yaml, by identifier."""
        found: dict[str, RegistryService] = {}
        wanted = set(self.by_id)
        readable = 0
        for raw in iter_registry(self.registry):
            self.records += 1
            record = read_record(raw, self.today)
            if isinstance(record, str):
                label = f"item {self.records}"
                if isinstance(raw, dict) and raw.get("portalId") is not None:
                    label += f" (portalId {raw.get('portalId')})"
                self.unreadable.append(f"{label}: {record}")
                continue
            readable += 1
            if record.id not in wanted:
                _how, places = record.located()
                if not self.territory_set.intersection(places):
                    continue
            previous = found.get(record.id)
            # the file keeps history: a running record wins over an ended one of the same service
            if previous is not None and not previous.ended(self.today) and record.ended(self.today):
                continue
            found[record.id] = record
        if not readable:
            # an empty or foreign file would make every catalogued service look gone
            detail = f" ({self.unreadable[0]})" if self.unreadable else ""
            raise KpssError(
                _("no service record could be read from {file}{detail}; is it the registry's rpss.json?").format(
                    file=self.registry.name, detail=detail
                )
            )
        return found

    # -- mapping a record ----------------------------------------------------------------------
    def map_record(self, rec: RegistryService) -> Mapped:
        """The services.yaml values of a registry record, with what could not be mapped."""
        raw = rec.raw
        out = Mapped(problems=list(rec.problems))
        type_ref = ref_id(raw.get("druhSocialniSluzby"))
        if type_ref is None:
            out.fatal = _("the record names no service type (druhSocialniSluzby); a registered service needs one")
        else:
            resolved = self.lists.resolve("type", type_ref)
            out.type = resolved.code
            if resolved.code is None:
                out.fatal = _("{problem}; a registered service needs a type").format(
                    problem=resolved.fatal or resolved.problem or ""
                )
        capacity: dict[str, int | float] = {}
        for form in list_of(raw.get("formy")):
            if not isinstance(form, dict):
                continue
            form_ref = ref_id(form.get("forma"))
            if form_ref is not None:
                resolved = self.lists.resolve("form", form_ref)
                if resolved.code:
                    if resolved.code not in out.forms:
                        out.forms.append(resolved.code)
                else:
                    out.forms_partial = True
                    out.problems.append(resolved.problem or "")
            for cap in list_of(form.get("kapacity")):
                if not isinstance(cap, dict):
                    continue
                out.capacity_given = True
                cap_ref = ref_id(cap.get("typ"))
                number = as_number(cap.get("pocet"))
                if cap_ref is None:
                    out.capacity_partial = True
                    out.problems.append(_("a capacity has no type; left out"))
                    continue
                resolved = self.lists.resolve("capacity", cap_ref)
                if resolved.code is None:
                    out.capacity_partial = True
                    out.problems.append(resolved.problem or "")
                    continue
                if number is None:
                    out.capacity_partial = True
                    out.problems.append(
                        _("capacity {capacity} has no number ({value}); left out").format(
                            capacity=cap_ref, value=repr(cap.get("pocet"))
                        )
                    )
                    continue
                total = capacity.get(resolved.code, 0) + number
                capacity[resolved.code] = int(total) if float(total).is_integer() else total
        out.capacity = {k: capacity[k] for k in CAPACITY_KEYS if k in capacity}
        if not out.forms and out.fatal is None:
            out.fatal = _("no form of the service (formy) could be read; a registered service needs one")
        for item in list_of(raw.get("ciloveSkupiny")):
            ref = ref_id(item.get("cilovaSkupina") if isinstance(item, dict) else item)
            if ref is None:
                continue
            resolved = self.lists.resolve("target_group", ref)
            if resolved.code:
                if resolved.code not in out.target_groups:
                    out.target_groups.append(resolved.code)
            else:
                out.groups_partial = True
                out.problems.append(resolved.problem or "")
        # The contact of the service: its own e-mail, phone and web; the address of the facility
        # in the territory (where people go), else its contact address. Secret addresses never.
        located = [f for f in rec.facilities if f.municipality and not f.secret]
        local = [f for f in located if f.municipality in self.territory_set]
        address = None
        for facility in local + located:
            address = format_address(facility.address, self.names)
            if address:
                break
        if address is None:
            for item in list_of(raw.get("kontaktniAdresy")):
                address = format_address(
                    item.get("adresa") if isinstance(item, dict) else None, self.names
                )
                if address:
                    break
        contact = {
            "address": address,
            "web": contacts_of(raw.get("weby"), "web"),
            "email": contacts_of(raw.get("emaily"), "email"),
            "phone": contacts_of(raw.get("telefony"), "telefon"),
        }
        out.contact = {k: v for k, v in contact.items() if v}
        # The places of the service for citizens: its facilities in the territory (all of its
        # located facilities when none is), never a secret address (a shelter's, say).
        for facility in local or located:
            place_address = format_address(facility.address, self.names)
            if not place_address or any(p["address"] == place_address for p in out.places):
                continue
            place = {"name": facility.name} if facility.name else {}
            place.update(address=place_address, municipality=str(facility.municipality))
            out.places.append(place)
        named = [f.name for f in rec.facilities if f.name and f.municipality in self.territory_set]
        named += [f.name for f in rec.facilities if f.name]
        out.name = named[0] if named else None
        provider = raw.get("poskytovatel")
        if isinstance(provider, dict):
            ico_text = text_of(provider.get("ico"))
            ico = normalise_ico(ico_text)
            if ico_text and (ico is None or not ico_valid(ico)):
                out.problems.append(
                    _("the provider's IČO {ico} is not a valid IČO; the provider is matched by name").format(
                        ico=repr(ico_text)
                    )
                )
                ico = None
            data = ProviderData(
                ico=ico,
                name=text_of(provider.get("nazev")),
                web=contacts_of(provider.get("weby"), "web"),
                email=contacts_of(provider.get("emaily"), "email"),
                phone=contacts_of(provider.get("telefony"), "telefon"),
                address=format_address(provider.get("adresa"), self.names),
            )  # statutarniOrgany (people's names) is never read
            if data.ico or data.name:
                out.provider = data
        if out.provider is None and out.fatal is None:
            out.fatal = _("the record names no provider (poskytovatel with IČO or name)")
        if out.name is None and out.type and out.provider:
            # no facility name: "Pečovatelská služba – Oblastní charita Kyjov"
            kind = codes.label(codes.SERVICE_TYPE, out.type, "cs")  # a name in services.yaml, not a message
            who = out.provider.name or f"IČO {out.provider.ico}"
            out.name = f"{kind[:1].upper()}{kind[1:]} – {who}"
        out.problems = [p for p in out.problems if p]
        return out

    # -- providers -----------------------------------------------------------------------------
    def resolve_provider(self, data: ProviderData, current: str | None) -> str:
        """The provider id for the registry's provider: matched by IČO, by name, or created."""
        pid = None
        if data.ico:
            if current and self._ico_of(current) == data.ico:
                pid = current
            else:
                pid = self.provider_by_ico.get(data.ico)
        if pid is None and data.name:
            pid = self.provider_by_name.get(norm(data.name))
            if pid is not None and data.ico:
                # the same organisation written without its IČO: complete it
                self._fill(pid, {"ico": data.ico})
                self.provider_by_ico[data.ico] = pid
                self.provider_by_name.pop(norm(data.name), None)
        if pid is not None:
            self._fill(
                pid,
                {
                    "web": data.web,
                    "email": data.email,
                    "phone": data.phone,
                    "address": data.address,
                },
            )
            return pid
        from ruamel.yaml.comments import CommentedMap

        name = data.name or f"Poskytovatel IČO {data.ico}"
        pid = slug(name, self.provider_ids)
        item = CommentedMap()
        item["id"] = pid
        item["name"] = name
        if data.ico:
            item["ico"] = quoted(data.ico)
        for key in ("address", "web", "email", "phone"):
            value = getattr(data, key)
            if value:
                item[key] = yaml_scalar(value)
        insert_item(self.providers, len(self.providers), item, self.blank_lines)
        self.provider_ids.add(pid)
        if data.ico:
            self.provider_by_ico[data.ico] = pid
        else:
            self.provider_by_name[norm(name)] = pid
        self.provider_results[pid] = ProviderResult(
            pid,
            name,
            data.ico,
            "added",
            [FieldChange(k, None, plain_data(v)) for k, v in item.items() if k != "id"],
        )
        return pid

    def _ico_of(self, pid: str) -> str | None:
        item = self.provider_item(pid)
        return normalise_ico(item.get("ico")) if isinstance(item, dict) else None

    def _fill(self, pid: str, values: dict[str, str | None]) -> None:
        """Add the registry's values the coordinator has not written; never overwrite theirs."""
        item = self.provider_item(pid)
        if not isinstance(item, dict):
            return
        for key, value in values.items():
            if not value or text_of(item.get(key)):
                continue
            put(item, key, quoted(value) if key == "ico" else yaml_scalar(value), PROVIDER_KEY_ORDER)
            result = self.provider_results.get(pid)
            if result is None:
                result = self.provider_results[pid] = ProviderResult(
                    pid, str(item.get("name", pid)), normalise_ico(item.get("ico")), "updated"
                )
            if result.status == "updated":
                result.fields.append(FieldChange(key, None, value))
                result.ico = normalise_ico(item.get("ico"))

    # -- merging -------------------------------------------------------------------------------
    def new_service(self, rec: RegistryService, mapped: Mapped) -> tuple[Any, list[FieldChange]]:
        """A services.yaml entry for a registry service, and its fields for the report."""
        from ruamel.yaml.comments import CommentedMap

        assert mapped.provider is not None and mapped.type is not None
        item = CommentedMap()
        item["id"] = quoted(rec.id)
        item["name"] = mapped.name
        item["provider"] = self.resolve_provider(mapped.provider, None)
        item["type"] = mapped.type
        item["forms"] = flow(mapped.forms)
        if mapped.target_groups:
            item["target_groups"] = flow(mapped.target_groups)
        if mapped.capacity:
            capacity = CommentedMap()
            for key, value in mapped.capacity.items():
                capacity[key] = value
            item["capacity"] = capacity
        if mapped.contact:
            contact = CommentedMap()
            for key in CONTACT_KEYS:
                if key in mapped.contact:
                    contact[key] = yaml_scalar(mapped.contact[key])
            item["contact"] = contact
        if mapped.places:
            item["places"] = self._places(mapped.places)
        changes = [FieldChange(str(k), None, plain_data(v)) for k, v in item.items() if k != "id"]
        return item, changes

    def update_service(self, item: Any, mapped: Mapped) -> list[FieldChange]:
        """Update the registry's fields of an entry in place; the changes made."""
        from ruamel.yaml.comments import CommentedMap

        changes: list[FieldChange] = []
        assert mapped.provider is not None
        current = text_of(item.get("provider"))
        pid = self.resolve_provider(mapped.provider, current)
        if pid != current:
            changes.append(FieldChange("provider", current, pid))
            put(item, "provider", pid, SERVICE_KEY_ORDER)
        if not same_value(item.get("type"), mapped.type):
            changes.append(FieldChange("type", plain_data(item.get("type")), mapped.type))
            put(item, "type", mapped.type, SERVICE_KEY_ORDER)
        # An unmapped registry value may stand for a value the coordinator has:
        # then nothing is removed.
        self._update_list(item, "forms", mapped.forms, mapped.forms_partial, changes)
        if mapped.target_groups or mapped.groups_partial:
            self._update_list(
                item, "target_groups", mapped.target_groups, mapped.groups_partial, changes
            )
        if mapped.capacity_given:
            capacity = item.get("capacity")
            if not isinstance(capacity, dict):
                capacity = CommentedMap() if capacity is None else None
            if capacity is not None:
                for key in CAPACITY_KEYS:
                    old = capacity.get(key)
                    if key in mapped.capacity:
                        if old is None or not same_value(old, mapped.capacity[key]):
                            changes.append(
                                FieldChange(f"capacity.{key}", plain_data(old), mapped.capacity[key])
                            )
                            put(capacity, key, mapped.capacity[key], CAPACITY_KEYS)
                    elif key in capacity and not mapped.capacity_partial:
                        changes.append(FieldChange(f"capacity.{key}", plain_data(old), None))
                        del capacity[key]
                if "capacity" not in item and len(capacity):
                    put(item, "capacity", capacity, SERVICE_KEY_ORDER)
                elif "capacity" in item and not len(capacity):
                    del item["capacity"]
        if mapped.contact:
            contact = item.get("contact")
            if contact is None:
                contact = CommentedMap()
            if isinstance(contact, dict):
                for key in CONTACT_KEYS:
                    value = mapped.contact.get(key)
                    if value and not same_value(contact.get(key), value):
                        changes.append(
                            FieldChange(f"contact.{key}", plain_data(contact.get(key)), value)
                        )
                        put(contact, key, yaml_scalar(value), CONTACT_KEYS)
                if "contact" not in item and len(contact):
                    put(item, "contact", contact, SERVICE_KEY_ORDER)
        # The citizen fields are the coordinator's words: the registry's places fill a service
        # that has none, and never replace places the coordinator wrote.
        if mapped.places and "places" not in item:
            places = self._places(mapped.places)
            changes.append(FieldChange("places", None, plain_data(places)))
            put(item, "places", places, SERVICE_KEY_ORDER)
        return changes

    @staticmethod
    def _places(places: list[dict[str, str]]) -> Any:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        out = CommentedSeq()
        for place in places:
            entry = CommentedMap()
            for key in ("name", "address", "municipality"):
                if place.get(key):
                    entry[key] = quoted(place[key]) if key == "municipality" else yaml_scalar(place[key])
            out.append(entry)
        return out

    def _update_list(
        self, item: Any, key: str, new: list[str], partial: bool, changes: list[FieldChange]
    ) -> None:
        old = item.get(key)
        old_list = [str(v) for v in old] if isinstance(old, list) else []
        wanted = list(new)
        if partial:
            wanted = old_list + [v for v in new if v not in old_list]
        if isinstance(old, list) and set(old_list) == set(wanted):
            return
        changes.append(FieldChange(key, plain_data(old), wanted))
        if isinstance(old, list):
            for i in reversed(range(len(old))):
                if str(old[i]) not in wanted:
                    del old[i]
            for value in wanted:
                if value not in [str(v) for v in old]:
                    old.append(value)
        else:
            put(item, key, flow(wanted), SERVICE_KEY_ORDER)

    # -- the whole run -------------------------------------------------------------------------
    def run(self) -> ImportPlan:
        """Compute the whole import."""
        self.load_catalogue()
        records = self.read_registry()
        references = _references(self.baseline)
        results: list[ServiceResult] = []
        new_items: list[tuple[tuple[int, str, str], Any, ServiceResult]] = []
        type_rank = {code: i for i, code in enumerate(codes.SERVICE_TYPE)}
        matched: set[str] = set()

        for ident in sorted(records, key=lambda i: (i not in self.by_id, i)):
            rec = records[ident]
            item = self.by_id.get(ident)
            how, places = rec.located()
            local = [p for p in places if p in self.territory_set]
            result = ServiceResult(
                ident,
                None,
                "skipped",
                located_by=how if local else "catalogue",
                municipalities=local,
                facilities=sum(1 for f in rec.facilities if f.municipality in self.territory_set),
            )
            if item is not None and item.get("registered") is False:
                result.name = text_of(item.get("name"))
                result.reason = _(
                    "services.yaml has an unregistered service (registered: false) with this id; left alone"
                )
                results.append(result)
                matched.add(ident)
                continue
            if rec.ended(self.today):
                assert rec.end is not None
                if item is None:
                    result.name = next((f.name for f in rec.facilities if f.name), None)
                    result.ended = rec.end
                    result.reason = _("ended on {date}; not imported").format(date=czech.date(rec.end, space=" "))
                    results.append(result)
                continue  # a catalogued service that ended is reported as gone below
            matched.add(ident)
            mapped = self.map_record(rec)
            result.problems = mapped.problems
            result.type = mapped.type
            if mapped.fatal:
                result.name = text_of(item.get("name")) if item is not None else mapped.name
                result.reason = (
                    _("{reason}; the entry in services.yaml is left as it is").format(reason=mapped.fatal)
                    if item is not None
                    else mapped.fatal
                )
                results.append(result)
                continue
            if item is None:
                new_item, changes = self.new_service(rec, mapped)
                result.status, result.name, result.fields = "added", mapped.name, changes
                result.provider = str(new_item["provider"])
                assert mapped.type is not None
                new_items.append(
                    (
                        (type_rank.get(mapped.type, 999), fold(mapped.name or ""), ident),
                        new_item,
                        result,
                    )
                )
                results.append(result)
                continue
            result.name = text_of(item.get("name"))
            result.fields = self.update_service(item, mapped)
            result.provider = text_of(item.get("provider"))
            result.status = "updated" if result.fields else "unchanged"
            results.append(result)

        # New services in the order documents list them (by type, then name), each after the
        # last service of its group of the law (péče, prevence, poradenství), so sections stay.
        for _rank, new_item, _result in sorted(new_items, key=lambda t: t[0]):
            insert_item(
                self.services,
                self.insertion_point(str(new_item["type"])),
                new_item,
                self.blank_lines,
            )

        self.gone(records, matched, references, results)
        self.results = results
        self.note_unchecked()
        new_text = self.dump()
        plan = ImportPlan(
            root=self.root,
            registry=self.registry,
            territory=[(c, self.names.get(c, "")) for c in self.territory],
            services=sorted(results, key=lambda r: (STATUSES.index(r.status), r.id)),
            providers=list(self.provider_results.values()),
            records=self.records,
            unreadable=self.unreadable,
            notes=self.notes,
            old_text=self.old_text,
            new_text=new_text,
            prune=self.prune,
        )
        if plan.changed:
            plan.warnings = self.check(new_text)
        return plan

    def insertion_point(self, service_type: str) -> int:
        """Where a new service of this type goes in the services list."""
        group = codes.service_group(service_type)
        same = registered = -1
        for i, item in enumerate(self.services):
            if not isinstance(item, dict) or item.get("registered") is False:
                continue
            registered = i
            kind = item.get("type")
            if (
                isinstance(kind, str)
                and kind in codes.SERVICE_TYPE
                and codes.service_group(kind) == group
            ):
                same = i
        if same >= 0:
            return same + 1
        return registered + 1 if registered >= 0 else len(self.services)

    def gone(
        self,
        records: dict[str, RegistryService],
        matched: set[str],
        references: dict[str, list[tuple[str, str]]],
        results: list[ServiceResult],
    ) -> None:
        """Report (and with --prune remove) catalogued services the registry no longer runs."""
        to_delete: list[str] = []
        for ident, item in self.by_id.items():
            if (
                ident in matched
                or item.get("registered") is False
                or not SERVICE_ID_RE.match(ident)
            ):
                continue
            rec = records.get(ident)
            result = ServiceResult(
                ident,
                text_of(item.get("name")),
                "gone",
                provider=text_of(item.get("provider")),
                type=text_of(item.get("type")),
                located_by="catalogue",
            )
            if rec is not None and rec.end is not None:
                result.ended = rec.end
                result.reason = _("the registry lists it as ended on {date}").format(
                    date=czech.date(rec.end, space=" ")
                )
            else:
                result.reason = _("not in the registry file ({file})").format(file=self.registry.name)
            refs = references.get(ident, [])
            result.referenced_by = refs
            if self.prune:
                if refs:
                    where = "; ".join(_("plan {plan}, measure {measure}").format(plan=p, measure=m) for p, m in refs)
                    result.reason += "; " + _("kept because a measure refers to it ({where})").format(where=where)
                else:
                    result.status = "removed"
                    to_delete.append(ident)
            results.append(result)
        for ident in to_delete:
            index = next(
                i
                for i, s in enumerate(self.services)
                if isinstance(s, dict) and str(s.get("id")) == ident
            )
            delete_item(self.services, index)

    def note_unchecked(self) -> None:
        """Notes on services kpss cannot check and records it could not read."""
        odd = [
            i
            for i, item in self.by_id.items()
            if item.get("registered") is not False and not SERVICE_ID_RE.match(i)
        ]
        if odd:
            self.notes.append(
                ngettext(
                    "{n} service of services.yaml has no registry identifier (7 digits) and is left alone: "
                    "{ids}; mark it `registered: false` if it is not in the registry",
                    "{n} services of services.yaml have no registry identifier (7 digits) and are left alone: "
                    "{ids}; mark them `registered: false` if they are not in the registry",
                    len(odd),
                ).format(n=len(odd), ids=", ".join(odd[:10]) + (" …" if len(odd) > 10 else ""))
            )
        if self.unreadable:
            shown = "; ".join(self.unreadable[:5])
            left = len(self.unreadable) - 5
            more = "; " + ngettext("… and {n} more", "… and {n} more", left).format(n=left) if left > 0 else ""
            self.notes.append(
                ngettext(
                    "{n} record of the registry could not be read: {records}",
                    "{n} records of the registry could not be read: {records}",
                    len(self.unreadable),
                ).format(n=len(self.unreadable), records=shown + more)
            )

    def dump(self) -> str:
        """The new text of services.yaml."""
        from kpss_cli.yamledit import dump_roundtrip

        # An import that changes nothing leaves the file byte for byte as it is (the round trip
        # would normalise a few spellings such as `~` or `True`).
        touched = self.provider_results or any(
            r.status in ("added", "updated", "removed") for r in self.results
        )
        if self.old_text is not None and not touched:
            return self.old_text
        return dump_roundtrip(self.data, self.style)

    def check(self, new_text: str) -> list[Finding]:
        """Validate the repository with the new services.yaml; raise when it would be invalid."""
        from kpss_cli.repo import WorkingTree
        from kpss_cli.validate import validate_repository

        source = WorkingTree(self.root, overrides={SERVICES_FILE: new_text.encode("utf-8")})
        after = validate_repository(source=source)
        # lines move when services.yaml changes: compare findings by file, rule and message
        before = {(f.file, f.code, f.message) for f in self.baseline.findings}
        errors = [
            f
            for f in after.errors
            if f.file == SERVICES_FILE or (f.file, f.code, f.message) not in before
        ]
        if errors:
            shown = "\n".join(
                f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in errors[:10]
            )
            left = len(errors) - 10
            more = "\n  " + ngettext("… and {n} more", "… and {n} more", left).format(n=left) if left > 0 else ""
            raise ImportInvalid(
                _(
                    "the imported {file} would not be valid, so nothing was written "
                    "(fix what `kpss validate` reports, then import again):"
                ).format(file=SERVICES_FILE)
                + f"\n{shown}{more}",
                errors,
            )
        return [
            f
            for f in after.warnings
            if f.file == SERVICES_FILE and (f.file, f.code, f.message) not in before
        ]


def plan_import(
    root: Path,
    registry: Path,
    codes_dir: Path | None = None,
    municipalities: list[str] | None = None,
    prune: bool = False,
    today: dt.date | None = None,
) -> ImportPlan:
    """Compute the import of the registry file into services.yaml (writes nothing)."""
    from kpss_cli.validate import today as current_day

    if not registry.is_file():
        if registry.is_dir():
            raise KpssError(
                _("the registry file {file} is a folder; give the registry's JSON file (rpss.json)").format(
                    file=registry
                )
            )
        raise KpssError(_("the registry file {file} does not exist").format(file=registry))
    importer = _Importer(
        root, registry, codes_dir or registry.parent, municipalities, prune, today or current_day()
    )
    return importer.run()


def apply_import(plan: ImportPlan) -> bool:
    """Write the new services.yaml atomically when it changed; True when written."""
    from kpss_cli.yamledit import atomic_write

    if not plan.changed:
        return False
    try:
        atomic_write(plan.path, plan.new_text)
    except OSError as exc:  # a full disk, a read-only folder: the old services.yaml stays
        raise KpssError(
            _("cannot write {file}: {reason}; services.yaml was left as it was").format(
                file=plan.path, reason=exc.strerror or exc
            )
        ) from None
    return True
