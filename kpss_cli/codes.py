"""Code lists (docs/codes.md) with their Czech and English labels: the one source of truth.

The JSON Schemas in ``schemas/`` are generated from these tables (``python -m kpss_cli.schemagen``)
and a test keeps the two in step, so a code and its label can never drift apart.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    """One value of a code list."""

    code: str
    cs: str
    en: str
    extra: str = ""  # e.g. the paragraph of law 108/2006 Sb. for service types


def _table(rows: list[tuple[str, ...]]) -> dict[str, Code]:
    return {row[0]: Code(*row) for row in rows}


# (code, Czech label, English label, paragraph)
SERVICE_TYPE = _table([
    ("odborne_socialni_poradenstvi", "odborné sociální poradenství", "professional social counselling", "37"),
    ("osobni_asistence", "osobní asistence", "personal assistance", "39"),
    ("pecovatelska_sluzba", "pečovatelská služba", "home care service", "40"),
    ("tisnova_pece", "tísňová péče", "emergency care", "41"),
    ("pruvodcovske_a_predcitatelske_sluzby", "průvodcovské a předčitatelské služby", "guide and reading services", "42"),
    ("podpora_samostatneho_bydleni", "podpora samostatného bydlení", "supported independent living", "43"),
    ("odlehcovaci_sluzby", "odlehčovací služby", "respite care", "44"),
    ("centra_dennich_sluzeb", "centra denních služeb", "day service centres", "45"),
    ("denni_stacionare", "denní stacionáře", "day care centres", "46"),
    ("tydenni_stacionare", "týdenní stacionáře", "weekly care centres", "47"),
    ("domovy_pro_osoby_se_zdravotnim_postizenim", "domovy pro osoby se zdravotním postižením", "homes for people with disabilities", "48"),
    ("domovy_pro_seniory", "domovy pro seniory", "homes for the elderly", "49"),
    ("domovy_se_zvlastnim_rezimem", "domovy se zvláštním režimem", "homes with a special regime", "50"),
    ("chranene_bydleni", "chráněné bydlení", "sheltered housing", "51"),
    ("socialni_sluzby_ve_zdravotnickych_zarizenich", "sociální služby poskytované ve zdravotnických zařízeních lůžkové péče", "social services in inpatient healthcare facilities", "52"),
    ("rana_pece", "raná péče", "early intervention", "54"),
    ("telefonicka_krizova_pomoc", "telefonická krizová pomoc", "crisis helpline", "55"),
    ("tlumocnicke_sluzby", "tlumočnické služby", "interpreting services", "56"),
    ("azylove_domy", "azylové domy", "shelters", "57"),
    ("domy_na_pul_cesty", "domy na půl cesty", "halfway houses", "58"),
    ("kontaktni_centra", "kontaktní centra", "contact centres", "59"),
    ("krizova_pomoc", "krizová pomoc", "crisis assistance", "60"),
    ("intervencni_centra", "intervenční centra", "intervention centres", "60a"),
    ("nizkoprahova_denni_centra", "nízkoprahová denní centra", "low-threshold day centres", "61"),
    ("nizkoprahova_zarizeni_pro_deti_a_mladez", "nízkoprahová zařízení pro děti a mládež", "low-threshold facilities for children and youth", "62"),
    ("nocleharny", "noclehárny", "night shelters", "63"),
    ("sluzby_nasledne_pece", "služby následné péče", "aftercare services", "64"),
    ("sas_pro_rodiny_s_detmi", "sociálně aktivizační služby pro rodiny s dětmi", "social activation services for families with children", "65"),
    ("sas_pro_seniory_a_osoby_se_zdravotnim_postizenim", "sociálně aktivizační služby pro seniory a osoby se zdravotním postižením", "social activation services for the elderly and people with disabilities", "66"),
    ("socialne_terapeuticke_dilny", "sociálně terapeutické dílny", "social therapy workshops", "67"),
    ("terapeuticke_komunity", "terapeutické komunity", "therapeutic communities", "68"),
    ("terenni_programy", "terénní programy", "outreach programmes", "69"),
    ("socialni_rehabilitace", "sociální rehabilitace", "social rehabilitation", "70"),
    ("centra_dusevniho_zdravi", "centra duševního zdraví", "mental health centres", ""),
])

# The three groups of law 108/2006 Sb. that documents order services by.
SERVICE_GROUP = _table([
    ("poradenstvi", "sociální poradenství", "social counselling", "37"),
    ("pece", "služby sociální péče", "social care services", "38–52"),
    ("prevence", "služby sociální prevence", "social prevention services", "53–70"),
])


def service_group(service_type: str) -> str:
    """The law's group (poradenstvi, pece, prevence) of a service type code."""
    paragraph = SERVICE_TYPE[service_type].extra
    if paragraph == "37":
        return "poradenstvi"
    number = int(paragraph.rstrip("a")) if paragraph else 70
    return "pece" if number <= 52 else "prevence"


SERVICE_FORM = _table([
    ("ambulantni", "ambulantní", "outpatient"),
    ("terenni", "terénní", "field"),
    ("pobytova", "pobytová", "residential"),
])

TARGET_GROUP = _table([
    ("seniori", "senioři", "seniors"),
    ("osoby_se_zdravotnim_postizenim", "osoby se zdravotním postižením", "people with disabilities"),
    ("osoby_s_telesnym_postizenim", "osoby s tělesným postižením", "people with physical disabilities"),
    ("osoby_s_mentalnim_postizenim", "osoby s mentálním postižením", "people with intellectual disabilities"),
    ("osoby_se_zrakovym_postizenim", "osoby se zrakovým postižením", "people with visual impairment"),
    ("osoby_se_sluchovym_postizenim", "osoby se sluchovým postižením", "people with hearing impairment"),
    ("osoby_s_kombinovanym_postizenim", "osoby s kombinovaným postižením", "people with multiple disabilities"),
    ("osoby_s_jinym_zdravotnim_postizenim", "osoby s jiným zdravotním postižením", "people with other health disabilities"),
    ("osoby_s_chronickym_onemocnenim", "osoby s chronickým onemocněním", "people with chronic illness"),
    ("osoby_s_chronickym_dusevnim_onemocnenim", "osoby s chronickým duševním onemocněním", "people with chronic mental illness"),
    ("osoby_zijici_s_demenci", "osoby žijící s demencí", "people living with dementia"),
    ("osoby_s_potrebou_paliativni_pece", "osoby s potřebou paliativní péče", "people in need of palliative care"),
    ("pecujici_osoby", "pečující osoby", "carers"),
    ("rodiny_s_detmi", "rodiny s dítětem/dětmi", "families with children"),
    ("deti_a_mladez_ohrozene", "děti a mládež ve věku od 6 do 26 let ohrožené společensky nežádoucími jevy", "children and young people aged 6–26 at risk"),
    ("osoby_do_26_let_opoustejici_zarizeni", "osoby do 26 let věku opouštějící školská zařízení pro výkon ústavní péče", "young people under 26 leaving institutional care"),
    ("osoby_ohrozene_socialnim_vyloucenim", "osoby ohrožené sociálním vyloučením", "people at risk of social exclusion"),
    ("osoby_zijici_v_socialne_vyloucenych_lokalitach", "osoby žijící v sociálně vyloučených lokalitách", "people living in socially excluded localities"),
    ("osoby_bez_pristresi", "osoby bez přístřeší", "homeless people"),
    ("osoby_v_krizi", "osoby v krizi", "people in crisis"),
    ("obeti_domaciho_nasili", "oběti domácího násilí", "victims of domestic violence"),
    ("obeti_obchodu_s_lidmi", "oběti obchodu s lidmi", "victims of human trafficking"),
    ("obeti_trestne_cinnosti", "oběti trestné činnosti", "victims of crime"),
    ("osoby_komercne_zneuzivane", "osoby komerčně zneužívané", "commercially exploited people"),
    ("osoby_ohrozene_zavislosti", "osoby ohrožené závislostí nebo závislé na návykových látkách", "people at risk of or with addiction"),
    ("osoby_vedouci_rizikovy_zpusob_zivota", "osoby, které vedou rizikový způsob života nebo jsou jím ohroženy", "people leading or at risk of a risky lifestyle"),
    ("pachatele_trestne_cinnosti", "pachatelé trestné činnosti", "offenders"),
    ("etnicke_mensiny", "etnické menšiny", "ethnic minorities"),
    ("imigranti_a_azylanti", "imigranti a azylanti", "immigrants and asylum seekers"),
    ("verejnost", "veřejnost", "general public"),
])

FUNDING_SOURCE = _table([
    ("mpsv", "dotace MPSV (přes kraj, §101a)", "MPSV grant (through the region, §101a)"),
    ("kraj", "kraj (vlastní zdroje, dotační programy)", "region (own funds, grant programmes)"),
    ("obce", "obce (město a obce území)", "municipalities"),
    ("uhrady", "úhrady uživatelů", "user payments"),
    ("zdravotni_pojistovny", "zdravotní pojišťovny", "health insurance companies"),
    ("up", "Úřad práce ČR (příspěvky)", "Labour Office (allowances)"),
    ("esf", "ESF+ / OPZ+ (projekty EU)", "ESF+ / OPZ+ (EU projects)"),
    ("eu_jine", "jiné evropské zdroje (IROP …)", "other EU funds (IROP …)"),
    ("nadace_a_dary", "nadace, sponzorské dary", "foundations, donations"),
    ("vlastni", "vlastní zdroje poskytovatele", "provider's own funds"),
    ("jine", "jiné", "other"),
])

TERRITORY_KIND = _table([
    ("obec", "obec", "municipality"),
    ("orp", "správní obvod ORP", "ORP administrative district"),
    ("svazek_obci", "svazek obcí / mikroregion", "union of municipalities"),
    ("mas", "místní akční skupina", "local action group"),
    ("kraj", "kraj", "region"),
])

LEGAL_FORM = _table([
    ("spolek", "spolek", "association"),
    ("obecne_prospesna_spolecnost", "o. p. s.", "public benefit company"),
    ("ustav", "ústav", "institute"),
    ("cirkevni_pravnicka_osoba", "církevní právnická osoba", "church legal entity"),
    ("prispevkova_organizace", "příspěvková organizace", "municipal/regional organisation"),
    ("obec", "obec", "municipality"),
    ("kraj", "kraj", "region"),
    ("obchodni_spolecnost", "obchodní společnost", "company"),
    ("nadace", "nadace", "foundation"),
    ("fyzicka_osoba", "fyzická osoba", "natural person"),
    ("jine", "jiné", "other"),
])

TRIAD_ROLE = _table([
    ("uzivatel", "uživatel", "user"),
    ("poskytovatel", "poskytovatel", "provider"),
    ("zadavatel", "zadavatel", "commissioner"),
    ("verejnost", "veřejnost", "public"),
])

GROUP_KIND = _table([
    ("steering", "řídicí skupina", "steering group"),
    ("working", "pracovní skupina", "working group"),
    ("team", "realizační tým", "implementation team"),
])

PLAN_STATUS = _table([
    ("draft", "návrh", "draft"),
    ("approved", "schváleno", "approved"),
    ("archived", "archivováno", "archived"),
])

MEASURE_KIND = _table([
    ("maintain", "udržení", "maintain"),
    ("develop", "rozvoj", "develop"),
    ("new", "nová služba / aktivita", "new service / activity"),
    ("support", "podpůrné opatření", "support measure"),
])

INDICATOR_KIND = _table([
    ("at_least", "alespoň (více je lépe)", "at least (more is better)"),
    ("at_most", "nejvýše (méně je lépe)", "at most (less is better)"),
    ("boolean", "ano/ne", "yes/no"),
])

AGGREGATE = _table([
    ("last", "poslední hodnota", "last value"),
    ("sum", "součet let", "sum of the years"),
    ("max", "nejvyšší hodnota", "maximum"),
])

RESULT_STATUS = _table([
    ("fulfilled", "splněno", "fulfilled"),
    ("partially_fulfilled", "částečně splněno", "partially fulfilled"),
    ("not_fulfilled", "nesplněno", "not fulfilled"),
    ("ongoing", "průběžně plněno", "ongoing"),
    ("not_started", "nezahájeno", "not started"),
    ("cancelled", "zrušeno (s odůvodněním)", "cancelled"),
])

# The level of a network of services a service is in (docs/network.md).
NETWORK_LEVEL = _table([
    ("kraj", "síť sociálních služeb kraje", "regional network of social services"),
    ("obec", "obecní (minimální) síť", "municipal (minimum) network"),
])

# How the money of the municipalities (funding source ``obce``) is split among them (docs/finance.md).
COFINANCING_KEY = _table([
    ("per_capita", "podle počtu obyvatel", "per capita"),
    ("equal", "rovným dílem", "in equal parts"),
    ("shares", "podle sjednaných podílů", "by agreed shares"),
])

# Participation (docs/participation.md): how a comment on a draft plan was settled.
COMMENT_DECISION = _table([
    ("accepted", "akceptováno", "accepted"),
    ("partly_accepted", "částečně akceptováno", "partly accepted"),
    ("rejected", "neakceptováno", "rejected"),
    ("noted", "bere se na vědomí", "noted"),
])

# Who made a comment: a role of the triad, or an organisation speaking for itself.
COMMENTER_KIND = _table([
    *((c.code, c.cs, c.en) for c in TRIAD_ROLE.values()),
    ("organisation", "organizace", "organisation"),
])

# Revision 2: the citizen's way into the catalogue (services' life_situations and payment).
LIFE_SITUATION = _table([
    ("pece_o_blizkeho", "péče o blízkého člověka", "caring for someone close"),
    ("stari_a_sobestacnost", "stáří a ztráta soběstačnosti", "old age and loss of self-sufficiency"),
    ("zdravotni_postizeni", "zdravotní postižení", "disability"),
    ("dusevni_onemocneni", "duševní onemocnění", "mental illness"),
    ("demence", "demence", "dementia"),
    ("rodina_a_deti", "rodina a výchova dětí", "family and raising children"),
    ("ohrozene_dite", "ohrožené dítě, mládež v obtížích", "children at risk, young people in difficulty"),
    ("dluhy", "dluhy a finanční tíseň", "debt and financial hardship"),
    ("ztrata_bydleni", "ztráta bydlení, bezdomovectví", "losing one's home, homelessness"),
    ("domaci_nasili", "domácí násilí", "domestic violence"),
    ("krize", "krizová situace, trauma", "crisis, trauma"),
    ("zavislost", "závislost", "addiction"),
    ("propusteni_z_vykonu_trestu", "návrat z výkonu trestu, z ústavní péče", "return from prison or institutional care"),
    ("zamestnani", "ztráta zaměstnání", "losing one's job"),
    ("ostatni", "jiná životní situace", "other life situation"),
])

PAYMENT = _table([
    ("free", "bez úhrady", "free of charge"),
    ("paid", "za úhradu", "paid"),
    ("partly_paid", "část úkonů za úhradu", "partly paid"),
])

# Computed only (docs/format.md: never written in a result).
COMPUTED_STATUS = _table([("not_evaluated", "nevyhodnoceno", "not evaluated")])

# Every list by its name in docs/codes.md; the schemas refer to them as #/$defs/<name>.
CODE_LISTS: dict[str, dict[str, Code]] = {
    "service_type": SERVICE_TYPE,
    "service_form": SERVICE_FORM,
    "target_group": TARGET_GROUP,
    "funding_source": FUNDING_SOURCE,
    "territory_kind": TERRITORY_KIND,
    "legal_form": LEGAL_FORM,
    "triad_role": TRIAD_ROLE,
    "group_kind": GROUP_KIND,
    "plan_status": PLAN_STATUS,
    "measure_kind": MEASURE_KIND,
    "indicator_kind": INDICATOR_KIND,
    "aggregate": AGGREGATE,
    "result_status": RESULT_STATUS,
    "network_level": NETWORK_LEVEL,
    "cofinancing_key": COFINANCING_KEY,
    "comment_decision": COMMENT_DECISION,
    "commenter_kind": COMMENTER_KIND,
    "life_situation": LIFE_SITUATION,
    "payment": PAYMENT,
}

ALL_STATUSES: dict[str, Code] = {**RESULT_STATUS, **COMPUTED_STATUS}


def label(table: dict[str, Code], code: str, lang: str | None = None) -> str:
    """The label of a code in ``lang`` (default: the language of the run); the code when unknown."""
    entry = table.get(code)
    if entry is None:
        return code
    if lang is None:
        from kpss_cli.i18n import language

        lang = language()
    return entry.cs if lang == "cs" else entry.en


def markdown() -> str:
    """docs/codes.md: every code list with its labels."""
    out = [
        "# Code lists\n\n",
        "Generated from `kpss_cli/codes.py` by `python -m kpss_cli.schemagen` (the one source of truth: the\n"
        "JSON Schemas are generated from the same tables, and a test keeps all three in step).\n",
    ]
    for name, table in CODE_LISTS.items():
        out.append(f"\n## {name}\n\n| code | Czech | English |\n|---|---|---|\n")
        for c in table.values():
            extra = f" (§{c.extra})" if name == "service_type" and c.extra else ""
            out.append(f"| `{c.code}` | {c.cs}{extra} | {c.en} |\n")
    return "".join(out)
