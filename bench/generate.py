#!/usr/bin/env python3
"""Deterministic generator of a large, valid "national-scale" kpss plan repository.

Used by the benchmarks (validate, diff, rollover, report, render on big input).

    python bench/generate.py OUT_DIR [--scale N] [--seed S] [--git]
                             [--services N] [--measures N] [--no-network]

Scale 1 gives 800 providers, 6,733 services, 10 groups, four three-year plans
(2014–2016 … 2023–2025) of 8 priorities and 200 measures each (3 indicators of
mixed kinds with baseline, target and yearly targets; 2–3 activities; budgets per
year from 2–4 funding sources; most measures of a later plan `continues` one of
the previous plan), and twelve approved and evaluated action plans (one per year):
about 3.8 MB of YAML. Scale N multiplies providers, services and measures per plan
by N; the four periods and twelve action plans stay. Scale 4 (about 15 MB) takes
about a second.

``--services N`` and ``--measures N`` size the catalogue and the plans apart from the scale
(providers follow the services, 800 per 6,733; measures are rounded up to a multiple of 32, the
four plans' priorities), and ``--no-network`` leaves out the network entries of the services
(which double the size of a service): bench/bench_resources.py uses them for the biggest
repositories a file limit of 20 MB allows.

With ``--git`` OUT_DIR also becomes a git repository with two commits: the
generated repository, then a realistic change set made by :func:`mutate`
(20 indicator targets, 5 measure titles, 10 services deleted together with their
references, 5 services added, 15 measure budgets, 10 evaluated items of one action
plan).

Only the standard library is used: the YAML text is written by hand, so the
generator is fast and has no dependency. Style: block mappings, sequences not
indented under their key, short maps and lists of scalars in flow style
(``budget: {mpsv: 100, obce: 20}``), long lists of scalars (a measure's services)
as flow sequences wrapped at 100 columns; every id, date and free text
double-quoted (a JSON string is a valid YAML double-quoted scalar), code-list
values, numbers and booleans plain. The same scale and seed give the same bytes;
the git commits use fixed authors and dates, so even the commit ids repeat.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import re
import subprocess
import sys
import time
import unicodedata

# ---------------------------------------------------------------------------
# Code lists (as in docs/codes.md)
# ---------------------------------------------------------------------------


class Code(str):
    """A code-list value: written as a plain YAML scalar (all codes are [a-z_]+)."""

    __slots__ = ()


def _codes(*names: str) -> dict[str, Code]:
    return {n: Code(n) for n in names}


# code -> (Czech label, genitive used in titles)
SERVICE_TYPES: dict[str, tuple[str, str]] = {
    "odborne_socialni_poradenstvi": (
        "odborné sociální poradenství",
        "odborného sociálního poradenství",
    ),
    "osobni_asistence": ("osobní asistence", "osobní asistence"),
    "pecovatelska_sluzba": ("pečovatelská služba", "pečovatelské služby"),
    "tisnova_pece": ("tísňová péče", "tísňové péče"),
    "pruvodcovske_a_predcitatelske_sluzby": (
        "průvodcovské a předčitatelské služby",
        "průvodcovských a předčitatelských služeb",
    ),
    "podpora_samostatneho_bydleni": (
        "podpora samostatného bydlení",
        "podpory samostatného bydlení",
    ),
    "odlehcovaci_sluzby": ("odlehčovací služby", "odlehčovacích služeb"),
    "centra_dennich_sluzeb": ("centrum denních služeb", "centra denních služeb"),
    "denni_stacionare": ("denní stacionář", "denního stacionáře"),
    "tydenni_stacionare": ("týdenní stacionář", "týdenního stacionáře"),
    "domovy_pro_osoby_se_zdravotnim_postizenim": (
        "domov pro osoby se zdravotním postižením",
        "domova pro osoby se zdravotním postižením",
    ),
    "domovy_pro_seniory": ("domov pro seniory", "domova pro seniory"),
    "domovy_se_zvlastnim_rezimem": ("domov se zvláštním režimem", "domova se zvláštním režimem"),
    "chranene_bydleni": ("chráněné bydlení", "chráněného bydlení"),
    "socialni_sluzby_ve_zdravotnickych_zarizenich": (
        "sociální služby ve zdravotnickém zařízení lůžkové péče",
        "sociálních služeb ve zdravotnických zařízeních lůžkové péče",
    ),
    "rana_pece": ("raná péče", "rané péče"),
    "telefonicka_krizova_pomoc": ("telefonická krizová pomoc", "telefonické krizové pomoci"),
    "tlumocnicke_sluzby": ("tlumočnické služby", "tlumočnických služeb"),
    "azylove_domy": ("azylový dům", "azylového domu"),
    "domy_na_pul_cesty": ("dům na půl cesty", "domu na půl cesty"),
    "kontaktni_centra": ("kontaktní centrum", "kontaktního centra"),
    "krizova_pomoc": ("krizová pomoc", "krizové pomoci"),
    "intervencni_centra": ("intervenční centrum", "intervenčního centra"),
    "nizkoprahova_denni_centra": ("nízkoprahové denní centrum", "nízkoprahového denního centra"),
    "nizkoprahova_zarizeni_pro_deti_a_mladez": (
        "nízkoprahové zařízení pro děti a mládež",
        "nízkoprahového zařízení pro děti a mládež",
    ),
    "nocleharny": ("noclehárna", "noclehárny"),
    "sluzby_nasledne_pece": ("služby následné péče", "služeb následné péče"),
    "sas_pro_rodiny_s_detmi": (
        "sociálně aktivizační služby pro rodiny s dětmi",
        "sociálně aktivizačních služeb pro rodiny s dětmi",
    ),
    "sas_pro_seniory_a_osoby_se_zdravotnim_postizenim": (
        "sociálně aktivizační služby pro seniory a osoby se zdravotním postižením",
        "sociálně aktivizačních služeb pro seniory a osoby se zdravotním postižením",
    ),
    "socialne_terapeuticke_dilny": ("sociálně terapeutická dílna", "sociálně terapeutické dílny"),
    "terapeuticke_komunity": ("terapeutická komunita", "terapeutické komunity"),
    "terenni_programy": ("terénní programy", "terénních programů"),
    "socialni_rehabilitace": ("sociální rehabilitace", "sociální rehabilitace"),
    "centra_dusevniho_zdravi": ("centrum duševního zdraví", "centra duševního zdraví"),
}
ST = {k: Code(k) for k in SERVICE_TYPES}

SERVICE_FORMS = _codes("ambulantni", "terenni", "pobytova")
TARGET_GROUPS = _codes(
    "seniori",
    "osoby_se_zdravotnim_postizenim",
    "osoby_s_telesnym_postizenim",
    "osoby_s_mentalnim_postizenim",
    "osoby_se_zrakovym_postizenim",
    "osoby_se_sluchovym_postizenim",
    "osoby_s_kombinovanym_postizenim",
    "osoby_s_jinym_zdravotnim_postizenim",
    "osoby_s_chronickym_onemocnenim",
    "osoby_s_chronickym_dusevnim_onemocnenim",
    "osoby_zijici_s_demenci",
    "osoby_s_potrebou_paliativni_pece",
    "pecujici_osoby",
    "rodiny_s_detmi",
    "deti_a_mladez_ohrozene",
    "osoby_do_26_let_opoustejici_zarizeni",
    "osoby_ohrozene_socialnim_vyloucenim",
    "osoby_zijici_v_socialne_vyloucenych_lokalitach",
    "osoby_bez_pristresi",
    "osoby_v_krizi",
    "obeti_domaciho_nasili",
    "obeti_obchodu_s_lidmi",
    "obeti_trestne_cinnosti",
    "osoby_komercne_zneuzivane",
    "osoby_ohrozene_zavislosti",
    "osoby_vedouci_rizikovy_zpusob_zivota",
    "pachatele_trestne_cinnosti",
    "etnicke_mensiny",
    "imigranti_a_azylanti",
    "verejnost",
)
FUNDING_SOURCES = _codes(
    "mpsv",
    "kraj",
    "obce",
    "uhrady",
    "zdravotni_pojistovny",
    "up",
    "esf",
    "eu_jine",
    "nadace_a_dary",
    "vlastni",
    "jine",
)
TERRITORY_KINDS = _codes("obec", "orp", "svazek_obci", "mas", "kraj")
LEGAL_FORMS = _codes(
    "spolek",
    "obecne_prospesna_spolecnost",
    "ustav",
    "cirkevni_pravnicka_osoba",
    "prispevkova_organizace",
    "obec",
    "kraj",
    "obchodni_spolecnost",
    "nadace",
    "fyzicka_osoba",
    "jine",
)
TRIAD_ROLES = _codes("uzivatel", "poskytovatel", "zadavatel", "verejnost")
GROUP_KINDS = _codes("steering", "working", "team")
PLAN_STATUSES = _codes("draft", "approved", "archived")
MEASURE_KINDS = _codes("maintain", "develop", "new", "support")
INDICATOR_KINDS = _codes("at_least", "at_most", "boolean")
AGGREGATES = _codes("last", "sum", "max")
RESULT_STATUSES = _codes(  # `not_evaluated` is computed only, never written
    "fulfilled",
    "partially_fulfilled",
    "not_fulfilled",
    "ongoing",
    "not_started",
    "cancelled",
)

TG = TARGET_GROUPS
FS = FUNDING_SOURCES

# Allowed forms per service type (registry practice).
FORMS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "odborne_socialni_poradenstvi": ("ambulantni", "terenni"),
    "osobni_asistence": ("terenni",),
    "pecovatelska_sluzba": ("terenni", "ambulantni"),
    "tisnova_pece": ("terenni",),
    "pruvodcovske_a_predcitatelske_sluzby": ("ambulantni", "terenni"),
    "podpora_samostatneho_bydleni": ("terenni",),
    "odlehcovaci_sluzby": ("pobytova", "terenni", "ambulantni"),
    "centra_dennich_sluzeb": ("ambulantni",),
    "denni_stacionare": ("ambulantni",),
    "tydenni_stacionare": ("pobytova",),
    "domovy_pro_osoby_se_zdravotnim_postizenim": ("pobytova",),
    "domovy_pro_seniory": ("pobytova",),
    "domovy_se_zvlastnim_rezimem": ("pobytova",),
    "chranene_bydleni": ("pobytova",),
    "socialni_sluzby_ve_zdravotnickych_zarizenich": ("pobytova",),
    "rana_pece": ("terenni", "ambulantni"),
    "telefonicka_krizova_pomoc": ("terenni",),
    "tlumocnicke_sluzby": ("terenni", "ambulantni"),
    "azylove_domy": ("pobytova",),
    "domy_na_pul_cesty": ("pobytova",),
    "kontaktni_centra": ("ambulantni", "terenni"),
    "krizova_pomoc": ("ambulantni", "terenni", "pobytova"),
    "intervencni_centra": ("ambulantni", "terenni", "pobytova"),
    "nizkoprahova_denni_centra": ("ambulantni",),
    "nizkoprahova_zarizeni_pro_deti_a_mladez": ("ambulantni", "terenni"),
    "nocleharny": ("ambulantni",),
    "sluzby_nasledne_pece": ("ambulantni", "pobytova", "terenni"),
    "sas_pro_rodiny_s_detmi": ("terenni", "ambulantni"),
    "sas_pro_seniory_a_osoby_se_zdravotnim_postizenim": ("ambulantni", "terenni"),
    "socialne_terapeuticke_dilny": ("ambulantni",),
    "terapeuticke_komunity": ("pobytova",),
    "terenni_programy": ("terenni",),
    "socialni_rehabilitace": ("ambulantni", "terenni", "pobytova"),
    "centra_dusevniho_zdravi": ("ambulantni", "terenni"),
}

# The eight priorities (one per working group; the last one is the system priority).
THEMES: list[dict] = [
    {
        "title": "Senioři",
        "long": "Podpora seniorů a pečujících osob v přirozeném prostředí",
        "group": "ps-seniori",
        "group_name": "Pracovní skupina Senioři",
        "tg": ["seniori", "osoby_zijici_s_demenci", "pecujici_osoby"],
        "types": [
            "pecovatelska_sluzba",
            "domovy_pro_seniory",
            "domovy_se_zvlastnim_rezimem",
            "odlehcovaci_sluzby",
            "denni_stacionare",
            "tisnova_pece",
            "sas_pro_seniory_a_osoby_se_zdravotnim_postizenim",
            "osobni_asistence",
        ],
    },
    {
        "title": "Osoby se zdravotním postižením",
        "long": "Samostatný život osob se zdravotním postižením",
        "group": "ps-ozp",
        "group_name": "Pracovní skupina Osoby se zdravotním postižením",
        "tg": [
            "osoby_se_zdravotnim_postizenim",
            "osoby_s_telesnym_postizenim",
            "osoby_s_mentalnim_postizenim",
            "osoby_s_kombinovanym_postizenim",
            "osoby_se_zrakovym_postizenim",
            "osoby_se_sluchovym_postizenim",
        ],
        "types": [
            "osobni_asistence",
            "chranene_bydleni",
            "podpora_samostatneho_bydleni",
            "domovy_pro_osoby_se_zdravotnim_postizenim",
            "socialne_terapeuticke_dilny",
            "socialni_rehabilitace",
            "tlumocnicke_sluzby",
            "pruvodcovske_a_predcitatelske_sluzby",
            "tydenni_stacionare",
            "centra_dennich_sluzeb",
        ],
    },
    {
        "title": "Rodina, děti a mládež",
        "long": "Podpora rodin s dětmi a ohrožených dětí a mládeže",
        "group": "ps-rodina",
        "group_name": "Pracovní skupina Rodina, děti a mládež",
        "tg": ["rodiny_s_detmi", "deti_a_mladez_ohrozene", "osoby_do_26_let_opoustejici_zarizeni"],
        "types": [
            "rana_pece",
            "sas_pro_rodiny_s_detmi",
            "nizkoprahova_zarizeni_pro_deti_a_mladez",
            "odborne_socialni_poradenstvi",
        ],
    },
    {
        "title": "Osoby ohrožené sociálním vyloučením",
        "long": "Sociální začleňování osob v nepříznivé sociální situaci",
        "group": "ps-vylouceni",
        "group_name": "Pracovní skupina Osoby ohrožené sociálním vyloučením",
        "tg": [
            "osoby_ohrozene_socialnim_vyloucenim",
            "osoby_bez_pristresi",
            "osoby_zijici_v_socialne_vyloucenych_lokalitach",
            "osoby_v_krizi",
            "obeti_domaciho_nasili",
        ],
        "types": [
            "azylove_domy",
            "nocleharny",
            "nizkoprahova_denni_centra",
            "terenni_programy",
            "domy_na_pul_cesty",
            "krizova_pomoc",
            "intervencni_centra",
            "telefonicka_krizova_pomoc",
        ],
    },
    {
        "title": "Osoby ohrožené závislostí",
        "long": "Prevence a snižování rizik užívání návykových látek",
        "group": "ps-zavislosti",
        "group_name": "Pracovní skupina Závislosti a rizikové chování",
        "tg": ["osoby_ohrozene_zavislosti", "osoby_vedouci_rizikovy_zpusob_zivota"],
        "types": [
            "kontaktni_centra",
            "terapeuticke_komunity",
            "terenni_programy",
            "sluzby_nasledne_pece",
        ],
    },
    {
        "title": "Osoby s duševním onemocněním",
        "long": "Reforma péče o duševní zdraví v komunitě",
        "group": "ps-dusevni-zdravi",
        "group_name": "Pracovní skupina Duševní zdraví",
        "tg": ["osoby_s_chronickym_dusevnim_onemocnenim", "osoby_s_chronickym_onemocnenim"],
        "types": [
            "centra_dusevniho_zdravi",
            "socialni_rehabilitace",
            "sluzby_nasledne_pece",
            "podpora_samostatneho_bydleni",
            "chranene_bydleni",
        ],
    },
    {
        "title": "Zdravotně-sociální pomezí a paliativní péče",
        "long": "Propojení sociálních a zdravotních služeb a péče v závěru života",
        "group": "ps-pomezi",
        "group_name": "Pracovní skupina Zdravotně-sociální pomezí",
        "tg": ["osoby_s_potrebou_paliativni_pece", "osoby_s_chronickym_onemocnenim", "seniori"],
        "types": [
            "socialni_sluzby_ve_zdravotnickych_zarizenich",
            "odlehcovaci_sluzby",
            "domovy_se_zvlastnim_rezimem",
        ],
    },
    {
        "title": "Systémová opatření, informovanost a financování",
        "long": "Udržitelný systém plánování a financování sociálních služeb",
        "group": "rs",
        "group_name": "Řídicí skupina komunitního plánování",
        "tg": ["verejnost"],
        "types": ["odborne_socialni_poradenstvi"],
        "system": True,
    },
]

TOWNS = [
    "Brno",
    "Kyjov",
    "Hodonín",
    "Břeclav",
    "Znojmo",
    "Vyškov",
    "Blansko",
    "Boskovice",
    "Tišnov",
    "Kuřim",
    "Ivančice",
    "Rosice",
    "Židlochovice",
    "Pohořelice",
    "Mikulov",
    "Hustopeče",
    "Veselí nad Moravou",
    "Strážnice",
    "Bučovice",
    "Slavkov u Brna",
    "Šlapanice",
    "Letovice",
    "Moravský Krumlov",
    "Adamov",
    "Bzenec",
    "Dubňany",
    "Ratíškovice",
    "Vracov",
    "Vnorovy",
    "Velká nad Veličkou",
    "Lanžhot",
    "Podivín",
    "Valtice",
    "Lednice",
    "Velké Pavlovice",
    "Šakvice",
    "Klobouky u Brna",
    "Modřice",
    "Rajhrad",
    "Zbýšov",
    "Oslavany",
    "Miroslav",
    "Hrušovany nad Jevišovkou",
    "Jaroslavice",
    "Vranov nad Dyjí",
    "Jevišovice",
    "Kunštát",
    "Jedovnice",
    "Rájec-Jestřebí",
    "Sloup",
    "Lysice",
    "Olešnice",
    "Ivanovice na Hané",
    "Rousínov",
    "Bošovice",
    "Křenovice",
    "Újezd u Brna",
    "Sokolnice",
    "Dolní Kounice",
    "Střelice",
    "Ořechov",
    "Blučina",
    "Čejč",
    "Šardice",
    "Svatobořice-Mistřín",
    "Žarošice",
    "Ždánice",
    "Koryčany",
    "Milotice",
    "Mutěnice",
    "Čejkovice",
    "Velké Bílovice",
    "Rakvice",
    "Mikulčice",
    "Moravská Nová Ves",
    "Týnec",
    "Tvrdonice",
    "Dolní Bojanovice",
    "Hrušky",
    "Lužice",
    "Prušánky",
    "Tvarožná Lhota",
    "Suchov",
    "Javorník",
    "Kněždub",
    "Petrov",
    "Sudoměřice",
    "Hroznová Lhota",
    "Tasov",
    "Lipov",
    "Hluk",
    "Uherský Ostroh",
    "Blatnice pod Svatým Antonínkem",
]

STREETS = [
    "Masarykovo náměstí",
    "Husova",
    "Komenského",
    "Palackého",
    "Nádražní",
    "Svatoplukova",
    "Žerotínova",
    "Jiráskova",
    "Tyršova",
    "Smetanova",
    "Nerudova",
    "Dukelská",
    "Zahradní",
    "Školní",
    "Sokolská",
    "Příční",
    "Na Valech",
    "U Nemocnice",
    "Bezručova",
    "Štěpánikova",
]

MALE = (
    [
        "Petr",
        "Tomáš",
        "Jiří",
        "Martin",
        "Pavel",
        "Josef",
        "Jan",
        "Miroslav",
        "Karel",
        "Radek",
        "Lukáš",
        "Zdeněk",
        "Michal",
        "Ondřej",
        "Vojtěch",
    ],
    [
        "Svoboda",
        "Novák",
        "Černý",
        "Horák",
        "Marek",
        "Hájek",
        "Král",
        "Beneš",
        "Sedláček",
        "Zeman",
        "Kučera",
        "Procházka",
        "Dvořák",
        "Veselý",
        "Růžička",
        "Pokorný",
        "Kříž",
    ],
)
FEMALE = (
    [
        "Jana",
        "Marie",
        "Lenka",
        "Eva",
        "Hana",
        "Lucie",
        "Kateřina",
        "Věra",
        "Zdeňka",
        "Alena",
        "Petra",
        "Markéta",
        "Jitka",
        "Ludmila",
        "Šárka",
    ],
    [
        "Nováková",
        "Dvořáková",
        "Procházková",
        "Veselá",
        "Němcová",
        "Pospíšilová",
        "Jelínková",
        "Růžičková",
        "Fialová",
        "Doležalová",
        "Kučerová",
        "Horáková",
        "Benešová",
        "Králová",
        "Šťastná",
        "Křížová",
        "Malá",
    ],
)

# (legal form, name patterns); {t} = town, {p} = person
PROVIDER_PATTERNS = [
    (
        "cirkevni_pravnicka_osoba",
        [
            "Oblastní charita {t}",
            "Charita {t}",
            "Farní charita {t}",
            "Diakonie ČCE – středisko {t}",
            "Slezská diakonie – středisko {t}",
        ],
    ),
    (
        "prispevkova_organizace",
        [
            "Domov pro seniory {t}, příspěvková organizace",
            "Sociální služby města {t}, p. o.",
            "Centrum sociálních služeb {t}, p. o.",
            "Domov Horizont {t}, příspěvková organizace",
        ],
    ),
    (
        "obecne_prospesna_spolecnost",
        [
            "Podané ruce {t}, o. p. s.",
            "Centrum pro rodinu {t}, o. p. s.",
            "Život 90 {t}, o. p. s.",
            "Společnost „Dobrý start“ {t}, o. p. s.",
        ],
    ),
    (
        "spolek",
        [
            "Spolek Naděje {t}, z. s.",
            "Rodinné centrum Sluníčko {t}, z. s.",
            "Svaz tělesně postižených v ČR, místní organizace {t}",
            "Sdružení Sámovka {t}, z. s.",
            "Tyfloservis {t}, z. s.",
            "Klub přátel Ekvilibrium {t}, z. s.",
        ],
    ),
    (
        "ustav",
        [
            "Institut sociální práce {t}, z. ú.",
            "Centrum duševního zdraví {t}, z. ú.",
            "Hospic sv. Josefa {t}, z. ú.",
            "Práh jižní Morava {t}, z. ú.",
        ],
    ),
    ("obec", ["Město {t}", "Obec {t}"]),
    (
        "obchodni_spolecnost",
        ["Senior Care {t} s.r.o.", "Domov Klára {t} s.r.o.", "Pečující ruce {t} s.r.o."],
    ),
    ("nadace", ["Nadace Dobrá vůle {t}"]),
    ("fyzicka_osoba", ["{p} – osobní asistence {t}"]),
]
PROVIDER_FORM_WEIGHTS = [22, 18, 16, 18, 8, 8, 6, 2, 2]

NONREG_NAMES = [
    "Dobrovolnické centrum {t}",
    "Půjčovna kompenzačních pomůcek {t}",
    "Senior taxi {t}",
    "Klub seniorů {t}",
    "Poradna pro pečující {t}",
    "Mateřské centrum {t}",
    "Sociální šatník {t}",
    "Potravinová banka – výdejní místo {t}",
    "Dluhová poradna {t}",
    "Asistence pro vyloučené lokality {t}",
]

NEED_TEMPLATES = [
    "Nedostatečná kapacita {g} v obci {t}",
    "Dlouhé čekací lhůty na přijetí do {g} v regionu {t}",
    "Chybějící terénní forma {g} v okolí obce {t}",
    "Nízké povědomí obyvatel obce {t} o nabídce {g}",
    "Nedostatek kvalifikovaných pracovníků {g} v obci {t}",
]
SYSTEM_NEEDS = [
    "Chybějící aktuální katalog poskytovatelů sociálních služeb pro obec {t}",
    "Nejisté vícezdrojové financování sociálních služeb v regionu {t}",
    "Slabá provázanost sociálních a zdravotních služeb v obci {t}",
    "Nedostatek dostupného a sociálního bydlení v obci {t}",
]
NEED_SOURCES = [
    "Dotazníkové šetření mezi uživateli sociálních služeb {y}",
    "Analýza potřeb obyvatel regionu {t} ({y})",
    "Jednání pracovní skupiny, listopad {y}",
    "Sociodemografická analýza území, ČSÚ {y}",
]

TITLE_TEMPLATES = {
    "maintain": [
        "Zachování {g} v obci {t}",
        "Zajištění dostupnosti {g} v obci {t}",
        "Udržení kapacity {g} na území obce {t}",
        "Stabilizace {g} v regionu {t}",
    ],
    "develop": [
        "Rozšíření kapacity {g} v obci {t}",
        "Rozvoj terénní formy {g} v regionu {t}",
        "Posílení personálního zajištění {g} v obci {t}",
        "Zvýšení kvality {g} v obci {t}",
    ],
    "new": [
        "Vznik {g} v obci {t}",
        "Zřízení {g} pro region {t}",
        "Zahájení činnosti {g} v obci {t}",
    ],
    "support": [
        "Vydání katalogu poskytovatelů sociálních služeb pro region {t}",
        "Informovanost veřejnosti o sociálních službách v obci {t}",
        "Podpora pečujících osob v obci {t}",
        "Spolupráce sociálních a zdravotních služeb v obci {t}",
        "Dobrovolnictví v sociálních službách v obci {t}",
        "Podpora dostupného a sociálního bydlení v obci {t}",
        "Vzdělávání pracovníků sociálních služeb v regionu {t}",
        "Zajištění procesu komunitního plánování v obci {t}",
        "Vícezdrojové financování sociálních služeb v regionu {t}",
    ],
}
RENAME_PREFIXES = ["Pokračování: ", "Posílení a ", "Dlouhodobé zajištění – "]

DESCRIPTIONS = [
    "Opatření zajišťuje dostupnost {g} pro obyvatele obce {t} a okolních obcí"
    " v rozsahu odpovídajícím zjištěné potřebě.",
    "Cílem je udržet stávající rozsah {g}, stabilizovat personál"
    " a zajistit vícezdrojové financování.",
    "Kapacita {g} bude rozšířena o další pracovníky v přímé péči; provoz i o víkendech a svátcích.",
    "Opatření reaguje na stárnutí populace v regionu {t} a rostoucí poptávku po službách.",
]
RATIONALES = [
    "Z analýzy potřeb vyplývá, že kapacita {g} v regionu {t} nepokrývá poptávku;"
    " v roce {y} bylo odmítnuto {n} žadatelů.",
    "Služba je součástí krajské sítě sociálních služeb a obce se k jejímu financování"
    " zavázaly memorandem.",
    "Uživatelé i pečující v dotazníkovém šetření označili dostupnost {g}"
    " za nejpotřebnější („bez ní to nejde“).",
    "Vazba na střednědobý plán kraje; bez podpory obcí by poskytovatel musel omezit provoz.",
]
ACTIVITY_TITLES = [
    "Jednání s poskytovatelem o navýšení kapacity",
    "Zpracování projektové žádosti",
    "Monitoring poptávky po službě a evidence odmítnutých žadatelů",
    "Propagace služby mezi občany",
    "Zajištění financování z rozpočtu obce",
    "Výběr a úprava vhodných prostor",
    "Nábor a vzdělávání pracovníků v přímé péči",
    "Supervize a metodická podpora pracovníků",
    "Aktualizace informací v katalogu poskytovatelů",
    "Koordinační setkání poskytovatelů a obcí",
    "Dotazníkové šetření spokojenosti uživatelů",
    "Pořízení automobilu pro terénní službu",
]
PARTNERS = [
    "Jihomoravský kraj",
    "Úřad práce ČR, kontaktní pracoviště {t}",
    "Obecní úřad {t}",
    "Nemocnice {t}",
    "Praktičtí lékaři regionu {t}",
    "Základní školy v obci {t}",
    "Policie ČR, obvodní oddělení {t}",
    "Probační a mediační služba, středisko {t}",
    "Místní akční skupina regionu {t}",
    "Krajská hygienická stanice",
]
REGIONAL_LINKS = [
    "SPRSS JMK, opatření {a}.{b}: Udržení dostupnosti služeb sociální péče",
    "SPRSS JMK, opatření {a}.{b}: Rozvoj terénních a ambulantních služeb",
    "SPRSS JMK, priorita {a}: Podpora života v přirozeném prostředí",
    "SPRSS JMK, opatření {a}.{b}: Transformace pobytových služeb",
]
IND_AT_LEAST = [
    ("Počet klientů služby", "osoby", 15, 400, 0),
    ("Počet úvazků v přímé péči", "úvazky", 2, 40, 1),
    ("Počet lůžek", "lůžka", 10, 120, 0),
    ("Počet kontaktů s klienty", "kontakty", 300, 9000, 0),
    ("Počet intervencí", "intervence", 100, 3000, 0),
    ("Počet podpořených pečujících osob", "osoby", 10, 200, 0),
    ("Počet obcí, v nichž je služba dostupná", "obce", 3, 40, 0),
]
IND_AT_MOST = [
    ("Počet odmítnutých žadatelů pro nedostatek kapacity", "osoby", 5, 120),
    ("Průměrná čekací doba na umístění", "dny", 20, 240),
    ("Počet neuspokojených žádostí o službu", "žádosti", 5, 90),
    ("Podíl nákladů hrazených obcemi", "%", 10, 40),
]
IND_BOOLEAN = [
    "Katalog poskytovatelů vydán",
    "Služba zaregistrována v registru poskytovatelů",
    "Projektová žádost podána",
    "Analýza potřeb zpracována",
    "Webový portál sociálních služeb aktualizován",
    "Memorandum o financování podepsáno",
    "Služba zařazena do krajské sítě",
]
COMMENTS_OK = [
    "Služba byla zajištěna v plném rozsahu, kapacita byla využita.",
    "Cílové hodnoty byly dosaženy; poskytovatel navýšil úvazky v přímé péči.",
    "Plněno dle plánu, spolupráce s obcemi bez problémů.",
    "Opatření splněno, výsledky projednány v pracovní skupině.",
]
COMMENTS_PARTIAL = [
    "Plnění ovlivnil nedostatek pracovníků v přímé péči; část úvazků zůstala neobsazena.",
    "Dotace kraje byla krácena, kapacitu se podařilo udržet jen částečně.",
    "Realizace se zpozdila kvůli výběrovému řízení na dodavatele stavebních prací.",
    "Poptávka převýšila kapacitu služby, čekací lhůta se prodloužila.",
]
COMMENTS_OTHER = {
    "cancelled": "Opatření zrušeno usnesením rady; potřebu pokryje jiný poskytovatel.",
    "not_started": "Realizace nezahájena – projektová žádost nebyla podpořena.",
    "ongoing": "Průběžně plněno, opatření pokračuje i v dalším roce.",
}
NOTES = [
    "Financování z dotačního programu kraje na podporu sociálních služeb.",
    "Navazuje na projekt podpořený z OPZ+; udržitelnost zajištěna.",
    "Rozsah upřesní pracovní skupina na jarním setkání.",
]


# ---------------------------------------------------------------------------
# YAML writer
# ---------------------------------------------------------------------------

_PLAIN_KEY = re.compile(r"^[a-z][a-z_]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_dumps = json.JSONEncoder(
    ensure_ascii=False
).encode  # a JSON string is a YAML 1.2 double-quoted scalar


def _scalar(v: object) -> str:
    t = type(v)
    if t is Code:
        return v  # type: ignore[return-value]
    if t is str:
        return _dumps(v)
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return str(v)
    if t is float:
        r = repr(v)
        return r if "e" not in r and "n" not in r else str(int(v))  # no exponent / inf / nan
    raise TypeError(f"cannot write {t.__name__} {v!r}")


def _key(k: object) -> str:
    if type(k) is int:
        return str(k)
    if type(k) is Code or (_PLAIN_KEY.match(k) and k not in _RESERVED):  # type: ignore[arg-type]
        return k  # type: ignore[return-value]
    return _dumps(k)


_SCALAR_TYPES = (str, int, float, bool)


def _emit_map(d: dict, ind: str, out: list[str]) -> None:
    sub = ind + "  "
    for k, v in d.items():
        key = _key(k)
        if type(v) is dict:
            if v and all(isinstance(x, _SCALAR_TYPES) for x in v.values()):
                flow = ", ".join([f"{_key(a)}: {_scalar(b)}" for a, b in v.items()])
                if len(flow) <= 90:
                    out.append(f"{ind}{key}: {{{flow}}}")
                    continue
            out.append(f"{ind}{key}:")
            _emit_map(v, sub, out)
        elif type(v) is list:
            if all(isinstance(x, _SCALAR_TYPES) for x in v):
                flow = ", ".join([_scalar(x) for x in v])
                if len(flow) <= 90:
                    out.append(f"{ind}{key}: [{flow}]")
                    continue
                # long lists of scalars (a measure's services): a flow sequence wrapped
                # at about 100 columns, continuation lines indented under the key
                cont = ind + "  "
                line = f"{ind}{key}: ["
                parts = [_scalar(x) for x in v]
                last = len(parts) - 1
                for i, part in enumerate(parts):
                    piece = part + ("]" if i == last else ",")
                    if len(line) + len(piece) > 100 and not line.endswith("["):
                        out.append(line)
                        line = cont + piece
                    else:
                        line = line + (" " if not line.endswith("[") else "") + piece
                out.append(line)
            else:
                out.append(f"{ind}{key}:")
                _emit_seq(v, ind, out)  # sequences in a mapping are not indented ("indentless")
        else:
            out.append(f"{ind}{key}: {_scalar(v)}")


class FlowMap(dict):
    """A mapping written in flow style as a sequence item: ``- {year: 2025, level: kraj}``."""


def _flow(v: object) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(a)}: {_flow(b)}" for a, b in v.items()) + "}"
    return _scalar(v)


def _network_entries(sid: str, cap: dict, y0: int) -> list:
    """Network entries of a registered service for 2022–2025 (the four years of the network
    report's bench): the regional network every year it runs, with its units (fte, beds),
    sometimes changed from one year to the next; a third also in the municipal network. A
    generator of its own per service, so the rest of the repository keeps its bytes."""
    nrng = random.Random(f"kpss-bench-network:{sid}")
    fte = cap.get("fte") or nrng.randrange(2, 40) / 2.0
    beds = cap.get("beds")
    first = max(y0, 2022)
    last = 2024 if nrng.random() < 0.04 else 2025
    municipal = nrng.random() < 0.33
    entries: list = []
    for year in range(first, last + 1):
        if year > first and nrng.random() < 0.2:
            fte = fte + nrng.choice((-0.5, 0.5, 1.0))
            fte = max(fte, 0.5)
        units = {"fte": fte} if beds is None else {"fte": fte, "beds": beds}
        entries.append(FlowMap(year=year, level=Code("kraj"), units=units))
        if municipal:
            entries.append(FlowMap(year=year, level=Code("obec"), units={"fte": max(0.5, round(fte / 4) / 2)}))
    return entries


def _emit_seq(lst: list, ind: str, out: list[str]) -> None:
    sub = ind + "  "
    cut = len(sub)
    for item in lst:
        if type(item) is FlowMap:
            out.append(f"{ind}- {_flow(item)}")
        elif type(item) is dict:
            start = len(out)
            _emit_map(item, sub, out)
            out[start] = ind + "- " + out[start][cut:]
        else:
            out.append(f"{ind}- {_scalar(item)}")


def to_yaml(doc: dict, header: str = "") -> str:
    out: list[str] = [header.rstrip("\n")] if header else []
    _emit_map(doc, "", out)
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def ico_check_digit(first7: str) -> int:
    s = sum(int(c) * w for c, w in zip(first7, (8, 7, 6, 5, 4, 3, 2), strict=True))
    return (11 - s % 11) % 10


def slugify(text: str, maxlen: int = 32) -> str:
    """ASCII slug of a Czech text, cut at a word boundary to at most ``maxlen`` characters."""
    a = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    a = re.sub(r"[^a-z0-9]+", "-", a).strip("-")
    if len(a) > maxlen:
        cut = a.rfind("-", 0, maxlen + 1)
        a = a[:cut] if cut > 0 else a[:maxlen]
    return a.rstrip("-") or "x"


def _money(x: float) -> int:
    """Round to thousands of CZK (to hundreds below 100 000)."""
    if x >= 100_000:
        return int(round(x / 1000.0)) * 1000
    return int(round(x / 100.0)) * 100


def _date(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


PERIOD_LEN = 3
PLAN_STARTS = (2014, 2017, 2020, 2023)
ORG = "Jihomoravský kraj"


def _org_slug(org: str) -> str:
    """Slug of an organisation's name, its initials when long: "Domov pro seniory" -> "dps"."""
    slug = slugify(org, 64)
    if len(slug) > 16:
        slug = "".join(w[0] for w in slug.split("-"))[:8]
    return slug


def _person(rng: random.Random) -> str:
    first, last = MALE if rng.random() < 0.4 else FEMALE
    return f"{rng.choice(first)} {rng.choice(last)}"


# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------


class Model:
    """The whole repository as plain dicts, in file order."""

    def __init__(self) -> None:
        self.manifest: dict = {}
        self.header: str = ""
        self.providers: list[dict] = []
        self.services: list[dict] = []
        self.groups: list[dict] = []
        self.plans: list[dict] = []  # plan dicts, oldest first
        self.action_plans: dict[str, dict[int, dict]] = {}  # plan id -> year -> action plan
        self.svc_type: dict[str, str | None] = {}  # service id -> type (None: not registered)

    def files(self) -> dict[str, tuple[dict, str]]:
        f: dict[str, tuple[dict, str]] = {
            "kpss.yaml": (self.manifest, self.header),
            "services.yaml": ({"providers": self.providers, "services": self.services}, ""),
            "groups.yaml": ({"groups": self.groups}, ""),
        }
        for p in self.plans:
            f[f"plans/{p['id']}/plan.yaml"] = (p, "")
            for y, ap in self.action_plans[p["id"]].items():
                f[f"plans/{p['id']}/action-plans/{y}.yaml"] = (ap, "")
        return f


def _municipalities(rng: random.Random) -> list[tuple[str, str]]:
    codes = rng.sample(range(580000, 599999), len(TOWNS))
    return [(f"{c:06d}", t) for c, t in zip(codes, TOWNS, strict=True)]


def _build_providers(m: Model, rng: random.Random, n: int) -> list[int]:
    """Providers; returns a 'theme' index per provider (which priority it mostly serves)."""
    used_ids: set[str] = set()
    used_ico: set[str] = set()
    used_names: set[str] = set()
    themes: list[int] = []
    for _ in range(n):
        lf, pats = rng.choices(PROVIDER_PATTERNS, PROVIDER_FORM_WEIGHTS)[0]
        town = rng.choice(TOWNS)
        for _ in range(12):  # a provider name once, as far as the patterns allow
            pat = rng.choice(pats)
            person = _person(rng)
            name = pat.format(t=town, p=person)
            if name not in used_names:
                break
            town = rng.choice(TOWNS)
        used_names.add(name)
        # id: organisation (initials when long) + town, e.g. "charita-kyjov", "dps-hodonin"
        base = f"{_org_slug(pat.split('{t}')[0].format(p=person))}-{slugify(town)}"
        pid = base
        k = 2
        while pid in used_ids:
            pid = f"{base}-{k}"
            k += 1
        used_ids.add(pid)
        prov: dict = {"id": pid, "name": name}
        if lf != "fyzicka_osoba" or rng.random() < 0.5:
            while True:
                first7 = f"{rng.randrange(0, 10_000_000):07d}"
                ico = first7 + str(ico_check_digit(first7))
                if ico not in used_ico:
                    used_ico.add(ico)
                    break
            prov["ico"] = ico
        prov["legal_form"] = LEGAL_FORMS[lf]
        psc = f"{rng.randrange(600, 699)} {rng.randrange(0, 99):02d}"
        prov["address"] = f"{rng.choice(STREETS)} {rng.randrange(1, 2500)}, {psc} {town}"
        dom = base
        if rng.random() < 0.6:
            prov["web"] = f"https://www.{dom}.cz"
        prov["email"] = f"info@{dom}.cz"
        if rng.random() < 0.5:
            a, b, c = rng.randrange(500, 800), rng.randrange(100, 999), rng.randrange(100, 999)
            prov["phone"] = f"+420 {a} {b} {c}"
        m.providers.append(prov)
        themes.append(rng.randrange(len(THEMES)))
    return themes


def _build_services(
    m: Model, rng: random.Random, n: int, prov_theme: list[int], munis: list[tuple[str, str]], network: bool = True
) -> dict[str, int]:
    """Services; returns service id -> the first year it existed (not written)."""
    nprov = len(m.providers)
    # every provider has at least one service; the rest go mostly to big providers
    weights = [min(rng.paretovariate(2.0), 12.0) for _ in range(nprov)]
    owners = list(range(nprov)) + rng.choices(range(nprov), weights, k=max(0, n - nprov))
    owners = owners[:n]
    reg_ids = iter(rng.sample(range(1_000_000, 10_000_000), n))
    since: dict[str, int] = {}
    used_slugs: set[str] = set()
    muni_codes = [c for c, _ in munis]
    all_types = list(SERVICE_TYPES)
    for pi in owners:
        prov = m.providers[pi]
        theme = THEMES[prov_theme[pi]]
        town = prov["address"].split(", ")[-1][7:]
        registered = rng.random() >= 0.04
        svc: dict = {}
        if registered:
            typ = rng.choice(theme["types"]) if rng.random() < 0.85 else rng.choice(all_types)
            sid = f"{next(reg_ids):07d}"
            label = SERVICE_TYPES[typ][0]
            name = f"{label[0].upper()}{label[1:]} {town}"
            if rng.random() < 0.05:
                name += f" – {prov['name'].split(',')[0]}"
            svc["id"] = sid
            svc["name"] = name
            svc["provider"] = prov["id"]
            svc["type"] = ST[typ]
            allowed = FORMS_BY_TYPE[typ]
            forms = [allowed[0]] + [f for f in allowed[1:] if rng.random() < 0.3]
            svc["forms"] = [SERVICE_FORMS[f] for f in forms]
            if rng.random() < 0.35:
                tgs = rng.sample(
                    theme["tg"], min(len(theme["tg"]), rng.choices((1, 2, 3), (6, 3, 1))[0])
                )
                svc["target_groups"] = [TG[g] for g in tgs]
            cap: dict = {}
            if "pobytova" in forms:
                cap["beds"] = rng.randrange(8, 160)
            if "ambulantni" in forms or "terenni" in forms:
                if typ == "telefonicka_krizova_pomoc":
                    cap["calls"] = rng.randrange(2, 6)
                elif typ in ("odborne_socialni_poradenstvi", "krizova_pomoc", "intervencni_centra"):
                    cap["interventions"] = rng.randrange(2, 12)
                else:
                    cap["clients"] = rng.randrange(3, 80)
            if rng.random() < 0.2:
                cap["fte"] = (
                    rng.randrange(2, 120) / 4.0 if rng.random() < 0.5 else rng.randrange(1, 30)
                )
            if rng.random() < 0.05:
                cap["note"] = "Kapacita v jednom okamžiku dle registru poskytovatelů."
            if cap:
                svc["capacity"] = cap
            r = rng.random()
            if r < 0.08:
                svc["area"] = ["all"]
            elif r < 0.14:
                svc["area"] = sorted(rng.sample(muni_codes, rng.randint(1, 4)))
            y0 = 2014 if rng.random() < 0.65 else rng.randint(2015, 2025)
            rng.random()  # the draw that once chose plain network years: kept, so the rest stays as it was
            if network:
                svc["network"] = _network_entries(sid, cap, y0)
        else:
            typ = None
            pat = rng.choice(NONREG_NAMES)
            name = pat.format(t=town)
            base = f"{_org_slug(pat.split('{t}')[0])}-{slugify(town)}"
            sid = base
            k = 2
            while sid in used_slugs:
                sid = f"{base}-{k}"
                k += 1
            used_slugs.add(sid)
            svc["id"] = sid
            svc["registered"] = False
            svc["name"] = name
            svc["provider"] = prov["id"]
            svc["target_groups"] = [TG[g] for g in rng.sample(theme["tg"], 1)]
            y0 = 2014 if rng.random() < 0.6 else rng.randint(2015, 2025)
        if rng.random() < 0.05:
            contact: dict = {"address": prov["address"]}
            if "web" in prov:
                contact["web"] = prov["web"]
            local = slugify(SERVICE_TYPES[typ][0] if typ else "sluzba", 12)
            contact["email"] = f"{local}@{prov['email'].split('@')[1]}"
            if "phone" in prov:
                contact["phone"] = prov["phone"]
            svc["contact"] = contact
        since[sid] = y0
        m.svc_type[sid] = typ
        m.services.append(svc)
    return since


def _build_groups(m: Model, rng: random.Random) -> None:
    groups = [
        {
            "id": "rs",
            "name": "Řídicí skupina komunitního plánování",
            "kind": GROUP_KINDS["steering"],
            "target_groups": [TG["verejnost"]],
        }
    ]
    for t in THEMES[:-1]:
        groups.append(
            {
                "id": t["group"],
                "name": t["group_name"],
                "kind": GROUP_KINDS["working"],
                "target_groups": [TG[g] for g in t["tg"]],
            }
        )
    groups.append(
        {
            "id": "ps-bydleni",
            "name": "Pracovní skupina Bydlení a dluhy",
            "kind": GROUP_KINDS["working"],
            "target_groups": [TG["osoby_ohrozene_socialnim_vyloucenim"], TG["osoby_bez_pristresi"]],
        }
    )
    groups.append({"id": "rt", "name": "Realizační tým KPSS", "kind": GROUP_KINDS["team"]})
    roles = list(TRIAD_ROLES.values())
    for g in groups:
        g["lead"] = _person(rng)
        members = []
        for _ in range(rng.randint(5, 9)):
            mem: dict = {"name": _person(rng)}
            role = rng.choice(roles)
            if role != "verejnost" and rng.random() < 0.85:
                mem["organisation"] = (
                    rng.choice(m.providers)["name"]
                    if role == "poskytovatel"
                    else f"Město {rng.choice(TOWNS)}"
                    if role == "zadavatel"
                    else f"Klub uživatelů {rng.choice(TOWNS)}"
                )
            mem["role"] = role
            members.append(mem)
        g["members"] = members
    m.groups = groups


class _Proto:
    """A measure's identity across plan periods (kept when a later plan continues it)."""

    __slots__ = (
        "kind",
        "typ",
        "town",
        "title",
        "theme",
        "base_cost",
        "sources",
        "ind_specs",
        "fresh",
    )

    def __init__(self, rng: random.Random, theme_i: int, typ: str | None, kind: str) -> None:
        self.theme = theme_i
        self.kind = kind
        self.typ = typ
        self.town = rng.choice(TOWNS)
        g = SERVICE_TYPES[typ][1] if typ else ""
        self.title = rng.choice(TITLE_TEMPLATES[kind]).format(g=g, t=self.town)
        if kind == "support":
            self.base_cost = rng.uniform(20_000, 600_000)
        elif typ and "pobytova" in FORMS_BY_TYPE[typ][:1]:
            self.base_cost = rng.uniform(4_000_000, 60_000_000)
        else:
            self.base_cost = rng.uniform(300_000, 9_000_000)
        if kind == "support":
            pool, k = ["obce", "kraj", "esf", "nadace_a_dary", "jine", "vlastni"], rng.randint(2, 3)
        else:
            pool, k = (
                [
                    "mpsv",
                    "obce",
                    "kraj",
                    "uhrady",
                    "zdravotni_pojistovny",
                    "up",
                    "esf",
                    "eu_jine",
                    "nadace_a_dary",
                    "vlastni",
                ],
                rng.randint(2, 4),
            )
        first = ["obce"] if kind == "support" else ["mpsv"]
        rest = rng.sample([s for s in pool if s not in first], k - 1)
        shares = [rng.uniform(1, 5) for _ in range(k)]
        shares[0] += 3
        tot = sum(shares)
        self.sources = [
            (FS[s], w / tot)
            for s, w in zip(first + sorted(rest, key=pool.index), shares, strict=True)
        ]
        # three indicators: at_least; at_least/at_most; boolean/at_most/at_least
        kinds = [
            "at_least",
            "at_least" if rng.random() < 0.5 else "at_most",
            rng.choices(["boolean", "at_most", "at_least"], [0.5, 0.3, 0.2])[0],
        ]
        specs = []
        for kd in kinds:
            if kd == "at_least":
                name, unit, lo, hi, dec = rng.choice(IND_AT_LEAST)
                specs.append((kd, name, unit, rng.uniform(lo, hi), dec))
            elif kd == "at_most":
                name, unit, lo, hi = rng.choice(IND_AT_MOST)
                specs.append((kd, name, unit, rng.uniform(lo, hi), 0))
            else:
                specs.append((kd, rng.choice(IND_BOOLEAN), "ano/ne", 0.0, 0))
        self.ind_specs = specs
        self.fresh = True


def _new_proto(rng: random.Random, ti: int, typ: str | None = None) -> _Proto:
    """A new measure of priority ``ti``; with ``typ`` given, a service measure of that type."""
    theme = THEMES[ti]
    if theme.get("system"):
        kind = "support" if rng.random() < 0.75 else "maintain"
        return _Proto(rng, ti, theme["types"][0] if kind != "support" else None, kind)
    if typ:
        kind = rng.choices(["maintain", "develop", "new"], [50, 30, 10])[0]
        return _Proto(rng, ti, typ, kind)
    kind = rng.choices(["maintain", "develop", "new", "support"], [50, 30, 10, 10])[0]
    return _Proto(rng, ti, None if kind == "support" else rng.choice(theme["types"]), kind)


def _plan_protos(
    rng: random.Random,
    prev: list[list[_Proto]] | None,
    per_priority: int,
) -> tuple[list[list[_Proto]], list[list[int | None]]]:
    """Measures of each priority: (protos, index of the continued measure in the previous plan)."""
    out: list[list[_Proto]] = []
    links: list[list[int | None]] = []
    for ti, theme in enumerate(THEMES):
        system = theme.get("system", False)
        types = theme["types"]
        if prev is None:
            protos = []
            for j in range(per_priority):
                # the first plan cycles through the priority's service types: each gets a measure
                p = _new_proto(rng, ti) if system else _new_proto(rng, ti, types[j % len(types)])
                protos.append(p)
            if system and not any(p.kind == "support" for p in protos):
                protos[0] = _Proto(rng, ti, None, "support")
            out.append(protos)
            links.append([None] * len(protos))
            continue
        old = prev[ti]
        # drop ~15 %, never the last measure of a service type (or the last support measure)
        count: dict[str | None, int] = {}
        for p in old:
            count[p.typ] = count.get(p.typ, 0) + 1
        keep = []
        for idx, p in enumerate(old):
            if rng.random() < 0.15 and count[p.typ] > 1:
                count[p.typ] -= 1
                continue
            keep.append(idx)
        seq: list[tuple[_Proto, int | None]] = []
        for idx in keep:
            p = old[idx]
            p.fresh = False
            if rng.random() < 0.15:  # reworded in the new period
                g = SERVICE_TYPES[p.typ][1] if p.typ else ""
                p.title = rng.choice(TITLE_TEMPLATES[p.kind]).format(g=g, t=p.town)
            seq.append((p, idx))
        while len(seq) < per_priority:
            pos = rng.randrange(0, len(seq) + 1)
            seq.insert(pos, (_new_proto(rng, ti), None))
        seq = seq[:per_priority]
        out.append([p for p, _ in seq])
        links.append([i for _, i in seq])
    return out, links


def _years_of(meas: dict, start: int, end: int) -> tuple[int, int]:
    y = meas.get("years")
    return (y["from"], y["to"]) if y else (start, end)


def _build_plan(
    m: Model,
    rng: random.Random,
    pi: int,
    protos: list[list[_Proto]],
    links: list[list[int | None]],
    prev_ids: list[list[str]] | None,
    svc_ids: list[str],
    resp_pool: list[str],
) -> list[list[str]]:
    start = PLAN_STARTS[pi]
    end = start + PERIOD_LEN - 1
    pid = f"{start}-{end}"
    prev_pid = f"{PLAN_STARTS[pi - 1]}-{PLAN_STARTS[pi - 1] + PERIOD_LEN - 1}" if pi else None
    latest = pi == len(PLAN_STARTS) - 1
    plan: dict = {
        "id": pid,
        "title": f"Komunitní plán sociálních služeb – {ORG} ({start}–{end})",
        "period": {"start": start, "end": end},
        "status": PLAN_STATUSES["approved" if latest else "archived"],
        "approved": {
            "date": _date(start - 1, 12, rng.randint(8, 18)),
            "by": "Zastupitelstvo Jihomoravského kraje",
            "resolution": f"usnesení č. {rng.randint(1000, 9999)}/{(start - 1) % 100:02d}"
            f"/Z{rng.randint(10, 40)}",
        },
    }
    if prev_pid:
        plan["previous"] = prev_pid
    plan["regional_plan"] = (
        f"Střednědobý plán rozvoje sociálních služeb v Jihomoravském kraji na období {start}–{end}"
    )
    plan["vision"] = (
        "Občané regionu mají dostupné kvalitní sociální služby, které odpovídají jejich "
        "potřebám a umožňují jim žít co nejdéle v přirozeném domácím prostředí."
    )
    needs: list[dict] = []
    needs_by_theme: list[list[str]] = []
    nneeds = max(3, len(protos[0]) // 8)
    for ti, theme in enumerate(THEMES):
        ids = []
        for k in range(nneeds):
            nid = f"N{ti + 1}.{k + 1}"
            if theme.get("system"):
                text = rng.choice(SYSTEM_NEEDS).format(t=rng.choice(TOWNS))
            else:
                typ = rng.choice(theme["types"])
                text = rng.choice(NEED_TEMPLATES).format(
                    g=SERVICE_TYPES[typ][1], t=rng.choice(TOWNS)
                )
            need: dict = {"id": nid, "text": text}
            if rng.random() < 0.7:
                need["source"] = rng.choice(NEED_SOURCES).format(y=start - 1, t=rng.choice(TOWNS))
            need["target_groups"] = [TG[g] for g in rng.sample(theme["tg"], 1)]
            needs.append(need)
            ids.append(nid)
        needs_by_theme.append(ids)
    plan["needs"] = needs

    # services: each service given is placed in one measure of its type (else a support measure)
    by_type: dict[str | None, list[dict]] = {}
    priorities: list[dict] = []
    ids_out: list[list[str]] = []
    all_measures: list[dict] = []
    for ti, theme in enumerate(THEMES):
        prio: dict = {"id": f"P{ti + 1}", "title": theme["long"]}
        if rng.random() < 0.6:
            prio["description"] = (
                f"Priorita pokrývá oblast „{theme['title']}“ a navazuje na "
                f"prioritu {ti + 1} předchozího plánu."
            )
        prio["working_group"] = theme["group"]
        prio["target_groups"] = [TG[g] for g in theme["tg"]]
        if rng.random() < 0.5:
            prio["swot"] = {
                "strengths": ["Stabilní síť poskytovatelů", "Dobrá spolupráce s obcemi"],
                "weaknesses": ["Nedostatek pracovníků v přímé péči"],
                "opportunities": ["Dotační výzvy OPZ+ a IROP"],
                "threats": ["Nejisté financování ze státního rozpočtu", "Stárnutí populace"],
            }
        measures: list[dict] = []
        ids: list[str] = []
        themes_needs = needs_by_theme[ti]
        for j, (proto, link) in enumerate(zip(protos[ti], links[ti], strict=True)):
            mid = f"{ti + 1}.{j + 1}"
            ids.append(mid)
            meas = _build_measure(rng, proto, mid, start, end, resp_pool)
            if link is not None and prev_ids is not None:
                meas["continues"] = f"{prev_pid}/{prev_ids[ti][link]}"
            measures.append(meas)
            by_type.setdefault(proto.typ, []).append(meas)
        # every need of the theme answered by at least one measure
        for k, nid in enumerate(themes_needs):
            meas = measures[(k * 7) % len(measures)]
            meas.setdefault("addresses", []).append(nid)
        for meas in measures:
            if rng.random() < 0.2:
                nid = rng.choice(themes_needs)
                if nid not in meas.setdefault("addresses", []):
                    meas["addresses"].append(nid)
        prio["measures"] = measures
        priorities.append(prio)
        ids_out.append(ids)
        all_measures.extend(measures)
    plan["priorities"] = priorities

    for sid in svc_ids:
        typ = m.svc_type[sid]
        cands = by_type.get(typ) or by_type.get(None)
        assert cands, f"no measure for service type {typ}"
        meas = cands[rng.randrange(len(cands))]
        meas.setdefault("_services", []).append(sid)
    for meas in all_measures:
        _finish_measure(meas)
    m.plans.append(plan)
    return ids_out


_KEY_ORDER = [
    "id",
    "title",
    "description",
    "rationale",
    "kind",
    "target_groups",
    "service_types",
    "services",
    "responsible",
    "partners",
    "years",
    "addresses",
    "continues",
    "regional_link",
    "budget",
    "indicators",
    "activities",
]


def _finish_measure(meas: dict) -> None:
    svcs = meas.pop("_services", None)
    if svcs:
        meas["services"] = sorted(svcs)
    order = {k: i for i, k in enumerate(_KEY_ORDER)}
    items = sorted(meas.items(), key=lambda kv: order[kv[0]])
    meas.clear()
    meas.update(items)
    if "addresses" in meas:
        meas["addresses"].sort(key=lambda s: int(s.split(".")[1]))


def _budget(rng: random.Random, proto: _Proto, y0: int, y1: int) -> dict:
    b: dict = {}
    for y in range(y0, y1 + 1):
        tot = proto.base_cost * (1.04 ** (y - 2014)) * rng.uniform(0.95, 1.08)
        b[y] = {src: _money(tot * sh) for src, sh in proto.sources}
    return b


def _build_measure(
    rng: random.Random, proto: _Proto, mid: str, start: int, end: int, resp_pool: list[str]
) -> dict:
    typ = proto.typ
    gen = SERVICE_TYPES[typ][1] if typ else "podpůrných aktivit"
    meas: dict = {"id": mid, "title": proto.title}
    if rng.random() < 0.25:
        meas["description"] = rng.choice(DESCRIPTIONS).format(g=gen, t=proto.town)
    if rng.random() < 0.1:
        meas["rationale"] = rng.choice(RATIONALES).format(
            g=gen, t=proto.town, y=start - 1, n=rng.randint(5, 60)
        )
    kind = (
        proto.kind
        if proto.fresh or proto.kind == "support"
        else ("maintain" if rng.random() < 0.7 else "develop")
    )
    meas["kind"] = MEASURE_KINDS[kind]
    theme = THEMES[proto.theme]
    meas["target_groups"] = [
        TG[g] for g in rng.sample(theme["tg"], min(len(theme["tg"]), rng.randint(1, 2)))
    ]
    if typ:
        meas["service_types"] = [ST[typ]]
    meas["responsible"] = rng.choice(resp_pool).format(t=proto.town)
    if rng.random() < 0.25:
        meas["partners"] = [p.format(t=proto.town) for p in rng.sample(PARTNERS, rng.randint(1, 3))]
    y0, y1 = start, end
    r = rng.random()
    if r < 0.08:
        y0 = start + 1
    elif r < 0.14:
        y1 = end - 1
    if (y0, y1) != (start, end):
        meas["years"] = {"from": y0, "to": y1}
    if rng.random() < 0.15:
        meas["regional_link"] = rng.choice(REGIONAL_LINKS).format(
            a=proto.theme + 1, b=rng.randint(1, 9)
        )
    meas["budget"] = _budget(rng, proto, y0, y1)
    inds = []
    for k, (kd, name, unit, base, dec) in enumerate(proto.ind_specs):
        iid = f"{mid}.{'abc'[k]}"
        ind: dict = {"id": iid, "name": name}
        ind["unit"] = unit
        if kd != "at_least" or rng.random() < 0.15:
            ind["kind"] = INDICATOR_KINDS[kd]
        if kd == "boolean":
            if rng.random() < 0.5:
                ind["baseline"] = {"year": start - 1, "value": False}
            ind["target"] = True
            if rng.random() < 0.5:
                ind["targets"] = {y: (y == y1 or rng.random() < 0.5) for y in range(y0, y1 + 1)}
        else:

            def num(x: float, dec: int = dec) -> int | float:
                return round(x * 2) / 2.0 if dec else int(round(x))

            growth = rng.uniform(1.02, 1.12) if kd == "at_least" else rng.uniform(0.8, 0.97)
            ind["baseline"] = {"year": start - 1, "value": num(base)}
            tg = {y: num(base * growth ** (y - start + 1)) for y in range(y0, y1 + 1)}
            ind["target"] = tg[y1]
            ind["targets"] = tg
            if unit in ("kontakty", "intervence") and rng.random() < 0.6:
                ind["aggregate"] = AGGREGATES["sum"]
            elif rng.random() < 0.05:
                ind["aggregate"] = AGGREGATES["max"]
        inds.append(ind)
    meas["indicators"] = inds
    acts = []
    for k, title in enumerate(rng.sample(ACTIVITY_TITLES, rng.randint(2, 3))):
        act: dict = {"id": f"{mid}.{k + 1}", "title": title}
        if rng.random() < 0.1:
            act["description"] = (
                f"Aktivita v obci {proto.town}; podrobnosti stanoví pracovní skupina."
            )
        if rng.random() < 0.1:
            act["responsible"] = rng.choice(resp_pool).format(t=proto.town)
        a0, a1 = y0, y1
        if rng.random() < 0.25 and y1 > y0:
            a0 = rng.randint(y0, y1)
            a1 = rng.randint(a0, y1)
            act["years"] = {"from": a0, "to": a1}
        if rng.random() < 0.15:
            act["budget"] = {
                y: {FS["obce"]: _money(proto.base_cost * rng.uniform(0.01, 0.05))}
                for y in range(a0, a1 + 1)
            }
        acts.append(act)
    meas["activities"] = acts
    return meas


def _build_action_plan(rng: random.Random, plan: dict, year: int, prev_ap: dict | None) -> dict:
    start = plan["period"]["start"]
    end = plan["period"]["end"]
    ap: dict = {
        "plan": plan["id"],
        "year": year,
        "status": PLAN_STATUSES["approved"],
        "approved": {
            "date": _date(year - 1, 12, rng.randint(1, 20)),
            "by": "Rada Jihomoravského kraje",
            "resolution": f"usnesení č. {rng.randint(100, 9999)}/{(year - 1) % 100:02d}"
            f"/R{rng.randint(100, 250)}",
        },
    }
    prev_status: dict[str, str] = {}
    if prev_ap:
        for it in prev_ap["items"]:
            st = it.get("result", {}).get("status")
            if st:
                prev_status[it["measure"]] = st
    items = []
    for prio in plan["priorities"]:
        for meas in prio["measures"]:
            y0, y1 = _years_of(meas, start, end)
            if not y0 <= year <= y1:
                continue
            item: dict = {"measure": meas["id"]}
            acts = []
            for a in meas["activities"]:
                a0, a1 = _years_of(a, y0, y1)
                if a0 <= year <= a1:
                    acts.append(a["id"])
            if acts:
                item["activities"] = acts
            if rng.random() < 0.05:
                item["note"] = rng.choice(NOTES)
            planned = meas["budget"][year]
            item["budget"] = dict(planned)
            tg = {}
            for ind in meas["indicators"]:
                t = ind.get("targets", {}).get(year)
                if t is not None and type(t) is not bool:
                    tg[ind["id"]] = t
            if tg and rng.random() < 0.25:
                item["targets"] = tg
            if prev_status.get(meas["id"]) in (
                "partially_fulfilled",
                "not_fulfilled",
                "not_started",
            ):
                item["carried_over"] = year - 1
            # evaluation
            res: dict = {}
            r = rng.random()
            explicit = None
            if r < 0.04:
                explicit = "cancelled"
            elif r < 0.07:
                explicit = "not_started"
            elif r < 0.14:
                explicit = "ongoing"
            elif r < 0.18:
                explicit = rng.choice(["fulfilled", "partially_fulfilled", "not_fulfilled"])
            if explicit:
                res["status"] = RESULT_STATUSES[explicit]
            if explicit not in ("cancelled", "not_started"):
                actuals = {}
                perf = rng.uniform(0.7, 1.15)
                for ind in meas["indicators"]:
                    kd = ind.get("kind", "at_least")
                    if rng.random() < 0.05:
                        continue  # not reported
                    if kd == "boolean":
                        actuals[ind["id"]] = rng.random() < 0.8
                        continue
                    t = ind.get("targets", {}).get(year, ind["target"])
                    if kd == "at_least":
                        v = t * perf * rng.uniform(0.9, 1.1)
                    else:
                        v = t / perf * rng.uniform(0.9, 1.1)
                    actuals[ind["id"]] = round(v * 2) / 2.0 if type(t) is float else int(round(v))
                if actuals:
                    res["actuals"] = actuals
                spent = {}
                for src, amount in planned.items():
                    if rng.random() < 0.9:
                        s = amount * rng.uniform(0.8, 1.03)
                        spent[src] = round(s, 2) if rng.random() < 0.03 else _money(s)
                if spent:
                    res["spent"] = spent
                comment = rng.choice(COMMENTS_OK if perf >= 1.0 else COMMENTS_PARTIAL)
            else:
                comment = COMMENTS_OTHER[explicit]
                if explicit == "not_started":
                    res["spent"] = {src: 0 for src in planned}
            if explicit == "ongoing":
                comment = COMMENTS_OTHER["ongoing"]
            if rng.random() < 0.4 or explicit:
                res["comment"] = comment
            res["evaluated"] = _date(year + 1, rng.randint(1, 3), rng.randint(1, 28))
            item["result"] = res
            items.append(item)
    ap["items"] = items
    return ap


RESPONSIBLE = [
    "Odbor sociálních věcí MěÚ {t}",
    "Koordinátor KPSS",
    "Oblastní charita {t}",
    "Poskytovatelé služby",
    "Odbor sociálních věcí KrÚ JMK",
    "Město {t}",
]


def build_model(
    scale: int = 1, seed: int = 1, *, services: int | None = None, measures: int | None = None, network: bool = True
) -> Model:
    """The model at a scale; ``services`` and ``measures`` (totals) override what the scale gives
    for the catalogue and the plans, ``network=False`` leaves out the services' network entries."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    rng = random.Random(f"kpss-bench:{seed}")
    m = Model()
    shape = "".join(
        [
            f" services={services}" if services is not None else "",
            f" measures={measures}" if measures is not None else "",
            "" if network else " network=off",
        ]
    )
    m.header = (
        f"# kpss benchmark repository, generated by bench/generate.py "
        f"(scale={scale} seed={seed}{shape}); do not edit by hand\n"
    )
    munis = _municipalities(rng)
    m.manifest = {
        "kpss": 1,
        "territory": {
            "name": "Jihomoravský kraj – srovnávací data kpss (celostátní měřítko)",
            "kind": TERRITORY_KINDS["kraj"],
            "region": "CZ064",
            "municipalities": [{"code": c, "name": n} for c, n in munis],
        },
        "coordinator": {
            "name": "Mgr. Jana Dvořáková",
            "email": "kpss@jmk.example.cz",
            "phone": "+420 541 658 111",
            "organisation": "Krajský úřad Jihomoravského kraje, odbor sociálních věcí",
        },
        "fulfilment": {"partial_threshold": 50},
    }
    n_services = 6733 * scale if services is None else services
    n_providers = 800 * scale if services is None else max(1, round(services * 800 / 6733))
    prov_theme = _build_providers(m, rng, n_providers)
    since = _build_services(m, rng, n_services, prov_theme, munis, network)
    _build_groups(m, rng)

    # four plans of 8 priorities: ``measures`` is rounded up to a multiple of 32
    per_priority = 25 * scale if measures is None else -(-measures // 32)
    prev_protos: list[list[_Proto]] | None = None
    prev_ids: list[list[str]] | None = None
    for pi, start in enumerate(PLAN_STARTS):
        protos, links = _plan_protos(rng, prev_protos, per_priority)
        latest = pi == len(PLAN_STARTS) - 1
        # the two older plans predate the catalogue's ids and list no services
        svc_ids = (
            []
            if pi < len(PLAN_STARTS) - 2
            else [s["id"] for s in m.services if latest or since[s["id"]] < start]
        )
        prev_ids = _build_plan(m, rng, pi, protos, links, prev_ids, svc_ids, RESPONSIBLE)
        prev_protos = protos
        plan = m.plans[-1]
        aps: dict[int, dict] = {}
        prev_ap = None
        for year in range(start, start + PERIOD_LEN):
            prev_ap = _build_action_plan(rng, plan, year, prev_ap)
            aps[year] = prev_ap
        m.action_plans[plan["id"]] = aps
    return m


# ---------------------------------------------------------------------------
# Writing, counting, mutating
# ---------------------------------------------------------------------------


def _write(root: pathlib.Path, rel: str, text: str) -> int:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    p.write_bytes(data)
    return len(data)


def write_model(m: Model, root: pathlib.Path, only: set[str] | None = None) -> int:
    total = 0
    for rel, (doc, header) in m.files().items():
        if only is not None and rel not in only:
            continue
        total += _write(root, rel, to_yaml(doc, header))
    return total


def counts(m: Model) -> dict:
    c = {
        "providers": len(m.providers),
        "services": len(m.services),
        "groups": len(m.groups),
        "plans": len(m.plans),
        "priorities": 0,
        "measures": 0,
        "indicators": 0,
        "activities": 0,
        "needs": 0,
        "action_plans": 0,
        "items": 0,
    }
    for p in m.plans:
        c["needs"] += len(p.get("needs", []))
        for pr in p["priorities"]:
            c["priorities"] += 1
            for me in pr["measures"]:
                c["measures"] += 1
                c["indicators"] += len(me.get("indicators", []))
                c["activities"] += len(me.get("activities", []))
        for ap in m.action_plans[p["id"]].values():
            c["action_plans"] += 1
            c["items"] += len(ap["items"])
    return c


def generate(root: pathlib.Path, scale: int = 1, seed: int = 1, **shape: object) -> dict:
    """Write the repository under ``root``; return counts (plus ``files`` and ``bytes``).

    ``shape``: the keyword arguments of :func:`build_model` (services, measures, network)."""
    root = pathlib.Path(root)
    m = build_model(scale, seed, **shape)  # type: ignore[arg-type]
    root.mkdir(parents=True, exist_ok=True)
    nbytes = write_model(m, root)
    c = counts(m)
    c["files"] = len(m.files())
    c["bytes"] = nbytes
    return c


_HEADER_RE = re.compile(rb"scale=(\d+) seed=(\d+)((?: [a-z]+=\w+)*)")


def _all_measures(plan: dict):
    for pr in plan["priorities"]:
        yield from pr["measures"]


def mutate(
    root: pathlib.Path, seed: int = 1, *, scale: int | None = None, gen_seed: int | None = None
) -> dict:
    """Apply a realistic change set to a freshly generated repository under ``root``.

    The model is rebuilt from the ``scale``/``seed`` recorded in the header comment of
    kpss.yaml (or given explicitly), changed, and the touched files are rewritten; so
    call it on the output of :func:`generate`, not on a repository changed since.
    Returns what was changed (ids) and which files were rewritten.
    """
    root = pathlib.Path(root)
    if scale is None or gen_seed is None:
        mo = _HEADER_RE.search((root / "kpss.yaml").read_bytes()[:400])
        if not mo:
            raise ValueError(
                f"{root}/kpss.yaml has no 'scale=N seed=S' header; pass scale and gen_seed"
            )
        scale = int(mo.group(1)) if scale is None else scale
        gen_seed = int(mo.group(2)) if gen_seed is None else gen_seed
        extra = dict(item.split("=") for item in mo.group(3).decode().split())
    else:
        extra = {}
    m = build_model(
        scale,
        gen_seed,
        services=int(extra["services"]) if "services" in extra else None,
        measures=int(extra["measures"]) if "measures" in extra else None,
        network=extra.get("network") != "off",
    )
    rng = random.Random(f"kpss-bench-mutate:{seed}")
    touched: set[str] = set()
    latest = m.plans[-1]
    lp = f"plans/{latest['id']}/plan.yaml"
    measures = list(_all_measures(latest))
    report: dict = {}

    # ~20 indicator targets
    numeric = [
        (me, ind) for me in measures for ind in me["indicators"] if ind.get("kind") != "boolean"
    ]
    changed_inds = []
    for _me, ind in rng.sample(numeric, 20):
        old = ind["target"]
        up = ind.get("kind", "at_least") == "at_least"
        new = old * (rng.uniform(1.05, 1.3) if up else rng.uniform(0.7, 0.95))
        new = round(new * 2) / 2.0 if type(old) is float else int(round(new))
        if new == old:
            new = old + (1 if up else -1) if old >= 1 or up else old + 1
        ind["target"] = new
        end = max(ind["targets"])
        ind["targets"][end] = new
        changed_inds.append(ind["id"])
    report["indicator_targets"] = changed_inds
    touched.add(lp)

    # 5 measure titles
    renamed = []
    for me in rng.sample(measures, 5):
        me["title"] = rng.choice(RENAME_PREFIXES) + me["title"][0].lower() + me["title"][1:]
        renamed.append(me["id"])
    report["renamed_measures"] = renamed

    # 10 services deleted, with every reference to them
    victims = set(s["id"] for s in rng.sample(m.services, 10))
    m.services = [s for s in m.services if s["id"] not in victims]
    for plan in m.plans:
        for me in _all_measures(plan):
            svcs = me.get("services")
            if svcs and victims.intersection(svcs):
                kept = [s for s in svcs if s not in victims]
                if kept:
                    me["services"] = kept
                else:
                    del me["services"]
                touched.add(f"plans/{plan['id']}/plan.yaml")
    report["deleted_services"] = sorted(victims)

    # 5 services added (registered, referenced by a measure of their type in the latest plan)
    existing = {s["id"] for s in m.services} | victims
    added = []
    typed = [me for me in measures if me.get("service_types")]
    for _ in range(5):
        while True:
            sid = f"{rng.randrange(1_000_000, 10_000_000):07d}"
            if sid not in existing:
                existing.add(sid)
                break
        me = rng.choice(typed)
        typ = me["service_types"][0]
        prov = rng.choice(m.providers)
        town = prov["address"].split(", ")[-1][7:]
        label = SERVICE_TYPES[typ][0]
        svc = {
            "id": sid,
            "name": f"{label[0].upper()}{label[1:]} {town} (nová služba)",
            "provider": prov["id"],
            "type": ST[typ],
            "forms": [SERVICE_FORMS[FORMS_BY_TYPE[typ][0]]],
            "target_groups": list(me["target_groups"]),
            "capacity": {"clients": rng.randrange(5, 40)},
            "network": [2025],
        }
        m.services.append(svc)
        me["services"] = sorted(me.get("services", []) + [sid])
        added.append(sid)
    report["added_services"] = added
    touched.add("services.yaml")

    # 15 measure budgets
    rebudget = []
    for me in rng.sample(measures, 15):
        years = sorted(me["budget"])
        y = rng.choice(years)
        src = rng.choice(list(me["budget"][y]))
        me["budget"][y][src] = _money(me["budget"][y][src] * rng.uniform(1.05, 1.4))
        if rng.random() < 0.3:
            extra = rng.choice([s for s in FUNDING_SOURCES.values() if s not in me["budget"][y]])
            me["budget"][y][extra] = _money(rng.uniform(50_000, 500_000))
        rebudget.append(me["id"])
    report["budgets"] = rebudget

    # results of 10 items of one action plan (the one before the last year)
    year = latest["period"]["end"] - 1
    ap = m.action_plans[latest["id"]][year]
    ind_kind = {
        ind["id"]: ind.get("kind", "at_least") for me in measures for ind in me["indicators"]
    }
    cands = [it for it in ap["items"] if "actuals" in it.get("result", {})]
    reres = []
    for it in rng.sample(cands, 10):
        res = it["result"]
        for iid, v in list(res["actuals"].items()):
            if ind_kind[iid] == "boolean":
                res["actuals"][iid] = not v
            elif type(v) is float:
                res["actuals"][iid] = round(v * rng.uniform(0.8, 1.2) * 2) / 2.0
            else:
                res["actuals"][iid] = max(0, int(round(v * rng.uniform(0.8, 1.2))) + 1)
        old = res.get("comment")
        res["comment"] = "Hodnoty opraveny po kontrole výkazů poskytovatelů." + (
            f" {old}" if old else ""
        )
        if rng.random() < 0.5:
            res["status"] = RESULT_STATUSES[rng.choice(["fulfilled", "partially_fulfilled"])]
        order = ("status", "actuals", "spent", "comment", "evaluated")
        it["result"] = {k: res[k] for k in order if k in res}
        reres.append(it["measure"])
    report["changed_results"] = {"action_plan": f"{latest['id']}/{year}", "items": reres}
    touched.add(f"plans/{latest['id']}/action-plans/{year}.yaml")

    write_model(m, root, touched)
    report["files"] = sorted(touched)
    return report


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------

_GIT_ENV = {
    "GIT_AUTHOR_NAME": "kpss bench",
    "GIT_AUTHOR_EMAIL": "bench@kpss.invalid",
    "GIT_COMMITTER_NAME": "kpss bench",
    "GIT_COMMITTER_EMAIL": "bench@kpss.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(root: pathlib.Path, *args: str, date: str) -> None:
    env = dict(os.environ, **_GIT_ENV, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    env["HOME"] = env.get("HOME", "/nonexistent")
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args],
        cwd=root,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _tree_bytes(root: pathlib.Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*.yaml") if ".git" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=pathlib.Path, metavar="OUT_DIR")
    ap.add_argument(
        "--scale",
        type=int,
        default=1,
        help="multiplies providers, services and measures (default 1)",
    )
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--services", type=int, help="number of services (default 6,733 × scale)")
    ap.add_argument("--measures", type=int, help="measures of the four plans (default 800 × scale; rounded up to × 32)")
    ap.add_argument("--no-network", action="store_true", help="services without network entries")
    ap.add_argument(
        "--git",
        action="store_true",
        help="make OUT_DIR a git repository: commit 1 = generated, commit 2 = mutate()",
    )
    args = ap.parse_args(argv)
    if args.scale < 1:
        ap.error("--scale must be at least 1")
    out: pathlib.Path = args.out_dir
    if args.git and (out / ".git").exists():
        print(f"error: {out} is already a git repository", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    c = generate(out, args.scale, args.seed, services=args.services, measures=args.measures, network=not args.no_network)
    t1 = time.perf_counter()
    for k, v in c.items():
        print(f"{k:>13}: {v:,}")
    print(f"{'generated in':>13}: {t1 - t0:.2f} s")
    if args.git:
        _git(out, "init", "-q", "-b", "main", date="2025-01-15T09:00:00+01:00")
        _git(out, "add", "-A", date="2025-01-15T09:00:00+01:00")
        _git(
            out,
            "commit",
            "-q",
            "-m",
            f"Generated benchmark repository (scale {args.scale}, seed {args.seed})",
            date="2025-01-15T09:00:00+01:00",
        )
        rep = mutate(out, args.seed)
        _git(out, "add", "-A", date="2025-03-03T14:30:00+01:00")
        msg = (
            "Benchmark change set: "
            f"{len(rep['indicator_targets'])} indicator targets, "
            f"{len(rep['renamed_measures'])} titles, "
            f"-{len(rep['deleted_services'])}/+{len(rep['added_services'])} services, "
            f"{len(rep['budgets'])} budgets, {len(rep['changed_results']['items'])} results "
            f"in {rep['changed_results']['action_plan']}"
        )
        _git(out, "commit", "-q", "-m", msg, date="2025-03-03T14:30:00+01:00")
        print(f"{'git':>13}: 2 commits ({msg}); files changed: {', '.join(rep['files'])}")
        print(f"{'bytes after':>13}: {_tree_bytes(out):,}")
        print(f"{'total time':>13}: {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
