"""Average weights per Give Box category, in grams: what one object given rather than
thrown away keeps out of the bin, for the monthly figures.

Where they come from, said on the page and in docs/givebox.md: these are Comptoir's own
rounded estimates of a typical object of each category (a paperback book about 300 g, a
small kitchen appliance about 2 kg…), not measured figures. The method, counting the weight
of an object reused as waste avoided, is the one of ADEME's study "Étude d'évaluation des
gisements d'évitement, des potentiels de réduction de déchets et des impacts
environnementaux évités" (GIRUS for ADEME, contract 1206C0097, January 2016); its figures
per kind of product should replace these when a place measures its own."""

from __future__ import annotations

SOURCE = (
    "ADEME, « Étude d'évaluation des gisements d'évitement, des potentiels de réduction de "
    "déchets et des impacts environnementaux évités », GIRUS, janvier 2016 (méthode) ; "
    "poids moyens par catégorie : estimations arrondies de Comptoir"
)

GRAMS = {
    "books": 300,
    "clothes": 400,
    "toys": 500,
    "kitchen": 1000,
    "appliance": 2000,
    "furniture": 10000,
    "electronics": 1500,
    "decoration": 500,
    "other": 500,
}
