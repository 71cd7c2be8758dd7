"""The published catalogs the rules come from, cited once and reused.

Each rule's registration names the catalog entries it implements with
:func:`cite`; only entries that describe the rule are cited.
"""

from __future__ import annotations

__all__ = [
    "ARCAN_2017",
    "AWS_RELIABILITY",
    "CONFLUENT_SCHEMA_REGISTRY",
    "DESIGNKIT",
    "EVANS_2003",
    "HOHPE_WOOLF_2003",
    "KAFKA_DOCS",
    "KLEPPMANN_2017",
    "NERI_2020",
    "NEWMAN_2021",
    "NIST_800_34",
    "PIGAZZINI_2020",
    "PONCE_2022",
    "RICHARDSON",
    "RICHARDSON_2018",
    "ROTEM_GAL_OZ_2012",
    "SKELTON_PAIS_2019",
    "SRE_2016",
    "TAIBI_2018",
    "TERRY_1994",
    "cite",
]

TAIBI_2018 = (
    'Taibi & Lenarduzzi 2018, "On the Definition of Microservice Bad Smells", IEEE Software 35(3)'
)
NERI_2020 = (
    'Neri, Soldani, Zimmermann & Brogi 2020, "Design principles, architectural smells and '
    'refactorings for microservices: a multivocal review", SICS Softw.-Intensive Cyber-Phys. Syst.'
)
PIGAZZINI_2020 = (
    'Pigazzini, Arcelli Fontana, Lenarduzzi & Taibi 2020, "Towards Microservice Smells '
    'Detection", TechDebt 2020'
)
PONCE_2022 = (
    'Ponce, Soldani, Astudillo & Brogi 2022, "Smells and refactorings for microservices '
    'security: a multivocal literature review", J. Systems and Software 192'
)
ARCAN_2017 = (
    'Arcelli Fontana, Pigazzini, Roveda, Tamburri, Zanoni & Di Nitto 2017, "Arcan: a tool for '
    'architectural smells detection", ICSA Workshops (smell defined for packages; applied to '
    "services here)"
)
RICHARDSON = "Richardson, microservices.io pattern language"
RICHARDSON_2018 = 'Richardson 2018, "Microservices Patterns", Manning'
NEWMAN_2021 = 'Newman 2021, "Building Microservices", 2nd ed., O\'Reilly'
EVANS_2003 = 'Evans 2003, "Domain-Driven Design", ch. 14 "Maintaining Model Integrity"'
SRE_2016 = 'Beyer, Jones, Petoff & Murphy (eds.) 2016, "Site Reliability Engineering", O\'Reilly'
ROTEM_GAL_OZ_2012 = 'Rotem-Gal-Oz 2012, "SOA Patterns", Manning'
HOHPE_WOOLF_2003 = 'Hohpe & Woolf 2003, "Enterprise Integration Patterns", Addison-Wesley'
KLEPPMANN_2017 = 'Kleppmann 2017, "Designing Data-Intensive Applications", O\'Reilly'
KAFKA_DOCS = "Apache Kafka documentation, Design and Operations sections"
CONFLUENT_SCHEMA_REGISTRY = (
    "Confluent Schema Registry documentation, Schema Evolution and Compatibility"
)
TERRY_1994 = (
    'Terry, Demers, Petersen, Spreitzer, Theimer & Welch 1994, "Session Guarantees for Weakly '
    'Consistent Replicated Data", PDIS'
)
NIST_800_34 = (
    'NIST SP 800-34 Rev. 1 (2010), "Contingency Planning Guide for Federal Information Systems"'
)
AWS_RELIABILITY = "AWS Well-Architected Framework, Reliability Pillar (REL 9 backups, REL 13 DR)"
SKELTON_PAIS_2019 = 'Skelton & Pais 2019, "Team Topologies", IT Revolution'
DESIGNKIT = "designkit consistency check (not from a published smell catalog)"


def cite(source: str, entry: str) -> str:
    """One citation: the source and the entry (smell, pattern or chapter) in it.

    Examples
    --------
    >>> cite(RICHARDSON, "pattern: Saga")
    'Richardson, microservices.io pattern language: pattern: Saga'
    """
    return f"{source}: {entry}"
