"""Delegations by code: the negotiating groups and the 193 Member States of the United Nations, for
the ``name:`` header that ``propose`` and ``template`` write (``EU`` -> ``European Union and its member
States``). A code not listed gets no name; the delegation writes its own."""

from __future__ import annotations

GROUPS = {
    "EU": "European Union and its member States",
    "G77": "Group of 77 and China",
    "AGN": "African Group of Negotiators",
    "AG": "African Group",
    "AOSIS": "Alliance of Small Island States",
    "LDC": "Least Developed Countries",
    "LDCS": "Least Developed Countries",
    "LLDC": "Landlocked Developing Countries",
    "LLDCS": "Landlocked Developing Countries",
    "SIDS": "Small Island Developing States",
    "CARICOM": "Caribbean Community",
    "JUSCANZ": "Japan, the United States, Switzerland, Canada, Australia, Norway and New Zealand",
    "LMDC": "Like-Minded Developing Countries",
    "AILAC": "Independent Association of Latin America and the Caribbean",
    "ALBA": "Bolivarian Alliance for the Peoples of Our America",
    "ARAB": "Arab Group",
    "EIG": "Environmental Integrity Group",
    "UMBRELLA": "Umbrella Group",
    "BASIC": "Brazil, South Africa, India and China",
    "NAM": "Non-Aligned Movement",
    "OIC": "Organisation of Islamic Cooperation",
    "CELAC": "Community of Latin American and Caribbean States",
    "AU": "African Union",
    "ASEAN": "Association of Southeast Asian Nations",
    "PSIDS": "Pacific Small Island Developing States",
    "CACAM": "Central Asia, Caucasus, Albania and Moldova",
    "US": "United States of America",
    "UK": "United Kingdom of Great Britain and Northern Ireland",
}
"""Negotiating groups, and the short codes delegates use for a few States."""

MEMBER_STATES = {
    "AFG": "Afghanistan", "ALB": "Albania", "DZA": "Algeria", "AND": "Andorra", "AGO": "Angola",
    "ATG": "Antigua and Barbuda", "ARG": "Argentina", "ARM": "Armenia", "AUS": "Australia", "AUT": "Austria",
    "AZE": "Azerbaijan", "BHS": "Bahamas", "BHR": "Bahrain", "BGD": "Bangladesh", "BRB": "Barbados",
    "BLR": "Belarus", "BEL": "Belgium", "BLZ": "Belize", "BEN": "Benin", "BTN": "Bhutan",
    "BOL": "Bolivia (Plurinational State of)", "BIH": "Bosnia and Herzegovina", "BWA": "Botswana", "BRA": "Brazil",
    "BRN": "Brunei Darussalam", "BGR": "Bulgaria", "BFA": "Burkina Faso", "BDI": "Burundi", "CPV": "Cabo Verde",
    "KHM": "Cambodia", "CMR": "Cameroon", "CAN": "Canada", "CAF": "Central African Republic", "TCD": "Chad",
    "CHL": "Chile", "CHN": "China", "COL": "Colombia", "COM": "Comoros", "COG": "Congo", "CRI": "Costa Rica",
    "CIV": "Côte d'Ivoire", "HRV": "Croatia", "CUB": "Cuba", "CYP": "Cyprus", "CZE": "Czechia",
    "PRK": "Democratic People's Republic of Korea", "COD": "Democratic Republic of the Congo", "DNK": "Denmark",
    "DJI": "Djibouti", "DMA": "Dominica", "DOM": "Dominican Republic", "ECU": "Ecuador", "EGY": "Egypt",
    "SLV": "El Salvador", "GNQ": "Equatorial Guinea", "ERI": "Eritrea", "EST": "Estonia", "SWZ": "Eswatini",
    "ETH": "Ethiopia", "FJI": "Fiji", "FIN": "Finland", "FRA": "France", "GAB": "Gabon", "GMB": "Gambia",
    "GEO": "Georgia", "DEU": "Germany", "GHA": "Ghana", "GRC": "Greece", "GRD": "Grenada", "GTM": "Guatemala",
    "GIN": "Guinea", "GNB": "Guinea-Bissau", "GUY": "Guyana", "HTI": "Haiti", "HND": "Honduras", "HUN": "Hungary",
    "ISL": "Iceland", "IND": "India", "IDN": "Indonesia", "IRN": "Iran (Islamic Republic of)", "IRQ": "Iraq",
    "IRL": "Ireland", "ISR": "Israel", "ITA": "Italy", "JAM": "Jamaica", "JPN": "Japan", "JOR": "Jordan",
    "KAZ": "Kazakhstan", "KEN": "Kenya", "KIR": "Kiribati", "KWT": "Kuwait", "KGZ": "Kyrgyzstan",
    "LAO": "Lao People's Democratic Republic", "LVA": "Latvia", "LBN": "Lebanon", "LSO": "Lesotho",
    "LBR": "Liberia", "LBY": "Libya", "LIE": "Liechtenstein", "LTU": "Lithuania", "LUX": "Luxembourg",
    "MDG": "Madagascar", "MWI": "Malawi", "MYS": "Malaysia", "MDV": "Maldives", "MLI": "Mali", "MLT": "Malta",
    "MHL": "Marshall Islands", "MRT": "Mauritania", "MUS": "Mauritius", "MEX": "Mexico",
    "FSM": "Micronesia (Federated States of)", "MCO": "Monaco", "MNG": "Mongolia", "MNE": "Montenegro",
    "MAR": "Morocco", "MOZ": "Mozambique", "MMR": "Myanmar", "NAM": "Namibia", "NRU": "Nauru", "NPL": "Nepal",
    "NLD": "Netherlands (Kingdom of the)", "NZL": "New Zealand", "NIC": "Nicaragua", "NER": "Niger",
    "NGA": "Nigeria", "MKD": "North Macedonia", "NOR": "Norway", "OMN": "Oman", "PAK": "Pakistan", "PLW": "Palau",
    "PAN": "Panama", "PNG": "Papua New Guinea", "PRY": "Paraguay", "PER": "Peru", "PHL": "Philippines",
    "POL": "Poland", "PRT": "Portugal", "QAT": "Qatar", "KOR": "Republic of Korea", "MDA": "Republic of Moldova",
    "ROU": "Romania", "RUS": "Russian Federation", "RWA": "Rwanda", "KNA": "Saint Kitts and Nevis",
    "LCA": "Saint Lucia", "VCT": "Saint Vincent and the Grenadines", "WSM": "Samoa", "SMR": "San Marino",
    "STP": "Sao Tome and Principe", "SAU": "Saudi Arabia", "SEN": "Senegal", "SRB": "Serbia", "SYC": "Seychelles",
    "SLE": "Sierra Leone", "SGP": "Singapore", "SVK": "Slovakia", "SVN": "Slovenia", "SLB": "Solomon Islands",
    "SOM": "Somalia", "ZAF": "South Africa", "SSD": "South Sudan", "ESP": "Spain", "LKA": "Sri Lanka",
    "SDN": "Sudan", "SUR": "Suriname", "SWE": "Sweden", "CHE": "Switzerland", "SYR": "Syrian Arab Republic",
    "TJK": "Tajikistan", "THA": "Thailand", "TLS": "Timor-Leste", "TGO": "Togo", "TON": "Tonga",
    "TTO": "Trinidad and Tobago", "TUN": "Tunisia", "TUR": "Türkiye", "TKM": "Turkmenistan", "TUV": "Tuvalu",
    "UGA": "Uganda", "UKR": "Ukraine", "ARE": "United Arab Emirates",
    "GBR": "United Kingdom of Great Britain and Northern Ireland", "TZA": "United Republic of Tanzania",
    "USA": "United States of America", "URY": "Uruguay", "UZB": "Uzbekistan", "VUT": "Vanuatu",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "VNM": "Viet Nam", "YEM": "Yemen", "ZMB": "Zambia", "ZWE": "Zimbabwe",
}
"""The Member States by their ISO 3166-1 alpha-3 codes, named as the United Nations names them."""


def delegation_name(code: str) -> str:
    """The full name of a delegation by its code (any case), or "" when the code is not a known one.
    ``NAM`` is Namibia (the Non-Aligned Movement has no code of its own here)."""
    key = code.strip().upper()
    return MEMBER_STATES.get(key) or GROUPS.get(key, "") if key != "NAM" else MEMBER_STATES["NAM"]
