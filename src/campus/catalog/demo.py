"""The demo catalogue: about 80 courses per scale step over all types and all nine partners,
runs in the past, current and next terms, joint programmes, and enrolments with results.

Deterministic (each course is drawn from its own seeded random generator, so course n is the
same at scale 1 and scale 10) and idempotent (courses and programmes are keyed by their code;
a course, its runs and their enrolments are written together in one transaction, so a course
that exists is complete). Everything goes through the real services, acting as the people who
would do it: coordinators add courses and runs, learners enrol, teachers record results and
close runs, the alliance administrator sets up the programmes. Dates are relative to today, so
the demo stays alive: enrolment is open now for the current and the next runs.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from campus.alliance.models import Institution
from campus.people.models import Person
from campus.people.models import Role as R
from campus.people.selectors import people_affiliations_prime
from campus.skills.selectors import skills_search

from . import services
from .models import Course, CourseType, Enrolment, EnrolmentStatus, Mode, Programme
from .programmes import programme_create

SEED = 20250917
COURSES_PER_SCALE = 80
LOCAL_LANGUAGES = ("nl", "da", "pt", "de", "sv", "fi", "lt", "cs")
DEMO_EMAILS = {
    "admin@campus.test",
    "coordinator@campus.test",
    "lecturer@campus.test",
    "researcher@campus.test",
    "student@campus.test",
    "learner@campus.test",
    "stakeholder@campus.test",
}

T = CourseType
CHALLENGE, COURSE, FLEXIBLE, ONLINE, MOOC = T.CHALLENGE, T.COURSE, T.FLEXIBLE, T.ONLINE, T.MOOC


@dataclass(frozen=True)
class Topic:
    """A base course: its title in English and in the partners' languages, and what it teaches."""

    key: str
    title: str
    local: str  # "|"-separated, in the order of LOCAL_LANGUAGES
    isced: str
    eqf: tuple[int, ...]
    themes: tuple[str, ...]
    types: tuple[str, ...]
    description: str
    outcomes: tuple[tuple[str, str], ...]  # (outcome, keyword to find its ESCO skill)

    def title_in(self, language: str) -> str:
        return dict(zip(LOCAL_LANGUAGES, self.local.split("|"), strict=True)).get(language, "")


TOPICS = [
    Topic(
        "CLAD",
        "Climate adaptation for small municipalities",
        "Klimaatadaptatie voor kleine gemeenten|Klimatilpasning for små kommuner|Adaptação climática para pequenos municípios|Klimaanpassung für kleine Gemeinden|Klimatanpassning för små kommuner|Ilmastonmuutokseen sopeutuminen pienissä kunnissa|Prisitaikymas prie klimato kaitos mažose savivaldybėse|Adaptace na změnu klimatu v malých obcích",
        "0712",
        (5, 6, 7),
        ("nature", "people", "green"),
        (COURSE, CHALLENGE, ONLINE),
        "Heavier rain, longer droughts and hotter summers hit small municipalities with few specialists. Together with the climate officers of {region} you map local risks, compare adaptation measures and write an adaptation plan that a town council can adopt.",
        (
            (
                "Assess how climate change affects a municipality's people, buildings and nature.",
                "climate change impact",
            ),
            ("Draw a local climate risk map from open data.", "create risk maps"),
            (
                "Compare adaptation measures on cost, effect and co-benefits.",
                "green space strategies",
            ),
            (
                "Present an adaptation plan to councillors and residents.",
                "communicate with a non-scientific audience",
            ),
        ),
    ),
    Topic(
        "WETL",
        "Wetland restoration in practice",
        "Wetlandherstel in de praktijk|Genopretning af vådområder i praksis|Restauro de zonas húmidas na prática|Renaturierung von Feuchtgebieten in der Praxis|Restaurering av våtmarker i praktiken|Kosteikkojen ennallistaminen käytännössä|Šlapynių atkūrimas praktikoje|Obnova mokřadů v praxi",
        "0522",
        (5, 6),
        ("nature", "green"),
        (CHALLENGE, COURSE),
        "Wetlands store carbon, hold back floods and shelter rare species. In field days around {city} you survey a drained site, design its restoration with the landowners and learn how to follow what comes back.",
        (
            (
                "Plan the restoration of a drained wetland with its owners and users.",
                "habitat restoration",
            ),
            ("Survey the hydrology, vegetation and birds of a wetland site.", "ecosystems"),
            (
                "Follow up a restoration with a simple monitoring plan.",
                "monitor nature conservation",
            ),
        ),
    ),
    Topic(
        "FLOD",
        "Flood risk management and early warning",
        "Overstromingsrisicobeheer en vroegtijdige waarschuwing|Håndtering af oversvømmelsesrisiko og tidlig varsling|Gestão do risco de cheias e alerta precoce|Hochwasserrisikomanagement und Frühwarnung|Hantering av översvämningsrisker och tidig varning|Tulvariskien hallinta ja varhaisvaroitus|Potvynių rizikos valdymas ir ankstyvasis perspėjimas|Řízení povodňových rizik a včasné varování",
        "0732",
        (6, 7),
        ("nature", "people", "digital"),
        (COURSE, ONLINE),
        "From river basins to cellars: how regions such as {region} prepare for floods, warn people in time and recover afterwards. You work with real gauge data and the emergency plans of a partner municipality.",
        (
            (
                "Develop flood remediation strategies for a river catchment.",
                "develop flood remediation strategies",
            ),
            (
                "Analyse water level and rainfall data to set warning thresholds.",
                "perform data analysis",
            ),
            (
                "Advise a municipality on environmental risk management.",
                "advise on environmental risk management systems",
            ),
        ),
    ),
    Topic(
        "NBSC",
        "Nature-based solutions for cities",
        "Natuurgebaseerde oplossingen voor steden|Naturbaserede løsninger til byer|Soluções baseadas na natureza para cidades|Naturbasierte Lösungen für Städte|Naturbaserade lösningar för städer|Luontopohjaiset ratkaisut kaupungeille|Gamta grįsti sprendimai miestams|Přírodě blízká řešení pro města",
        "0731",
        (6, 7),
        ("nature", "people", "green"),
        (COURSE, CHALLENGE),
        "Green roofs, rain gardens, urban forests and open water cool cities and make them greener. You design nature-based solutions for a neighbourhood of {city} and calculate what they do for heat, water and biodiversity.",
        (
            ("Design green space strategies for a dense neighbourhood.", "green space strategies"),
            (
                "Judge the effect of nature-based solutions on urban sustainability.",
                "urban sustainability",
            ),
            (
                "Involve residents in the design of their own street.",
                "participate actively in civic life",
            ),
        ),
    ),
    Topic(
        "DTWM",
        "Digital twins for water management",
        "Digitale tweelingen voor waterbeheer|Digitale tvillinger til vandforvaltning|Gémeos digitais para a gestão da água|Digitale Zwillinge für das Wassermanagement|Digitala tvillingar för vattenförvaltning|Digitaaliset kaksoset vesienhallinnassa|Skaitmeniniai dvyniai vandens išteklių valdymui|Digitální dvojčata pro hospodaření s vodou",
        "0688",
        (6, 7),
        ("digital", "nature", "ai"),
        (COURSE, ONLINE, CHALLENGE),
        "A digital twin joins sensors, models and maps into a live picture of a water system. With the water board of {region} you build a small twin of a catchment and use it to test what-if scenarios for drought and heavy rain.",
        (
            ("Explain what a digital twin is and what it needs.", "digital twin technology"),
            ("Connect sensor data to a simple simulation model.", "computer simulation"),
            (
                "Use the Internet of Things to measure water levels and quality.",
                "Internet of Things",
            ),
            ("Visualise scenarios for decision makers.", "deliver visual presentation of data"),
        ),
    ),
    Topic(
        "CENE",
        "Community energy cooperatives",
        "Energiecoöperaties van burgers|Lokale energiefællesskaber|Cooperativas de energia comunitária|Bürgerenergiegenossenschaften|Lokala energikooperativ|Paikalliset energiaosuuskunnat|Bendruomenės energetikos kooperatyvai|Komunitní energetická družstva",
        "0713",
        (5, 6),
        ("green", "people", "businesses"),
        (COURSE, FLEXIBLE, CHALLENGE),
        "Citizens who own their wind turbines and solar roofs keep the energy transition local. You study how energy cooperatives in {region} and across Europe start, finance and run their projects, and draft a business case for a new one.",
        (
            (
                "Explain the legal and financial models of energy communities.",
                "sustainable finance",
            ),
            ("Estimate the yield of a local renewable energy project.", "renewable energy"),
            (
                "Engage citizens and local authorities in an energy project.",
                "participate actively in civic life",
            ),
        ),
    ),
    Topic(
        "DRFA",
        "Drought-resilient farming",
        "Droogtebestendige landbouw|Tørkeresistent landbrug|Agricultura resiliente à seca|Dürreresiliente Landwirtschaft|Torktåligt jordbruk|Kuivuutta kestävä maatalous|Sausroms atspari žemdirbystė|Zemědělství odolné vůči suchu",
        "0811",
        (5, 6, 7),
        ("nature", "green", "businesses"),
        (COURSE, FLEXIBLE, CHALLENGE),
        "Dry summers are the new normal from the Alentejo to South Moravia. On farms around {city} you compare soil management, crop choice and irrigation strategies that keep yields up with less water.",
        (
            ("Develop irrigation strategies that save water.", "develop irrigation strategies"),
            (
                "Apply principles of sustainable agricultural production.",
                "sustainable agricultural production principles",
            ),
            ("Advise a farmer on soil structure and water retention.", "soil structure"),
        ),
    ),
    Topic(
        "PAGD",
        "Precision agriculture with drones",
        "Precisielandbouw met drones|Præcisionslandbrug med droner|Agricultura de precisão com drones|Präzisionslandwirtschaft mit Drohnen|Precisionsjordbruk med drönare|Täsmäviljely droonien avulla|Tikslusis ūkininkavimas naudojant dronus|Precizní zemědělství s drony",
        "0811",
        (5, 6),
        ("digital", "green", "ai"),
        (FLEXIBLE, COURSE, ONLINE),
        "Drones, satellite images and field sensors show farmers where their crops need water, fertiliser or protection. You fly, process and interpret imagery of fields near {city} and turn it into a task map.",
        (
            ("Apply precision farming techniques on a real field.", "apply precision farming"),
            ("Plan a safe flight with unmanned air systems.", "unmanned air systems"),
            ("Process aerial images into crop health maps.", "geographic information systems"),
        ),
    ),
    Topic(
        "BIOM",
        "Biodiversity monitoring with citizen science",
        "Biodiversiteitsmonitoring met burgerwetenschap|Overvågning af biodiversitet med borgervidenskab|Monitorização da biodiversidade com ciência cidadã|Biodiversitätsmonitoring mit Bürgerwissenschaft|Övervakning av biologisk mångfald med medborgarforskning|Luonnon monimuotoisuuden seuranta kansalaistieteen avulla|Biologinės įvairovės stebėsena pasitelkiant piliečių mokslą|Monitoring biodiverzity s využitím občanské vědy",
        "0522",
        (5, 6),
        ("nature", "people"),
        (MOOC, ONLINE, COURSE),
        "Volunteers count birds, butterflies and plants far more often than any professional could. You learn to set up a citizen-science programme, to check the quality of its data and to turn it into a biodiversity action plan.",
        (
            (
                "Implement a biodiversity action plan for a site.",
                "implement biodiversity action plans",
            ),
            (
                "Involve citizens in scientific research activities.",
                "promote the participation of citizens in scientific and research activities",
            ),
            ("Check and analyse observation data.", "perform data analysis"),
        ),
    ),
    Topic(
        "FORE",
        "Sustainable forest management",
        "Duurzaam bosbeheer|Bæredygtig skovforvaltning|Gestão florestal sustentável|Nachhaltige Waldbewirtschaftung|Hållbart skogsbruk|Kestävä metsänhoito|Tvari miškotvarka|Udržitelné hospodaření v lesích",
        "0821",
        (5, 6, 7),
        ("nature", "green"),
        (COURSE, FLEXIBLE),
        "Forests give timber, store carbon and shelter biodiversity, and suffer from drought, storms and bark beetles. In the forests around {city} you learn to plan their management for all three at once.",
        (
            ("Manage forests for timber, carbon and biodiversity.", "manage forests"),
            ("Explain forest ecology and the threats of a changing climate.", "forest ecology"),
            ("Apply forestry regulations in a management plan.", "forestry regulations"),
        ),
    ),
    Topic(
        "HEAT",
        "Urban heat and green infrastructure",
        "Hitte in de stad en groene infrastructuur|Varme i byen og grøn infrastruktur|Calor urbano e infraestrutura verde|Städtische Hitze und grüne Infrastruktur|Värme i staden och grön infrastruktur|Kaupunkien helle ja viherinfrastruktuuri|Karštis mieste ir žalioji infrastruktūra|Městské horko a zelená infrastruktura",
        "0731",
        (6, 7),
        ("nature", "people", "green"),
        (COURSE, ONLINE),
        "Heat waves are the deadliest climate risk in European cities. You measure and map heat islands in {city}, find out who is most exposed, and propose trees, water and shade where they matter most.",
        (
            (
                "Map urban heat islands with open and measured data.",
                "geographic information systems",
            ),
            ("Propose green space strategies against heat stress.", "green space strategies"),
            ("Protect and plan trees in a street.", "tree preservation and conservation"),
        ),
    ),
    Topic(
        "CIRC",
        "Circular business models for SMEs",
        "Circulaire bedrijfsmodellen voor kleine en middelgrote bedrijven|Cirkulære forretningsmodeller for SMV'er|Modelos de negócio circulares para PME|Zirkuläre Geschäftsmodelle für KMU|Cirkulära affärsmodeller för små och medelstora företag|Kiertotalouden liiketoimintamallit pk-yrityksille|Žiedinės ekonomikos verslo modeliai MVĮ|Cirkulární obchodní modely pro malé a střední podniky",
        "0413",
        (5, 6, 7),
        ("businesses", "green"),
        (COURSE, CHALLENGE, FLEXIBLE),
        "Repair, reuse, remanufacturing and product-as-a-service can make small companies both greener and more robust. With an SME from {region} you redesign one product line along circular principles and test the business case.",
        (
            ("Apply the principles of the circular economy to a company.", "circular economy"),
            (
                "Assess the life cycle of resources in a product.",
                "assess the life cycle of resources",
            ),
            (
                "Build and test a business case with the company's owners.",
                "show entrepreneurial spirit",
            ),
        ),
    ),
    Topic(
        "DMKT",
        "Digital marketing for regional SMEs",
        "Digitale marketing voor regionale ondernemingen|Digital markedsføring for regionale virksomheder|Marketing digital para PME regionais|Digitales Marketing für regionale KMU|Digital marknadsföring för regionala företag|Digitaalinen markkinointi alueen pk-yrityksille|Skaitmeninė rinkodara regiono MVĮ|Digitální marketing pro regionální podniky",
        "0414",
        (5, 6),
        ("businesses", "digital"),
        (FLEXIBLE, ONLINE, MOOC, COURSE),
        "Small companies in {region} compete online with the whole world. You plan a digital marketing campaign for a local business, run it for a few weeks and measure what it brought.",
        (
            ("Plan digital marketing for a small company.", "plan digital marketing"),
            ("Measure a campaign with marketing analytics.", "marketing analytics"),
            ("Use the internet to increase sales.", "use internet to increase sales"),
        ),
    ),
    Topic(
        "DATA",
        "Data analysis for small businesses",
        "Data-analyse voor kleine ondernemingen|Dataanalyse for små virksomheder|Análise de dados para pequenas empresas|Datenanalyse für kleine Unternehmen|Dataanalys för små företag|Data-analytiikka pienyrityksille|Duomenų analizė mažoms įmonėms|Analýza dat pro malé podniky",
        "0611",
        (5, 6),
        ("digital", "businesses"),
        (ONLINE, MOOC, FLEXIBLE, COURSE),
        "Every shop, workshop and farm collects data without using it. You learn to clean, analyse and visualise a company's own data and to answer the questions its owner really has.",
        (
            ("Perform data analysis on a company's sales and stock.", "perform data analysis"),
            (
                "Apply statistical analysis techniques to business questions.",
                "apply statistical analysis techniques",
            ),
            ("Present results with clear charts and dashboards.", "data visualisation software"),
        ),
    ),
    Topic(
        "CYBR",
        "Cybersecurity for small organisations",
        "Cyberveiligheid voor kleine organisaties|Cybersikkerhed for små organisationer|Cibersegurança para pequenas organizações|Cybersicherheit für kleine Organisationen|Cybersäkerhet för små organisationer|Kyberturvallisuus pienille organisaatioille|Kibernetinis saugumas mažoms organizacijoms|Kybernetická bezpečnost pro malé organizace",
        "0612",
        (5, 6, 7),
        ("digital", "businesses"),
        (FLEXIBLE, ONLINE, COURSE, MOOC),
        "Ransomware and phishing hit small companies, schools and care providers hardest. You audit the security of a real small organisation and write an affordable plan to protect its people, data and services.",
        (
            ("Explain the main cyber security threats and counter-measures.", "cyber security"),
            ("Protect personal data and privacy in line with the GDPR.", "GDPR"),
            ("Carry out a basic ICT security audit.", "execute ICT audits"),
        ),
    ),
    Topic(
        "CLOU",
        "Cloud services and digital workflows",
        "Clouddiensten en digitale werkprocessen|Cloudtjenester og digitale arbejdsgange|Serviços na nuvem e fluxos de trabalho digitais|Cloud-Dienste und digitale Arbeitsabläufe|Molntjänster och digitala arbetsflöden|Pilvipalvelut ja digitaaliset työnkulut|Debesijos paslaugos ir skaitmeniniai darbo procesai|Cloudové služby a digitální pracovní postupy",
        "0612",
        (5, 6),
        ("digital", "businesses"),
        (ONLINE, FLEXIBLE, MOOC),
        "Moving paper and spreadsheets to the cloud saves time only when the work itself changes. You map the workflows of an organisation, choose cloud services that fit and automate the dull steps.",
        (
            ("Choose cloud technologies that fit an organisation.", "cloud technologies"),
            ("Automate routine tasks in the cloud.", "automate cloud tasks"),
            ("Manage cloud data and storage securely.", "manage cloud data and storage"),
        ),
    ),
    Topic(
        "AIPM",
        "AI for predictive maintenance",
        "AI voor voorspellend onderhoud|AI til forudsigende vedligeholdelse|IA para manutenção preditiva|KI für vorausschauende Instandhaltung|AI för prediktivt underhåll|Tekoäly ennakoivassa kunnossapidossa|Dirbtinis intelektas prognozuojamajai priežiūrai|Umělá inteligence pro prediktivní údržbu",
        "0714",
        (6, 7),
        ("ai", "digital", "businesses"),
        (COURSE, FLEXIBLE, CHALLENGE),
        "Machines announce their failures in vibration, heat and sound long before they stop. With manufacturers from {region} you collect sensor data and train models that tell when to service a machine.",
        (
            ("Set up predictive maintenance for a production line.", "predictive maintenance"),
            ("Train and evaluate machine learning models on sensor data.", "machine learning"),
            ("Select and place sensors on machines.", "sensors"),
        ),
    ),
    Topic(
        "ROBO",
        "Process automation and robotics in SMEs",
        "Procesautomatisering en robotica in kleine bedrijven|Procesautomatisering og robotteknologi i SMV'er|Automação de processos e robótica nas PME|Prozessautomatisierung und Robotik in KMU|Processautomation och robotik i småföretag|Prosessiautomaatio ja robotiikka pk-yrityksissä|Procesų automatizavimas ir robotika MVĮ|Automatizace procesů a robotika v malých a středních podnicích",
        "0714",
        (5, 6, 7),
        ("digital", "ai", "businesses"),
        (COURSE, CHALLENGE, FLEXIBLE),
        "Collaborative robots and simple automation make small factories competitive again. In the lab and on the shop floor of a company near {city} you find what to automate first and build a prototype cell.",
        (
            ("Apply automation technology to a production process.", "automation technology"),
            ("Program and test a collaborative robot.", "robotics"),
            ("Apply lean manufacturing to decide what to automate.", "lean manufacturing"),
        ),
    ),
    Topic(
        "GLOG",
        "Green logistics and last-mile delivery",
        "Groene logistiek en de laatste kilometer|Grøn logistik og levering på den sidste kilometer|Logística verde e entrega de última milha|Grüne Logistik und die letzte Meile|Grön logistik och den sista milen|Vihreä logistiikka ja viimeisen kilometrin toimitukset|Žalioji logistika ir paskutinės mylios pristatymas|Zelená logistika a doručování na poslední míli",
        "1041",
        (5, 6),
        ("green", "businesses"),
        (COURSE, ONLINE, FLEXIBLE),
        "Parcels, food and building materials all travel their last kilometres through towns. You analyse the deliveries of a logistics company in {region} and plan routes, hubs and vehicles that cut emissions and costs.",
        (
            ("Apply green logistics principles to a delivery network.", "green logistics"),
            (
                "Use logistical data analysis to plan routes.",
                "use methods of logistical data analysis",
            ),
            ("Advise on carbon emissions reduction.", "advise on carbon emissions reduction"),
        ),
    ),
    Topic(
        "SUPC",
        "Sustainable supply chains",
        "Duurzame toeleveringsketens|Bæredygtige forsyningskæder|Cadeias de abastecimento sustentáveis|Nachhaltige Lieferketten|Hållbara leverantörskedjor|Kestävät toimitusketjut|Tvarios tiekimo grandinės|Udržitelné dodavatelské řetězce",
        "0413",
        (6, 7),
        ("green", "businesses"),
        (COURSE, ONLINE),
        "European rules now ask companies to know where their materials come from and under which conditions they were made. You trace a real supply chain, assess its risks and propose sustainable procurement.",
        (
            ("Implement sustainable procurement.", "implement sustainable procurement"),
            (
                "Ensure responsible sourcing along a supply chain.",
                "ensure responsible sourcing in food supply chains",
            ),
            ("Assess the environmental impact of suppliers.", "assess environmental impact"),
        ),
    ),
    Topic(
        "ESGR",
        "Sustainability reporting for companies",
        "Duurzaamheidsrapportage voor bedrijven|Bæredygtighedsrapportering for virksomheder|Relato de sustentabilidade para empresas|Nachhaltigkeitsberichterstattung für Unternehmen|Hållbarhetsrapportering för företag|Vastuullisuusraportointi yrityksille|Tvarumo ataskaitų rengimas įmonėms|Výkaznictví udržitelnosti pro podniky",
        "0411",
        (6, 7),
        ("green", "businesses"),
        (FLEXIBLE, ONLINE, MOOC),
        "The Corporate Sustainability Reporting Directive reaches suppliers and SMEs too. You learn the standards, collect the figures of a real company and write the first sustainability report it can be proud of.",
        (
            (
                "Apply the global standards for sustainability reporting.",
                "global standards for sustainability reporting",
            ),
            ("Collect and check environmental and social figures.", "manage quantitative data"),
            ("Explain sustainable finance and its reporting duties.", "sustainable finance"),
        ),
    ),
    Topic(
        "GENT",
        "Entrepreneurship for the green transition",
        "Ondernemerschap voor de groene transitie|Iværksætteri til den grønne omstilling|Empreendedorismo para a transição verde|Unternehmertum für die grüne Transformation|Entreprenörskap för den gröna omställningen|Yrittäjyys vihreässä siirtymässä|Verslumas žaliajai pertvarkai|Podnikání pro zelenou transformaci",
        "0413",
        (5, 6),
        ("businesses", "green"),
        (CHALLENGE, COURSE, MOOC),
        "Start-ups and spin-offs turn green ideas into products people buy. In mixed teams from across the alliance you develop a green business idea from a problem in {region} to a pitch for investors.",
        (
            (
                "Show entrepreneurial spirit in developing a green business idea.",
                "show entrepreneurial spirit",
            ),
            (
                "Promote ideas, products and services to investors.",
                "promote ideas, products, services",
            ),
            ("Work in an international team.", "work in teams"),
        ),
    ),
    Topic(
        "BCON",
        "Business continuity and crisis management",
        "Bedrijfscontinuïteit en crisisbeheer|Forretningskontinuitet og krisestyring|Continuidade de negócio e gestão de crises|Betriebliche Kontinuität und Krisenmanagement|Kontinuitetsplanering och krishantering|Liiketoiminnan jatkuvuus ja kriisinhallinta|Veiklos tęstinumas ir krizių valdymas|Kontinuita podnikání a krizové řízení",
        "0413",
        (6, 7),
        ("businesses", "people"),
        (COURSE, FLEXIBLE, ONLINE),
        "Pandemics, floods, cyber attacks and broken supply chains showed how fragile small organisations are. You write a continuity plan for an organisation in {region} and test it in a crisis exercise.",
        (
            ("Develop an internal risk management policy.", "internal risk management policy"),
            ("Lead disaster recovery exercises.", "lead disaster recovery exercises"),
            ("Cope with stress and decide under pressure.", "cope with stress"),
        ),
    ),
    Topic(
        "CARE",
        "Care innovation for ageing regions",
        "Zorginnovatie voor vergrijzende regio's|Omsorgsinnovation i regioner med en aldrende befolkning|Inovação nos cuidados para regiões envelhecidas|Pflegeinnovation für alternde Regionen|Omsorgsinnovation för åldrande regioner|Hoivan innovaatiot ikääntyville alueille|Priežiūros inovacijos senėjantiems regionams|Inovace v péči pro stárnoucí regiony",
        "0923",
        (5, 6, 7),
        ("people", "digital"),
        (CHALLENGE, COURSE, FLEXIBLE),
        "Rural regions such as {region} grow older faster than their cities, and care workers are scarce. With care providers, volunteers and older people you co-design a new service that helps people keep living at home.",
        (
            ("Co-design a care service with older people and care workers.", "show empathy"),
            ("Use assistive technology to support independent living.", "assistive instruments"),
            (
                "Evaluate a care innovation with health technology assessment.",
                "health technology assessment",
            ),
        ),
    ),
    Topic(
        "DHEA",
        "Digital health and telecare",
        "Digitale zorg en zorg op afstand|Digital sundhed og teleomsorg|Saúde digital e teleassistência|Digitale Gesundheit und Telepflege|Digital hälsa och distansomsorg|Digitaalinen terveys ja etähoiva|Skaitmeninė sveikata ir nuotolinė priežiūra|Digitální zdraví a péče na dálku",
        "0988",
        (6, 7),
        ("people", "digital"),
        (ONLINE, COURSE, FLEXIBLE),
        "Video consultations, sensors at home and electronic records change how care is given. You evaluate telecare solutions with health professionals and patients and plan how to bring one into daily practice.",
        (
            ("Use healthcare data systems and electronic health records.", "health informatics"),
            (
                "Protect health and well-being while using digital technologies.",
                "protect health and well-being while using digital technologies",
            ),
            ("Respect confidentiality of patient data.", "data protection"),
        ),
    ),
    Topic(
        "CRSI",
        "Community resilience and social inclusion",
        "Veerkrachtige gemeenschappen en sociale inclusie|Modstandsdygtige fællesskaber og social inklusion|Resiliência comunitária e inclusão social|Resiliente Gemeinschaften und soziale Inklusion|Motståndskraftiga samhällen och social inkludering|Yhteisöjen resilienssi ja sosiaalinen osallisuus|Bendruomenių atsparumas ir socialinė įtrauktis|Odolnost komunit a sociální začleňování",
        "0923",
        (6, 7),
        ("people",),
        (COURSE, CHALLENGE),
        "Strong neighbourhoods recover faster from crises. You study how people in {city} support each other, who is left out, and how social workers, volunteers and the municipality can build resilience together.",
        (
            ("Analyse the social ties and needs of a neighbourhood.", "show empathy"),
            (
                "Develop inclusive communication material.",
                "develop inclusive communication material",
            ),
            (
                "Moderate a discussion between residents and the municipality.",
                "moderate a discussion",
            ),
        ),
    ),
    Topic(
        "WELL",
        "Wellbeing at work and stress management",
        "Welzijn op het werk en omgaan met stress|Trivsel på arbejdspladsen og stresshåndtering|Bem-estar no trabalho e gestão do stress|Wohlbefinden am Arbeitsplatz und Stressbewältigung|Välmående på arbetet och stresshantering|Työhyvinvointi ja stressinhallinta|Gerovė darbe ir streso valdymas|Pohoda v práci a zvládání stresu",
        "0413",
        (5, 6),
        ("people", "businesses"),
        (FLEXIBLE, MOOC, ONLINE),
        "Resilient organisations need resilient people. You learn evidence-based ways to prevent burn-out, to lead teams through change and to look after your own psychological well-being.",
        (
            ("Maintain psychological well-being at work.", "maintain psychological well-being"),
            ("Cope with stress in demanding situations.", "cope with stress"),
            ("Lead others through organisational change.", "lead others"),
        ),
    ),
    Topic(
        "INCL",
        "Inclusive education with digital tools",
        "Inclusief onderwijs met digitale hulpmiddelen|Inkluderende undervisning med digitale værktøjer|Educação inclusiva com ferramentas digitais|Inklusive Bildung mit digitalen Werkzeugen|Inkluderande undervisning med digitala verktyg|Inklusiivinen opetus digitaalisilla työkaluilla|Įtraukusis ugdymas skaitmeninėmis priemonėmis|Inkluzivní vzdělávání s digitálními nástroji",
        "0111",
        (6, 7),
        ("people", "digital"),
        (ONLINE, MOOC, FLEXIBLE),
        "Digital tools can open classrooms to learners with disabilities, different languages or little time, or shut them out. You design an accessible learning unit and test it with real learners.",
        (
            ("Use assistive technology in education.", "assistive technology in education"),
            ("Develop an e-learning plan for mixed groups.", "develop e-learning plan"),
            ("Teach digital literacy.", "teach digital literacy"),
        ),
    ),
    Topic(
        "MLPY",
        "Machine learning with Python",
        "Machine learning met Python|Maskinlæring med Python|Aprendizagem automática com Python|Maschinelles Lernen mit Python|Maskininlärning med Python|Koneoppiminen Pythonilla|Mašininis mokymasis su Python|Strojové učení v Pythonu",
        "0613",
        (5, 6, 7),
        ("ai", "digital"),
        (ONLINE, MOOC, COURSE),
        "From data to a working model: you learn Python, prepare real data sets from partner companies, and train, evaluate and explain machine learning models.",
        (
            ("Program data pipelines in Python.", "Python (computer programming)"),
            ("Train and evaluate machine learning models.", "utilise machine learning"),
            ("Explain algorithms and their limits to non-specialists.", "algorithms"),
        ),
    ),
    Topic(
        "RAIE",
        "Responsible AI and ethics",
        "Verantwoorde AI en ethiek|Ansvarlig kunstig intelligens og etik|IA responsável e ética|Verantwortungsvolle KI und Ethik|Ansvarsfull AI och etik|Vastuullinen tekoäly ja etiikka|Atsakingas dirbtinis intelektas ir etika|Odpovědná umělá inteligence a etika",
        "0688",
        (6, 7),
        ("ai", "people"),
        (MOOC, ONLINE, COURSE),
        "The EU AI Act, bias, transparency and privacy: what every professional who buys, builds or uses AI must know. You assess a real AI system against the rules and propose improvements.",
        (
            (
                "Explain the principles of artificial intelligence.",
                "principles of artificial intelligence",
            ),
            (
                "Protect personal data and privacy in AI systems.",
                "protect personal data and privacy",
            ),
            ("Think critically about the impact of AI on people.", "think critically"),
        ),
    ),
    Topic(
        "CVQC",
        "Computer vision for quality control",
        "Computervisie voor kwaliteitscontrole|Maskinsyn til kvalitetskontrol|Visão computacional para controlo de qualidade|Bildverarbeitung für die Qualitätskontrolle|Datorseende för kvalitetskontroll|Konenäkö laadunvalvonnassa|Kompiuterinė rega kokybės kontrolei|Počítačové vidění pro kontrolu kvality",
        "0613",
        (6, 7),
        ("ai", "digital", "businesses"),
        (COURSE, CHALLENGE),
        "Cameras and neural networks spot defects that tired eyes miss. With a manufacturer from {region} you build an image recognition system for their production line.",
        (
            ("Develop a computer vision system.", "develop computer vision system"),
            (
                "Train artificial neural networks for image recognition.",
                "artificial neural networks",
            ),
            ("Integrate inspection into quality control systems.", "quality control systems"),
        ),
    ),
    Topic(
        "EEBU",
        "Energy efficiency in buildings",
        "Energie-efficiëntie in gebouwen|Energieffektivitet i bygninger|Eficiência energética em edifícios|Energieeffizienz in Gebäuden|Energieffektivitet i byggnader|Rakennusten energiatehokkuus|Pastatų energinis efektyvumas|Energetická účinnost budov",
        "0732",
        (5, 6),
        ("green",),
        (COURSE, FLEXIBLE, ONLINE),
        "Buildings use 40% of Europe's energy. You audit a school or office in {city}, simulate renovation options and advise the owner on the best order of measures.",
        (
            ("Assess the energy performance of buildings.", "energy performance of buildings"),
            ("Perform energy simulations of renovation options.", "perform energy simulations"),
            ("Advise owners on energy efficiency.", "energy efficiency"),
        ),
    ),
    Topic(
        "HPRH",
        "Heat pumps and renewable heating",
        "Warmtepompen en hernieuwbare verwarming|Varmepumper og vedvarende opvarmning|Bombas de calor e aquecimento renovável|Wärmepumpen und erneuerbare Wärme|Värmepumpar och förnybar uppvärmning|Lämpöpumput ja uusiutuva lämmitys|Šilumos siurbliai ir atsinaujinantis šildymas|Tepelná čerpadla a obnovitelné vytápění",
        "0713",
        (5, 6),
        ("green",),
        (FLEXIBLE, COURSE),
        "Heat pumps and district heating replace gas boilers across Europe. For installers, engineers and advisers: how to choose, size and install renewable heating that works in a real house.",
        (
            ("Design heat pump installations.", "design heat pump installations"),
            ("Plan district heating and cooling.", "district heating and cooling"),
            (
                "Advise on heating systems energy efficiency.",
                "advise on heating systems energy efficiency",
            ),
        ),
    ),
    Topic(
        "SOLR",
        "Solar energy systems in practice",
        "Zonne-energiesystemen in de praktijk|Solenergianlæg i praksis|Sistemas de energia solar na prática|Solarenergiesysteme in der Praxis|Solenergisystem i praktiken|Aurinkoenergiajärjestelmät käytännössä|Saulės energijos sistemos praktikoje|Solární energetické systémy v praxi",
        "0713",
        (5, 6),
        ("green",),
        (FLEXIBLE, COURSE, MOOC),
        "From a single roof to a solar park: you learn to design, size and check photovoltaic and solar thermal systems, and you measure a real installation on campus in {city}.",
        (
            ("Design solar energy systems.", "solar energy"),
            ("Plan storage for solar power.", "energy storage systems"),
            ("Explain the place of solar in renewable energy systems.", "renewable energy"),
        ),
    ),
    Topic(
        "GRID",
        "Smart grids and energy storage",
        "Slimme netten en energieopslag|Intelligente elnet og energilagring|Redes inteligentes e armazenamento de energia|Intelligente Netze und Energiespeicher|Smarta elnät och energilagring|Älykkäät sähköverkot ja energian varastointi|Išmanieji tinklai ir energijos kaupimas|Chytré sítě a ukládání energie",
        "0713",
        (6, 7),
        ("green", "digital"),
        (COURSE, ONLINE),
        "More sun and wind make the grid harder to balance. You model a local smart grid with batteries, heat pumps and electric cars, and propose how a grid operator in {region} could avoid congestion.",
        (
            ("Design smart grids.", "design smart grids"),
            ("Size energy storage systems.", "energy storage systems"),
            ("Perform a smart grid feasibility study.", "perform smart grid feasibility study"),
        ),
    ),
    Topic(
        "TOUR",
        "Sustainable tourism for rural regions",
        "Duurzaam toerisme voor landelijke regio's|Bæredygtig turisme i landdistrikter|Turismo sustentável para regiões rurais|Nachhaltiger Tourismus für ländliche Regionen|Hållbar turism på landsbygden|Kestävä matkailu maaseutualueilla|Tvarus turizmas kaimo regionuose|Udržitelný cestovní ruch ve venkovských regionech",
        "1015",
        (5, 6),
        ("people", "nature", "businesses"),
        (CHALLENGE, ONLINE, FLEXIBLE),
        "Visitors bring income to rural {region}, and pressure on its nature and villages. With local entrepreneurs you develop a tourism offer that keeps the benefits in the region and the footprint small.",
        (
            ("Support local tourism with sustainable offers.", "support local tourism"),
            ("Assess the environmental impact of tourism.", "environmental impact of tourism"),
            ("Use e-tourism platforms to reach visitors.", "use e-tourism platforms"),
        ),
    ),
    Topic(
        "FOOD",
        "Food waste reduction in the food chain",
        "Minder voedselverspilling in de voedselketen|Mindre madspild i fødevarekæden|Redução do desperdício alimentar na cadeia alimentar|Weniger Lebensmittelverschwendung in der Lebensmittelkette|Minskat matsvinn i livsmedelskedjan|Ruokahävikin vähentäminen elintarvikeketjussa|Maisto švaistymo mažinimas maisto grandinėje|Snižování plýtvání potravinami v potravinovém řetězci",
        "0721",
        (5, 6),
        ("green", "businesses"),
        (COURSE, FLEXIBLE, MOOC),
        "A third of all food is lost between field and fork. You measure food waste in a kitchen, a shop or a food company in {region}, find its causes and cut it.",
        (
            ("Develop food waste reduction strategies.", "develop food waste reduction strategies"),
            ("Set up food waste monitoring systems.", "food waste monitoring systems"),
            ("Train staff to reduce food waste.", "train staff to reduce food waste"),
        ),
    ),
    Topic(
        "WATR",
        "Water reuse and circular water systems",
        "Hergebruik van water en circulaire watersystemen|Genbrug af vand og cirkulære vandsystemer|Reutilização da água e sistemas hídricos circulares|Wasserwiederverwendung und zirkuläre Wassersysteme|Återanvändning av vatten och cirkulära vattensystem|Veden uudelleenkäyttö ja kiertotalouden vesijärjestelmät|Vandens pakartotinis naudojimas ir žiedinės vandens sistemos|Opětovné využití vody a oběhové vodní systémy",
        "0712",
        (6, 7),
        ("nature", "green"),
        (COURSE, CHALLENGE, ONLINE),
        "Treated wastewater can irrigate fields and cool factories, if it is safe. You design a water reuse scheme for a user in {region} and check it against the European rules.",
        (
            ("Design water reuse schemes.", "water reuse"),
            ("Apply water policies and legislation.", "water policies"),
            ("Treat contaminated water safely.", "treat contaminated water"),
        ),
    ),
    Topic(
        "GISP",
        "GIS for regional planning",
        "GIS voor ruimtelijke planning in de regio|GIS til regional planlægning|SIG para o planeamento regional|GIS für die Regionalplanung|GIS för regional planering|Paikkatieto aluesuunnittelussa|GIS regioniniam planavimui|GIS pro regionální plánování",
        "0731",
        (5, 6),
        ("digital", "nature"),
        (ONLINE, COURSE, MOOC),
        "Maps are where planners, citizens and data meet. You learn to collect, analyse and present geographic data for planning questions in {region}.",
        (
            ("Use geographic information systems.", "use geographic information systems"),
            ("Compile GIS data from open sources.", "compile GIS-data"),
            ("Create GIS reports for decision makers.", "create GIS reports"),
        ),
    ),
    Topic(
        "STAK",
        "Stakeholder engagement and co-creation",
        "Betrekken van belanghebbenden en co-creatie|Inddragelse af interessenter og samskabelse|Envolvimento das partes interessadas e cocriação|Einbindung von Stakeholdern und Co-Creation|Intressentdialog och samskapande|Sidosryhmäyhteistyö ja yhteiskehittäminen|Suinteresuotųjų šalių įtraukimas ir bendrakūra|Zapojení zainteresovaných stran a spoluvytváření",
        "0413",
        (6, 7),
        ("people", "businesses"),
        (CHALLENGE, COURSE, FLEXIBLE),
        "Regional challenges are solved together or not at all. You learn to map stakeholders, to run co-creation workshops and to keep partners on board, and you do it for a real challenge of a partner in {region}.",
        (
            ("Moderate a co-creation workshop.", "moderate a discussion"),
            ("Negotiate compromises between stakeholders.", "negotiate compromises"),
            (
                "Demonstrate intercultural competence in international teams.",
                "demonstrate intercultural competence",
            ),
        ),
    ),
    Topic(
        "AGIL",
        "Agile project management for innovation",
        "Agile projectmanagement voor innovatie|Agil projektledelse til innovation|Gestão ágil de projetos de inovação|Agiles Projektmanagement für Innovation|Agil projektledning för innovation|Ketterä projektinhallinta innovaatioissa|Judrusis projektų valdymas inovacijoms|Agilní řízení inovačních projektů",
        "0413",
        (5, 6),
        ("businesses", "digital"),
        (FLEXIBLE, ONLINE, MOOC),
        "Innovation projects rarely follow their plan. You learn Scrum, Kanban and lean start-up methods and apply them to a project at your own workplace or a partner organisation.",
        (
            ("Apply Agile project management.", "Agile project management"),
            ("Apply lean project management.", "lean project management"),
            ("Promote open innovation with partners.", "promote open innovation in research"),
        ),
    ),
    Topic(
        "MOBI",
        "Rural mobility and shared transport",
        "Mobiliteit op het platteland en gedeeld vervoer|Mobilitet i landdistrikter og delt transport|Mobilidade rural e transporte partilhado|Ländliche Mobilität und geteilter Verkehr|Mobilitet på landsbygden och delade transporter|Maaseudun liikkuminen ja jaetut kuljetukset|Kaimo judumas ir dalijimosi transportas|Mobilita na venkově a sdílená doprava",
        "1041",
        (5, 6),
        ("green", "people", "digital"),
        (COURSE, CHALLENGE, ONLINE),
        "Without a car, villages in {region} are hard to reach. You study demand-responsive buses, car and bike sharing and mobility apps, and design a service with the municipality.",
        (
            ("Design mobility as a service for a rural area.", "mobility as a service"),
            (
                "Plan routes for smart mobility services.",
                "implement route planning in smart mobility services",
            ),
            ("Use bicycle sharing systems in a mobility plan.", "bicycle sharing systems"),
        ),
    ),
]
TOPIC = {t.key: t for t in TOPICS}

# What each partner teaches first, after its profile (the rest of the topics follow at scale > 1).
PROFILES = {
    "thomas-more": ["CLAD", "CARE", "WETL", "INCL", "CIRC", "NBSC", "CRSI", "STAK", "EEBU", "WELL"],
    "fontys": ["DTWM", "MLPY", "RAIE", "CENE", "DMKT", "AGIL", "SOLR", "CYBR", "HEAT", "INCL"],
    "ucn": ["DHEA", "CIRC", "BCON", "GLOG", "WELL", "DATA", "CLOU", "HPRH", "GENT", "CRSI"],
    "ipbeja": ["DRFA", "PAGD", "WATR", "TOUR", "FOOD", "SOLR", "BIOM", "GISP", "CLAD", "FORE"],
    "dit": ["AIPM", "ROBO", "CVQC", "DHEA", "MLPY", "CLOU", "GRID", "CYBR", "AGIL", "EEBU"],
    "halmstad": ["GRID", "CENE", "HPRH", "NBSC", "GENT", "STAK", "AIPM", "RAIE", "SUPC", "DHEA"],
    "seamk": ["FOOD", "FORE", "PAGD", "CARE", "DRFA", "BIOM", "TOUR", "GENT", "ESGR", "MOBI"],
    "viko": ["DMKT", "DATA", "ESGR", "SUPC", "TOUR", "CYBR", "GLOG", "BCON", "MOBI", "INCL"],
    "mendelu": ["FORE", "FLOD", "BIOM", "DRFA", "HEAT", "WATR", "GISP", "SUPC", "CVQC", "FOOD"],
}
# A course on the left needs one on the right first (the first one of that topic in the catalogue).
PREREQUISITES = {"CVQC": "MLPY", "AIPM": "MLPY", "GRID": "SOLR", "ESGR": "SUPC", "DTWM": "GISP"}

# A repeated topic at the same partner gets a qualifier, in the host's language too.
QUALIFIERS = [
    (
        "advanced",
        "gevorderd|videregående|nível avançado|Vertiefung|fördjupning|jatkokurssi|pažengusiems|pro pokročilé",
    ),
    (
        "field lab",
        "praktijklab|feltlaboratorium|laboratório de campo|Praxislabor|fältlabb|kenttälaboratorio|lauko laboratorija|terénní laboratoř",
    ),
    (
        "regional challenge",
        "regionale uitdaging|regional udfordring|desafio regional|regionale Challenge|regional utmaning|alueellinen haaste|regioninis iššūkis|regionální výzva",
    ),
    (
        "for professionals",
        "voor professionals|for fagfolk|para profissionais|für Berufstätige|för yrkesverksamma|ammattilaisille|profesionalams|pro profesionály",
    ),
]
TYPE_SENTENCES = {
    CHALLENGE: "You work in an international team on a challenge brought by a partner from {region}, and present your proposal to them at the end.",
    COURSE: "Lectures, workshops and a field visit in {city}, with an assignment on a real case.",
    FLEXIBLE: "Made for working professionals: short evening sessions and assignments you can do around your job.",
    ONLINE: "Fully online, with weekly live sessions and group work across the alliance.",
    MOOC: "Study online at your own pace; the final assessment earns you ECTS credits.",
}
TRANSVERSAL_OUTCOMES = [
    (
        "Present results clearly to a non-specialist audience.",
        "communicate with a non-scientific audience",
    ),
    (
        "Work in a team with people from other countries and disciplines.",
        "demonstrate intercultural competence",
    ),
    ("Plan and run a small project with a partner from the region.", "work in teams"),
]
ECTS_BY_TYPE = {
    CHALLENGE: ["5", "7.5", "10", "15"],
    COURSE: ["5", "5", "6", "7.5", "10"],
    FLEXIBLE: ["2.5", "3", "4", "5", "6"],
    ONLINE: ["3", "4", "5", "5", "6"],
    MOOC: ["2.5", "3", "4", "5"],
}
ASSESSMENT_BY_TYPE = {
    CHALLENGE: ["project", "presentation"],
    COURSE: ["exam", "project", "mixed"],
    FLEXIBLE: ["portfolio", "assignments", "project"],
    ONLINE: ["assignments", "exam", "mixed"],
    MOOC: ["assignments", "exam"],
}

# Local grades for an ECTS grade, per country (as the partners' own scales write them).
LOCAL_GRADES = {
    "BE": {
        "A": "17/20",
        "B": "15/20",
        "C": "13/20",
        "D": "12/20",
        "E": "10/20",
        "FX": "9/20",
        "F": "6/20",
    },
    "NL": {"A": "9", "B": "8", "C": "7", "D": "6,5", "E": "6", "FX": "5", "F": "3"},
    "DK": {"A": "12", "B": "10", "C": "7", "D": "4", "E": "02", "FX": "00", "F": "-3"},
    "PT": {"A": "18", "B": "16", "C": "14", "D": "12", "E": "10", "FX": "9", "F": "6"},
    "DE": {"A": "1,3", "B": "1,7", "C": "2,3", "D": "3,0", "E": "3,7", "FX": "4,7", "F": "5,0"},
    "SE": {"A": "5", "B": "5", "C": "4", "D": "3", "E": "3", "FX": "U", "F": "U"},
    "FI": {"A": "5", "B": "4", "C": "3", "D": "2", "E": "1", "FX": "0", "F": "0"},
    "LT": {"A": "10", "B": "9", "C": "8", "D": "7", "E": "5", "FX": "4", "F": "3"},
    "CZ": {"A": "A", "B": "B", "C": "C", "D": "D", "E": "E", "FX": "FX", "F": "F"},
}
GRADE_WEIGHTS = [("A", 12), ("B", 24), ("C", 30), ("D", 14), ("E", 9), ("FX", 6), ("F", 5)]


@dataclass
class CourseSpec:
    """One course of the demo catalogue, decided before anything is written."""

    index: int
    code: str
    topic: Topic
    hosts: list[Institution]
    fields: dict
    prerequisite_codes: list[str]
    outcomes: list[tuple[str, str]]
    seed: int

    @property
    def host(self) -> Institution:
        return self.hosts[0]


@dataclass
class CatalogueReport:
    courses_created: int = 0
    runs_created: int = 0
    enrolments_created: int = 0
    enrolments_refused: int = 0
    results_recorded: int = 0
    programmes_created: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


# --- the plan ----------------------------------------------------------------------------------


def _region(institution: Institution) -> str:
    return institution.region.name.removeprefix("Arr. ")


def _topic_order(slug: str) -> list[str]:
    preferred = PROFILES.get(slug, [])
    rest = [t.key for t in TOPICS if t.key not in preferred]
    return preferred + rest


def _course_specs(institutions: list[Institution], count: int) -> list[CourseSpec]:
    """The catalogue as data: course n depends only on n, so scale 10 extends scale 1."""
    specs: list[CourseSpec] = []
    used: dict[tuple[int, str], int] = {}
    first_of_topic: dict[str, str] = {}
    n_inst = len(institutions)
    for index in range(count):
        rng = random.Random(SEED * 1000 + index)
        host = institutions[index % n_inst]
        order = _topic_order(host.slug)
        topic = TOPIC[order[(index // n_inst) % len(order)]]
        repeat = used.get((host.pk, topic.key), 0)
        used[(host.pk, topic.key)] = repeat + 1
        kind = topic.types[(index + index // n_inst) % len(topic.types)]
        local = host.languages[0] if host.languages else "en"

        title, title_local = topic.title, topic.title_in(local)
        if repeat:
            qualifier, qualifier_local = QUALIFIERS[(repeat - 1) % len(QUALIFIERS)]
            title = f"{title} — {qualifier}"
            local_q = dict(zip(LOCAL_LANGUAGES, qualifier_local.split("|"), strict=True))
            title_local = f"{title_local} — {local_q.get(local, qualifier)}" if title_local else ""
        eqf = topic.eqf[rng.randrange(len(topic.eqf))]
        if kind in (FLEXIBLE, MOOC):
            eqf = min(eqf, 6)
        if repeat and kind not in (FLEXIBLE, MOOC):
            eqf = max(eqf, 6)
        ects = Decimal(rng.choice(ECTS_BY_TYPE[kind]))

        if kind in (ONLINE, MOOC):
            mode = Mode.ONLINE
        elif kind == CHALLENGE:
            mode = rng.choice([Mode.ONSITE, Mode.BLENDED, Mode.BLENDED])
        elif kind == FLEXIBLE:
            mode = rng.choice([Mode.BLENDED, Mode.ONLINE, Mode.ONSITE])
        else:
            mode = rng.choice([Mode.ONSITE, Mode.ONSITE, Mode.BLENDED, Mode.ONLINE])
        roll = rng.random()
        if kind == FLEXIBLE:
            languages = [local] if roll < 0.4 else ["en", local]
        else:
            languages = ["en"] if roll < 0.45 else (["en", local] if roll < 0.85 else [local])
        languages = list(dict.fromkeys(languages))
        with_local_title = (
            local != "en" and bool(title_local) and (local in languages or rng.random() < 0.5)
        )

        if kind == FLEXIBLE:
            audience = ["professionals", "staff"] + (["students"] if rng.random() < 0.4 else [])
            fee = Decimal(rng.choice([150, 240, 350, 480, 650, 890]))
        elif kind == MOOC:
            audience = ["students", "professionals", "staff"]
            fee = Decimal(rng.choice([0, 49, 79, 99]))
        elif kind == ONLINE:
            audience = ["students", "professionals"]
            fee = Decimal(rng.choice([0, 0, 95, 180]))
        else:
            audience = ["students"] + (["professionals"] if rng.random() < 0.3 else [])
            fee = Decimal(rng.choice([0, 250, 400])) if "professionals" in audience else Decimal(0)

        hosts = [host]
        if kind == CHALLENGE and rng.random() < 0.5:  # many challenge modules are run in pairs
            hosts.append(institutions[(index + 1 + rng.randrange(n_inst - 1)) % n_inst])

        outcomes = list(topic.outcomes[: rng.choice([2, 3, 3, len(topic.outcomes)])])
        if kind == CHALLENGE or rng.random() < 0.25:
            outcomes.append(TRANSVERSAL_OUTCOMES[rng.randrange(len(TRANSVERSAL_OUTCOMES))])
        outcomes = outcomes[:4]

        prerequisites = []
        if topic.key in PREREQUISITES and PREREQUISITES[topic.key] in first_of_topic:
            prerequisites.append(first_of_topic[PREREQUISITES[topic.key]])

        code = f"{host.slug[:4].upper().replace('-', '')}-{topic.key}{eqf}{repeat + 1:02d}"
        if repeat >= 99:
            code = f"{code}-{index}"
        place = {"city": host.city, "region": _region(host)}
        description = " ".join(
            [topic.description.format(**place), TYPE_SENTENCES[kind].format(**place)]
        )
        fields = {
            "code": code,
            "type": kind,
            "title": title,
            "description": description,
            "local_language": local if with_local_title else "",
            "title_local": title_local if with_local_title else "",
            "ects": ects,
            "eqf_level": eqf,
            "isced_field": topic.isced,
            "languages": languages,
            "mode": mode,
            "workload_hours": int(ects * rng.choice([25, 27, 28, 30])),
            "assessment": rng.choice(ASSESSMENT_BY_TYPE[kind]),
            "audience": audience,
            "themes": list(topic.themes),
            "fee_external": fee,
        }
        specs.append(
            CourseSpec(
                index=index,
                code=code,
                topic=topic,
                hosts=hosts,
                fields=fields,
                prerequisite_codes=prerequisites,
                outcomes=outcomes,
                seed=SEED * 1000 + index,
            )
        )
        first_of_topic.setdefault(topic.key, code)
    return specs


@dataclass
class ProgrammePlan:
    code: str
    kind: str
    title: str
    description: str
    eqf: int
    ects_total: Decimal
    themes: list[str]
    required: list[CourseSpec]
    electives: list[CourseSpec]
    elective_name: str
    required_name: str


def _pick(specs, keys, accept, *, limit=None, per_key=None, exclude=()) -> list[CourseSpec]:
    """Courses of the given topics (in the order of the topics) that pass ``accept``."""
    chosen = []
    for key in keys:
        found = [
            s
            for s in specs
            if s.topic.key == key and accept(s) and s not in exclude and s not in chosen
        ]
        for spec in found[:per_key]:
            chosen.append(spec)
            if limit and len(chosen) >= limit:
                return chosen
    return chosen


def _fill(
    pool: list[CourseSpec], needed: Decimal, spare: Decimal, at_least: int = 5
) -> list[CourseSpec]:
    """Electives until their credits reach the minimum plus some room to choose."""
    chosen, total = [], Decimal(0)
    for spec in pool:
        if total >= needed + spare and len(chosen) >= at_least:
            break
        chosen.append(spec)
        total += spec.fields["ects"]
    return chosen


def _programme_plans(specs: list[CourseSpec]) -> list[ProgrammePlan]:
    """Programmes built from the first COURSES_PER_SCALE courses (the same at every scale)."""
    base = [s for s in specs if s.index < COURSES_PER_SCALE and not s.prerequisite_codes]

    def for_students(level):
        return lambda s: "students" in s.fields["audience"] and s.fields["eqf_level"] in level

    plans = []
    # Joint minor in climate resilience: two required modules, electives from nature topics.
    minor_level = for_students((5, 6))
    required = _pick(base, ["CLAD", "NBSC", "WETL"], minor_level, limit=2, per_key=1)
    pool = _pick(
        base,
        ["WETL", "FLOD", "DTWM", "HEAT", "BIOM", "DRFA", "WATR", "FORE", "GISP", "CENE"],
        minor_level,
        exclude=required,
    )
    req = sum(s.fields["ects"] for s in required)
    plans.append(
        ProgrammePlan(
            code="JM-CLIMATE-RESILIENCE",
            kind="minor",
            title="Joint Minor in Regional Climate Resilience",
            description=(
                "Prepare towns, farms and nature for floods, droughts and heat. Partners from "
                "across the alliance teach this minor together: you take the core modules and "
                "choose the rest from field labs and online courses, from wetlands and forests "
                "to city streets. Every module works with a real partner from the regions, and "
                "you leave with a portfolio of adaptation plans."
            ),
            eqf=6,
            ects_total=Decimal(30),
            themes=["nature", "people", "green"],
            required=required,
            electives=_fill(pool, Decimal(30) - req, Decimal(15)),
            required_name="Core modules",
            elective_name="Climate resilience electives",
        )
    )
    # Joint minor in the digital transformation of SMEs.
    required = _pick(base, ["DATA", "DMKT", "CLOU"], minor_level, limit=2, per_key=1)
    pool = _pick(
        base,
        ["CYBR", "CIRC", "AIPM", "ROBO", "AGIL", "BCON", "CLOU", "GENT", "MLPY", "GLOG"],
        minor_level,
        exclude=required,
    )
    req = sum(s.fields["ects"] for s in required)
    plans.append(
        ProgrammePlan(
            code="JM-DIGITAL-SME",
            kind="minor",
            title="Joint Minor in Digital Transformation of SMEs",
            description=(
                "Small and medium-sized companies are the backbone of the alliance's regions, "
                "and many of them struggle to go digital. In this minor you learn to analyse "
                "their data, market them online, secure their systems and automate their "
                "work, always with a real company as your partner."
            ),
            eqf=6,
            ects_total=Decimal(30),
            themes=["digital", "businesses", "ai"],
            required=required,
            electives=_fill(pool, Decimal(30) - req, Decimal(15)),
            required_name="Foundations",
            elective_name="Electives",
        )
    )
    # European Master in Resilient Regions: advanced (EQF 7) modules from all partners.
    master_level = for_students((7,))
    required = _pick(
        base, ["STAK", "CRSI", "CLAD", "BCON", "NBSC", "RAIE"], master_level, limit=3, per_key=1
    )
    pool = [s for s in base if master_level(s) and s not in required]
    req = sum(s.fields["ects"] for s in required)
    plans.append(
        ProgrammePlan(
            code="EM-RESILIENT-REGIONS",
            kind="master",
            title="European Master in Resilient Regions",
            description=(
                "A joint master of the nine HEROES partners for people who want to lead the "
                "green and digital transition of their region. You study at at least two "
                "partners, physically or online, combine core modules on stakeholders, "
                "communities and crisis with advanced electives in climate, energy, business "
                "and artificial intelligence, and graduate with a degree recognised in all "
                "nine countries."
            ),
            eqf=7,
            ects_total=Decimal(90),
            themes=["people", "businesses", "nature", "green", "digital", "ai"],
            required=required,
            electives=_fill(pool, Decimal(90) - req, Decimal(20)),
            required_name="Master core",
            elective_name="Advanced electives",
        )
    )

    # A professional certificate in applied AI, from the flexible and online AI offer.
    def for_professionals(s):
        return "professionals" in s.fields["audience"] and "ai" in s.fields["themes"]

    required = _pick(base, ["RAIE", "MLPY"], for_professionals, limit=1, per_key=1)
    pool = [s for s in base if for_professionals(s) and s not in required]
    if required and pool:
        req = sum(s.fields["ects"] for s in required)
        electives = _fill(pool, Decimal(10), Decimal(5), at_least=3)
        need = min(Decimal(10), sum(s.fields["ects"] for s in electives))
        plans.append(
            ProgrammePlan(
                code="PC-APPLIED-AI",
                kind="certificate",
                title="Professional Certificate in Applied Artificial Intelligence",
                description=(
                    "For engineers, managers and public servants who want to use AI well. "
                    "Start with responsible AI, then choose hands-on modules on machine "
                    "learning, maintenance and quality control, online or in evening classes."
                ),
                eqf=6,
                ects_total=req + need,
                themes=["ai", "digital"],
                required=required,
                electives=electives,
                required_name="Foundation",
                elective_name="Applications",
            )
        )
    return plans


# --- writing -----------------------------------------------------------------------------------


class _People:
    """The people the seeder acts as, read once, with their roles cached."""

    def __init__(self, institutions):
        people = list(
            Person.objects.filter(is_active=True).select_related("institution").order_by("email")
        )
        people_affiliations_prime(people)
        self.by_email = {p.email: p for p in people}
        self.admin = self.by_email.get("admin@campus.test") or next(
            (p for p in people if R.ADMIN in p.role_codes), None
        )
        self.coordinator, self.lecturers, self.students = {}, {}, {}
        for institution in institutions:
            mine = [p for p in people if p.institution_id == institution.pk]
            preferred = "coordinator@campus.test" if institution.pk == institutions[0].pk else ""
            preferred = preferred or f"coordinator1.{institution.slug}@campus.test"
            self.coordinator[institution.pk] = self.by_email.get(preferred) or next(
                (p for p in mine if R.COORDINATOR in p.role_codes), self.admin
            )
            self.lecturers[institution.pk] = [
                p for p in mine if R.LECTURER in p.role_codes and p.email not in DEMO_EMAILS
            ]
            self.students[institution.pk] = [
                p for p in mine if R.STUDENT in p.role_codes and p.email not in DEMO_EMAILS
            ]
        self.learners = [
            p
            for p in people
            if R.LIFELONG_LEARNER in p.role_codes
            and p.institution_id is None
            and p.email not in DEMO_EMAILS
        ]
        self.all_students = [s for group in self.students.values() for s in group]


@dataclass
class Terms:
    today: datetime.date

    def dates(self, term: str, jitter: int) -> dict:
        t, d = self.today, datetime.timedelta
        if term == "past":
            starts = t - d(days=200 - jitter)
            opens, closes = starts - d(days=60), starts - d(days=7)
        elif term == "current":
            starts = t - d(days=25 - jitter)
            opens, closes = starts - d(days=45), t + d(days=10 + jitter)
        else:
            starts = t + d(days=55 + jitter)
            opens, closes = t - d(days=10), starts - d(days=7)
        return {
            "label": f"{starts:%B %Y}",
            "starts_on": starts,
            "ends_on": starts + d(days=100),
            "enrolment_opens": opens,
            "enrolment_closes": closes,
        }


def _skill_uris(keyword: str, cache: dict[str, list[str]]) -> list[str]:
    if keyword not in cache:
        found = skills_search(keyword, limit=1, languages=["en"])
        cache[keyword] = [s.uri for s in found]
    return cache[keyword]


def _grade(rng: random.Random) -> str:
    return rng.choices([g for g, _w in GRADE_WEIGHTS], weights=[w for _g, w in GRADE_WEIGHTS])[0]


@dataclass
class DemoPlan:
    """What the fixed demo accounts do: course code -> [(email, term, grade or '')]."""

    by_course: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    full_run_course: str = ""

    def add(self, code, email, term, grade=""):
        self.by_course.setdefault(code, []).append((email, term, grade))


def _demo_plan(specs: list[CourseSpec], plans: list[ProgrammePlan]) -> DemoPlan:
    """Sam Student has completed three modules at two partners, two of them in the climate
    minor, and follows a third minor module now; Lea Learner has completed a flexible course."""
    plan = DemoPlan()
    minor = plans[0]
    base = [s for s in specs if s.index < COURSES_PER_SCALE and not s.prerequisite_codes]
    students_ok = [s for s in base if "students" in s.fields["audience"]]
    minor_specs = minor.required + minor.electives
    home = minor.required[0]  # the first core module: Climate adaptation at Thomas More
    done = [home]
    for spec in minor_specs:
        if spec not in done and spec.host.pk != home.host.pk:
            done.append(spec)
            break
    third = next(
        s
        for s in students_ok
        if s not in minor_specs and s.host.pk not in {d.host.pk for d in done} and s.index > 8
    )
    done.append(third)
    for spec, grade in zip(done, ["B", "A", "C"], strict=True):
        plan.add(spec.code, "student@campus.test", "past", grade)
    now = next(s for s in minor_specs if s not in done)
    plan.add(now.code, "student@campus.test", "current")

    flexible = [s for s in base if s.fields["type"] == FLEXIBLE]
    plan.add(flexible[0].code, "learner@campus.test", "past", "B")
    mooc = next(s for s in base if s.fields["type"] == MOOC and s is not flexible[0])
    plan.add(mooc.code, "learner@campus.test", "current")

    taken = set(plan.by_course)
    plan.full_run_course = next(
        s.code
        for s in base
        if s.code not in taken
        and s.fields["type"] == COURSE
        and s.fields["mode"] != Mode.ONSITE
        and s.host.slug != "thomas-more"
    )
    return plan


def _enrol(run, person, today, report) -> Enrolment | None:
    try:
        enrolment = services.enrol(run=run, person=person, by=person, today=today)
    except ValidationError:
        report.enrolments_refused += 1
        return None
    report.enrolments_created += 1
    return enrolment


def _seed_course(spec, *, people, terms, plan, report, skill_cache, lecturer_override):
    """One course with its three runs, their participants and (for the past run) results."""
    rng = random.Random(spec.seed + 7)
    host = spec.host
    by = people.coordinator[host.pk]
    outcomes = [(text, _skill_uris(kw, skill_cache)) for text, kw in spec.outcomes]
    prerequisites = list(Course.objects.filter(code__in=spec.prerequisite_codes))
    course = services.course_create(
        by=by, hosts=spec.hosts, outcomes=outcomes, prerequisites=prerequisites, **spec.fields
    )
    report.courses_created += 1

    teachers = []
    for institution in spec.hosts:
        lecturers = people.lecturers.get(institution.pk, [])
        if lecturers:
            teachers.extend(rng.sample(lecturers, min(len(lecturers), rng.choice([1, 1, 2]))))
    if lecturer_override is not None:
        teachers = [lecturer_override] + [t for t in teachers if t.pk != lecturer_override.pk][:1]
    assessor = teachers[0] if teachers else by

    # Who may come: students of the host for courses on site, everyone for the others.
    audience = spec.fields["audience"]
    pool = []
    if "students" in audience:
        if spec.fields["mode"] == Mode.ONSITE:
            pool += [s for h in spec.hosts for s in people.students.get(h.pk, [])]
        else:
            pool += people.all_students
    if "professionals" in audience:
        pool += people.learners
    if spec.prerequisite_codes:
        done = set(
            Enrolment.objects.filter(
                run__course__code__in=spec.prerequisite_codes, status=EnrolmentStatus.COMPLETED
            ).values_list("person_id", flat=True)
        )
        pool = [p for p in pool if p.pk in done]
    demo = plan.by_course.get(spec.code, [])
    location = "" if spec.fields["mode"] == Mode.ONLINE else f"{host.short_name}, {host.city}"
    capacity = rng.choice([15, 20, 24, 25, 30, 30, 40, 50, 60])
    jitter = rng.randrange(0, 10)
    for term in ("past", "current", "next"):
        full = term == "current" and spec.code == plan.full_run_course
        run = services.run_create(
            course=course,
            by=by,
            teachers=teachers,
            capacity=15 if full else capacity,
            location=location,
            waitlist=True,
            **terms.dates(term, jitter),
        )
        report.runs_created += 1
        day = run.enrolment_opens + datetime.timedelta(days=1) if term == "past" else None
        grades = {}
        for email, planned_term, grade in demo:
            if planned_term == term and email in people.by_email:
                enrolment = _enrol(run, people.by_email[email], day, report)
                if enrolment and grade:
                    grades[enrolment.pk] = grade
        if full:
            wanted = run.capacity + 4
        else:
            low, high = {"past": (6, 16), "current": (3, 12), "next": (0, 6)}[term]
            wanted = min(rng.randint(low, high), run.capacity)
        candidates = rng.sample(pool, min(len(pool), wanted * 3))
        taken = 0
        for person in candidates:
            if taken >= wanted:
                break
            if _enrol(run, person, day, report):
                taken += 1
        if term == "past":
            _assess(run, assessor, grades, rng, host.country, report)
        elif term == "current" and not full:
            enrolled = list(run.enrolments.filter(status=EnrolmentStatus.ENROLLED))
            generated = [e for e in enrolled if e.person.email not in DEMO_EMAILS]
            if len(generated) > 4 and rng.random() < 0.3:  # someone changed their mind
                services.enrolment_withdraw(enrolment=generated[-1], by=generated[-1].person)
    return course


def _assess(run, assessor, planned, rng, country, report):
    """Results for everyone in a past run, by its teacher, then the run is closed."""
    scale = LOCAL_GRADES.get(country, LOCAL_GRADES["CZ"])
    result_date = run.ends_on + datetime.timedelta(days=7)
    for enrolment in run.enrolments.select_related("person").order_by("pk"):
        if enrolment.status != EnrolmentStatus.ENROLLED:
            continue
        if enrolment.pk not in planned and rng.random() < 0.06:
            services.enrolment_withdraw(enrolment=enrolment, by=enrolment.person)
            continue
        grade = planned.get(enrolment.pk) or _grade(rng)
        services.result_record(
            enrolment=enrolment,
            by=assessor,
            ects_grade=grade,
            local_grade=scale[grade],
            result_date=result_date,
        )
        report.results_recorded += 1
    services.run_close(run=run, by=assessor)


def _seed_programme(plan: ProgrammePlan, admin, report):
    courses = {
        c.code: c
        for c in Course.objects.filter(
            code__in=[s.code for s in plan.required + plan.electives]
        ).prefetch_related("hosts")
    }
    required = [courses[s.code] for s in plan.required if s.code in courses]
    electives = [courses[s.code] for s in plan.electives if s.code in courses]
    institutions = list(
        dict.fromkeys(h for c in required + electives for h in c.hosts.all()).keys()
    )
    req = sum((c.ects for c in required), Decimal(0))
    available = sum((c.ects for c in electives), Decimal(0))
    minimum = min(plan.ects_total - req, available)
    groups = [{"name": plan.required_name, "required": True, "courses": required}]
    if electives and minimum > 0:
        groups.append(
            {
                "name": plan.elective_name,
                "required": False,
                "min_ects": minimum,
                "courses": electives,
            }
        )
    programme_create(
        by=admin,
        code=plan.code,
        kind=plan.kind,
        title=plan.title,
        description=plan.description,
        institutions=institutions,
        ects_total=req + (minimum if len(groups) > 1 else 0),
        eqf_level=plan.eqf,
        themes=plan.themes,
        groups=groups,
    )
    report.programmes_created += 1


def seed_catalogue(*, scale: int = 1, stdout=None) -> CatalogueReport:
    """Add the demo catalogue (run after the demo alliance and people exist); adds nothing twice."""
    started = time.perf_counter()
    report = CatalogueReport()
    say = stdout.write if stdout else (lambda *_a: None)
    institutions = list(Institution.objects.select_related("region").order_by("pk"))
    if not institutions:
        report.notes.append("No institutions: run the alliance seed first.")
        return report
    people = _People(institutions)
    specs = _course_specs(institutions, COURSES_PER_SCALE * scale)
    plans = _programme_plans(specs)
    plan = _demo_plan(specs, plans)
    terms = Terms(timezone.localdate())
    existing = set(Course.objects.values_list("code", flat=True))
    lecturer = people.by_email.get("lecturer@campus.test")
    lecturer_courses = [
        s.code
        for s in specs
        if lecturer is not None and s.host.pk == lecturer.institution_id and s.index < 20
    ][:2]
    skill_cache: dict[str, list[str]] = {}
    missing = [s for s in specs if s.code not in existing]
    if missing:
        say(f"Adding {len(missing)} courses with their runs and enrolments…\n")
    for spec in missing:
        with transaction.atomic():
            _seed_course(
                spec,
                people=people,
                terms=terms,
                plan=plan,
                report=report,
                skill_cache=skill_cache,
                lecturer_override=lecturer if spec.code in lecturer_courses else None,
            )
    existing_programmes = set(Programme.objects.values_list("code", flat=True))
    if people.admin is not None:
        for programme_plan in plans:
            if programme_plan.code not in existing_programmes:
                _seed_programme(programme_plan, people.admin, report)
    report.seconds = time.perf_counter() - started
    say(
        f"Catalogue: {report.courses_created} new courses, {report.runs_created} runs, "
        f"{report.enrolments_created} enrolments, {report.results_recorded} results, "
        f"{report.programmes_created} programmes ({report.seconds:.1f} s).\n"
    )
    return report
