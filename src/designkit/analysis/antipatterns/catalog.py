"""The published catalogs the rules come from, cited once and reused.

Each rule's registration names the catalog entries it implements with
:func:`cite`; only entries that describe the rule are cited.
"""

from __future__ import annotations

__all__ = [
    "ARCAN_2017",
    "DESIGNKIT",
    "EVANS_2003",
    "NERI_2020",
    "NEWMAN_2021",
    "PIGAZZINI_2020",
    "PONCE_2022",
    "RICHARDSON",
    "RICHARDSON_2018",
    "ROTEM_GAL_OZ_2012",
    "SRE_2016",
    "TAIBI_2018",
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
DESIGNKIT = "designkit consistency check (not from a published smell catalog)"


def cite(source: str, entry: str) -> str:
    """One citation: the source and the entry (smell, pattern or chapter) in it.

    Examples
    --------
    >>> cite(RICHARDSON, "pattern: Saga")
    'Richardson, microservices.io pattern language: pattern: Saga'
    """
    return f"{source}: {entry}"
