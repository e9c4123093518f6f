"""Writes the expert finder's evaluation set: profiles.json and queries.json beside this file.

    .venv/bin/python src/campus/research/finder/eval/make_eval_set.py

Deterministic (seeded). Each synthetic expert is given an intended expertise first (a primary
field and sometimes a secondary one, below); the profile's ESCO skills, free keywords (in
the language of the expert's country, or English), outputs and topics are then drawn from
that field. A query is written for a field, and its relevance judgements follow from the
intended expertise alone (3: the field is the expert's primary one; 2: their secondary one;
1: a sibling field of the same area), never from any ranker's output. Skills are named by
their English ESCO v1.2.0 preferred labels and resolved to URIs from the shipped extract.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
ESCO = HERE.parents[2] / "skills" / "data" / "esco"

COUNTRIES = {  # country -> (language of its profiles, institution code)
    "BE": ("nl", "B  KORTRIJ01"),
    "NL": ("nl", "NL UTRECHT24"),
    "DK": ("da", "DK KOBENHA05"),
    "PT": ("pt", "P  PORTO05"),
    "DE": ("de", "D  MUNCHEN06"),
    "SE": ("sv", "S  JONKOPI01"),
    "FI": ("fi", "SF HELSINK39"),
    "LT": ("lt", "LT VILNIUS06"),
    "CZ": ("cs", "CZ PRAHA10"),
}
QUERY_LANGUAGES = ["en", "nl", "de", "sv", "fi", "pt", "da", "lt", "cs"]

# field: area, topic, English ESCO labels, keywords per language (";"-separated), outputs,
# and the queries written for it, by language.
FIELDS = {
    "flood": {
        "area": "water",
        "topic": "climate-adaptation",
        "skills": [
            "develop flood remediation strategies",
            "advise on soil and water protection",
            "watershed development",
            "plan water resource development",
            "create risk maps",
            "collect weather-related data",
        ],
        "keywords": {
            "en": "flood risk management; stormwater and river flooding",
            "nl": "overstromingsrisico; waterbeheer en dijken",
            "de": "Hochwasserschutz; Starkregen und Überflutung",
            "da": "oversvømmelsesrisiko; klimatilpasning af byer",
            "pt": "risco de inundação; gestão de cheias urbanas",
            "sv": "översvämningsrisk; dagvattenhantering",
            "fi": "tulvariskien hallinta; hulevesien hallinta",
            "lt": "potvynių rizika; lietaus vandens valdymas",
            "cs": "povodňová rizika; protipovodňová ochrana",
        },
        "outputs": [
            "Flood resilience of small towns",
            "Nature-based solutions for river flooding",
        ],
        "queries": {
            "en": "help with flood risk in a small town",
            "nl": "overstromingsrisico in een kleine gemeente",
            "de": "Hochwasserrisiko in einer Kleinstadt",
            "sv": "översvämningsrisk i en liten kommun",
            "fi": "tulvariskit pienessä kaupungissa",
        },
    },
    "water_quality": {
        "area": "water",
        "topic": "water-management",
        "skills": [
            "monitor water quality",
            "interpret scientific data to assess water quality",
            "carry out waste water treatment",
            "develop water purification methods",
            "water reuse",
            "manage water quality testing",
        ],
        "keywords": {
            "en": "drinking water quality; wastewater treatment plants",
            "nl": "waterkwaliteit; afvalwaterzuivering",
            "de": "Wasserqualität; Abwasserreinigung",
            "da": "vandkvalitet; spildevandsrensning",
            "pt": "qualidade da água; tratamento de águas residuais",
            "sv": "vattenkvalitet; avloppsrening",
            "fi": "vedenlaatu; jätevedenpuhdistus",
            "lt": "vandens kokybė; nuotekų valymas",
            "cs": "kvalita vody; čištění odpadních vod",
        },
        "outputs": ["Micropollutants in municipal wastewater", "Water reuse in food industry"],
        "queries": {
            "sv": "övervaka vattenkvalitet",
            "fi": "veden laadun seuranta",
            "pt": "tratamento de águas residuais e qualidade da água",
        },
    },
    "renewables": {
        "area": "energy",
        "topic": "energy-transition",
        "skills": [
            "renewable energy",
            "solar energy",
            "wind energy",
            "design solar energy systems",
            "research locations for wind farms",
            "perform feasibility study on geothermal energy",
        ],
        "keywords": {
            "en": "solar photovoltaics; offshore wind power",
            "nl": "zonnepanelen; windenergie op zee",
            "de": "Photovoltaik; Windkraft",
            "da": "solceller; vindmøller",
            "pt": "energia solar fotovoltaica; energia eólica",
            "sv": "solceller; vindkraft",
            "fi": "aurinkosähkö; tuulivoima",
            "lt": "saulės energija; vėjo energetika",
            "cs": "fotovoltaika; větrná energie",
        },
        "outputs": ["Community solar in rural regions", "Siting onshore wind farms"],
        "queries": {
            "da": "vedvarende energi og vindmøller",
            "lt": "atsinaujinanti saulės energija",
            "cs": "obnovitelná energie a fotovoltaika",
            "fi": "aurinkoenergia ja tuulivoima",
        },
    },
    "buildings": {
        "area": "energy",
        "topic": "energy-transition",
        "skills": [
            "energy efficiency",
            "advise on heating systems energy efficiency",
            "design the insulation concept",
            "develop energy saving concepts",
            "sustainable building design",
            "design heat pump installations",
        ],
        "keywords": {
            "en": "energy renovation of buildings; heat pumps",
            "nl": "energiezuinige renovatie; warmtepompen",
            "de": "energetische Sanierung; Wärmepumpen",
            "da": "energirenovering af bygninger; varmepumper",
            "pt": "eficiência energética dos edifícios; bombas de calor",
            "sv": "energieffektiva byggnader; värmepumpar",
            "fi": "rakennusten energiatehokkuus; lämpöpumput",
            "lt": "pastatų energinis efektyvumas; šilumos siurbliai",
            "cs": "energetická účinnost budov; tepelná čerpadla",
        },
        "outputs": ["Deep renovation of social housing", "Heat pumps in old buildings"],
        "queries": {
            "en": "energy efficiency of buildings and insulation",
            "nl": "energie-efficiëntie van gebouwen",
            "de": "Energieeffizienz und Dämmung",
        },
    },
    "waste": {
        "area": "circular",
        "topic": "circular-economy",
        "skills": [
            "waste management",
            "develop waste management processes",
            "develop recycling programs",
            "identify new recycling opportunities",
            "hazardous waste treatment",
            "monitor composting",
        ],
        "keywords": {
            "en": "municipal waste collection; plastic recycling",
            "nl": "afvalinzameling; recycling van kunststof",
            "de": "Abfallwirtschaft; Kunststoffrecycling",
            "da": "affaldshåndtering; genanvendelse af plast",
            "pt": "gestão de resíduos; reciclagem de plásticos",
            "sv": "avfallshantering; återvinning av plast",
            "fi": "jätehuolto; muovin kierrätys",
            "lt": "atliekų tvarkymas; plastiko perdirbimas",
            "cs": "odpadové hospodářství; recyklace plastů",
        },
        "outputs": ["Sorting behaviour in apartment blocks", "Recycling programmes for SMEs"],
        "queries": {
            "sv": "avfallshantering och återvinning",
            "fi": "jätehuolto ja kierrätys",
            "pt": "gestão de resíduos urbanos",
        },
    },
    "circular": {
        "area": "circular",
        "topic": "circular-economy",
        "skills": [
            "circular economy",
            "assess the life cycle of resources",
            "promote sustainable packaging",
            "use sustainable materials and components",
            "bioeconomy",
            "implement sustainable procurement",
        ],
        "keywords": {
            "en": "circular business models; life cycle assessment",
            "nl": "circulaire bedrijfsmodellen; levenscyclusanalyse",
            "de": "Kreislaufwirtschaft; Ökobilanz",
            "da": "cirkulær økonomi; livscyklusvurdering",
            "pt": "economia circular; avaliação do ciclo de vida",
            "sv": "cirkulär ekonomi; livscykelanalys",
            "fi": "kiertotalous; elinkaariarviointi",
            "lt": "žiedinė ekonomika; gyvavimo ciklo vertinimas",
            "cs": "oběhové hospodářství; hodnocení životního cyklu",
        },
        "outputs": ["Circular procurement in municipalities", "Life cycle of textile products"],
        "queries": {
            "da": "cirkulær økonomi for virksomheder",
            "lt": "žiedinė ekonomika ir tvarios medžiagos",
            "cs": "oběhové hospodářství",
        },
    },
    "machine_learning": {
        "area": "digital",
        "topic": "smart-regions",
        "skills": [
            "machine learning",
            "utilise machine learning",
            "data mining",
            "artificial neural networks",
            "apply statistical analysis techniques",
            "principles of artificial intelligence",
        ],
        "keywords": {
            "en": "deep learning; predictive analytics",
            "nl": "kunstmatige intelligentie; voorspellende modellen",
            "de": "künstliche Intelligenz; neuronale Netze",
            "da": "kunstig intelligens; maskinlæring",
            "pt": "inteligência artificial; aprendizagem automática",
            "sv": "artificiell intelligens; maskininlärning",
            "fi": "tekoäly; koneoppiminen",
            "lt": "dirbtinis intelektas; mašininis mokymasis",
            "cs": "umělá inteligence; strojové učení",
        },
        "outputs": ["Forecasting regional energy demand", "Explainable models for SMEs"],
        "queries": {
            "en": "machine learning and data mining",
            "nl": "machinaal leren voor voorspellingen",
            "de": "maschinelles Lernen und künstliche neuronale Netze",
        },
    },
    "cybersecurity": {
        "area": "digital",
        "topic": "resilient-smes",
        "skills": [
            "cyber security",
            "handle cybersecurity incidents",
            "identify ICT security risks",
            "perform ICT security testing",
            "protect personal data and privacy",
            "implement ICT security policies",
        ],
        "keywords": {
            "en": "penetration testing; information security",
            "nl": "informatiebeveiliging; privacy en AVG",
            "de": "IT-Sicherheit; Datenschutz",
            "da": "informationssikkerhed; databeskyttelse",
            "pt": "segurança da informação; proteção de dados",
            "sv": "informationssäkerhet; dataskydd",
            "fi": "tietoturva; tietosuoja",
            "lt": "kibernetinis saugumas; duomenų apsauga",
            "cs": "kybernetická bezpečnost; ochrana osobních údajů",
        },
        "outputs": ["Ransomware readiness of small firms", "Security testing of web shops"],
        "queries": {
            "sv": "cybersäkerhet för småföretag",
            "fi": "kyberturvallisuus ja tietoturvariskit",
            "pt": "cibersegurança para pequenas empresas",
            "nl": "cyberbeveiliging en privacy",
        },
    },
    "agriculture": {
        "area": "food",
        "topic": "sustainable-food",
        "skills": [
            "climate smart agriculture",
            "sustainable agricultural production principles",
            "conservation agriculture",
            "soil science",
            "create crop protection plans",
            "agroecology",
        ],
        "keywords": {
            "en": "regenerative farming; soil health",
            "nl": "duurzame landbouw; bodemgezondheid",
            "de": "nachhaltige Landwirtschaft; Bodengesundheit",
            "da": "bæredygtigt landbrug; jordens frugtbarhed",
            "pt": "agricultura sustentável; saúde do solo",
            "sv": "hållbart jordbruk; markhälsa",
            "fi": "kestävä maatalous; maaperän terveys",
            "lt": "tvarus žemės ūkis; dirvožemio sveikata",
            "cs": "udržitelné zemědělství; zdraví půdy",
        },
        "outputs": ["Cover crops on clay soils", "Farmers' adoption of agroecology"],
        "queries": {
            "da": "bæredygtigt landbrug og jord",
            "lt": "tvarus žemės ūkis",
            "cs": "udržitelné zemědělství a půda",
        },
    },
    "food_waste": {
        "area": "food",
        "topic": "sustainable-food",
        "skills": [
            "develop food waste reduction strategies",
            "food waste monitoring systems",
            "conduct research on food waste prevention",
            "design indicators for food waste reduction",
            "train staff to reduce food waste",
            "dispose food waste",
        ],
        "keywords": {
            "en": "food waste in hospitality; surplus food redistribution",
            "nl": "voedselverspilling; restaurants en horeca",
            "de": "Lebensmittelverschwendung; Gastronomie",
            "da": "madspild; storkøkkener",
            "pt": "desperdício alimentar; restauração",
            "sv": "matsvinn; storkök",
            "fi": "ruokahävikki; suurkeittiöt",
            "lt": "maisto švaistymas; viešasis maitinimas",
            "cs": "plýtvání potravinami; gastronomie",
        },
        "outputs": ["Measuring plate waste in school canteens", "Food waste in hotel kitchens"],
        "queries": {
            "en": "reduce food waste in restaurants",
            "nl": "voedselverspilling verminderen",
            "de": "Lebensmittelabfälle reduzieren",
        },
    },
    "marketing": {
        "area": "business",
        "topic": "resilient-smes",
        "skills": [
            "digital marketing techniques",
            "social media marketing techniques",
            "plan digital marketing",
            "marketing analytics",
            "mobile marketing",
            "e-commerce systems",
        ],
        "keywords": {
            "en": "online marketing; social media campaigns",
            "nl": "online marketing; sociale media",
            "de": "Online-Marketing; soziale Medien",
            "da": "digital markedsføring; sociale medier",
            "pt": "marketing digital; redes sociais",
            "sv": "digital marknadsföring; sociala medier",
            "fi": "digitaalinen markkinointi; sosiaalinen media",
            "lt": "skaitmeninė rinkodara; socialiniai tinklai",
            "cs": "digitální marketing; sociální sítě",
        },
        "outputs": ["Social media for rural tourism firms", "E-commerce adoption by SMEs"],
        "queries": {
            "sv": "digital marknadsföring i sociala medier",
            "fi": "digitaalinen markkinointi pk-yrityksille",
            "pt": "marketing digital e comércio eletrónico",
        },
    },
    "entrepreneurship": {
        "area": "business",
        "topic": "resilient-smes",
        "skills": [
            "show entrepreneurial spirit",
            "develop online sales business plan",
            "think innovatively",
            "promote open innovation in research",
            "business analytics",
            "sustainable finance",
        ],
        "keywords": {
            "en": "start-ups and entrepreneurship; open innovation",
            "nl": "ondernemerschap; open innovatie",
            "de": "Unternehmertum; Gründungsberatung",
            "da": "iværksætteri; åben innovation",
            "pt": "empreendedorismo; inovação aberta",
            "sv": "entreprenörskap; öppen innovation",
            "fi": "yrittäjyys; avoin innovaatio",
            "lt": "verslumas; atviros inovacijos",
            "cs": "podnikání; otevřené inovace",
        },
        "outputs": ["Student start-ups in regional ecosystems", "Open innovation with SMEs"],
        "queries": {
            "da": "iværksætteri og innovation",
            "lt": "verslumas ir inovacijos",
            "cs": "podnikavost a inovace",
        },
    },
    "mobility": {
        "area": "mobility",
        "topic": "smart-regions",
        "skills": [
            "green logistics",
            "develop efficiency plans for logistics operations",
            "mobility as a service",
            "implement route planning in smart mobility services",
            "promote the use of sustainable transport",
            "optimise fleet usability",
        ],
        "keywords": {
            "en": "last-mile delivery; shared mobility",
            "nl": "stadslogistiek; deelmobiliteit",
            "de": "City-Logistik; geteilte Mobilität",
            "da": "bylogistik; delemobilitet",
            "pt": "logística urbana; mobilidade partilhada",
            "sv": "stadslogistik; delad mobilitet",
            "fi": "kaupunkilogistiikka; jaettu liikkuminen",
            "lt": "miesto logistika; dalijimosi judumas",
            "cs": "městská logistika; sdílená mobilita",
        },
        "outputs": ["Cargo bikes for urban deliveries", "Mobility as a service in rural areas"],
        "queries": {
            "en": "green logistics and sustainable transport",
            "nl": "groene logistiek",
            "de": "Mobilität als Dienstleistung und Routenplanung",
        },
    },
    "digital_inclusion": {
        "area": "inclusion",
        "topic": "digital-inclusion",
        "skills": [
            "teach digital literacy",
            "use e-services",
            "work with e-services available to citizens",
            "ICT accessibility standards",
            "test system accessibility for users with special needs",
            "promote the participation of citizens in scientific and research activities",
        ],
        "keywords": {
            "en": "digital skills of older adults; accessible public services",
            "nl": "digitale geletterdheid; digitale inclusie van ouderen",
            "de": "digitale Teilhabe; Medienkompetenz für Senioren",
            "da": "digital inklusion; ældres digitale kompetencer",
            "pt": "inclusão digital; literacia digital de idosos",
            "sv": "digital delaktighet; äldres digitala kompetens",
            "fi": "digitaalinen osallisuus; ikääntyneiden digitaidot",
            "lt": "skaitmeninė įtrauktis; senjorų skaitmeniniai įgūdžiai",
            "cs": "digitální inkluze; digitální gramotnost seniorů",
        },
        "outputs": ["Older citizens and e-government", "Accessibility audits of public websites"],
        "queries": {
            "sv": "digital kompetens och e-tjänster för äldre",
            "fi": "digitaalinen lukutaito ja saavutettavuus",
            "pt": "literacia digital e inclusão digital",
            "en": "teach digital literacy to older citizens",
        },
    },
}


def _english_labels() -> dict[str, str]:
    labels = {}
    for path in sorted(ESCO.glob("*Collection_en.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                labels[row["preferredLabel"]] = row["conceptUri"]
    return labels


def build() -> tuple[list[dict], list[dict]]:
    rng = random.Random(2026)
    uri_of = _english_labels()
    skills = {name: [uri_of[label] for label in f["skills"]] for name, f in FIELDS.items()}
    names = list(FIELDS)
    countries = list(COUNTRIES)
    profiles = []
    for n in range(150):
        primary = names[n % len(names)]
        country = countries[(n * 5 + n // len(names)) % len(countries)]
        home, institution = COUNTRIES[country]
        others = [f for f in names if FIELDS[f]["area"] != FIELDS[primary]["area"]]
        secondary = rng.choice(others) if rng.random() < 0.4 else None
        # Some experts name only skills, some only keywords; a quarter write in English.
        kind = rng.choices(["both", "skills", "keywords"], weights=[6, 2, 2])[0]
        language = "en" if rng.random() < 0.25 else home
        profile_skills = []
        keywords = []
        if kind != "keywords":
            profile_skills = rng.sample(skills[primary], rng.randint(2, 4))
            if secondary:
                profile_skills.append(rng.choice(skills[secondary]))
        if kind != "skills":
            keywords = [k.strip() for k in FIELDS[primary]["keywords"][language].split(";")]
            if secondary:
                keywords.append(FIELDS[secondary]["keywords"][language].split(";")[0].strip())
        outputs = [rng.choice(FIELDS[primary]["outputs"])] if rng.random() < 0.5 else []
        topics = [FIELDS[primary]["topic"]] if rng.random() < 0.7 else []
        spoken = sorted({home, "en", *(["de"] if rng.random() < 0.2 else [])})
        available = sorted(
            flag for flag in ("challenges", "supervision", "consultancy") if rng.random() < 0.6
        )
        profiles.append(
            {
                "id": f"e{n + 1:03d}",
                "name": f"Expert {n + 1:03d}",
                "institution": institution,
                "country": country,
                "languages": spoken,
                "skills": profile_skills,
                "keywords": keywords,
                "topics": topics,
                "outputs": outputs,
                "available_for": available,
                # The intended expertise and the language the profile is written in: the
                # ground truth of the judgements, never shown to a ranker.
                "intended": {"primary": primary, "secondary": secondary, "language": language},
            }
        )
    queries = []
    for name, f in FIELDS.items():
        for language, text in f["queries"].items():
            judgements = {}
            for p in profiles:
                grade = 0
                if p["intended"]["primary"] == name:
                    grade = 3
                elif p["intended"]["secondary"] == name:
                    grade = 2
                elif FIELDS[p["intended"]["primary"]]["area"] == f["area"]:
                    grade = 1
                if grade:
                    judgements[p["id"]] = grade
            queries.append(
                {
                    "id": f"{name}-{language}",
                    "language": language,
                    "text": text,
                    "field": name,
                    "relevance": judgements,
                }
            )
    return profiles, queries


def main() -> None:
    profiles, queries = build()
    for name, rows in (("profiles.json", profiles), ("queries.json", queries)):
        (HERE / name).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(profiles)} profiles, {len(queries)} queries")


if __name__ == "__main__":
    main()
