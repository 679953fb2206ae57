"""The demo documentation of Comptoir Numérique, taken from its Movilab page (the reference
text in French, CC BY-SA): one Markdown text per section."""

from __future__ import annotations

from comptoir.publishing.models import SectionKey

SECTIONS: dict[str, str] = {
    SectionKey.PLACE: """\
Le Comptoir Numérique n'est pas un lieu, mais un **tiers-lieu** : son modèle de gouvernance
et son modèle économique ne reposent pas en priorité sur une offre de services mais sur
l'émergence et le développement de projets coopératifs entre ses usagers.

Il permet de développer et de redistribuer de la valeur d'usage sur le territoire et auprès
de ceux qui le constituent : citoyens, entreprises et collectivités. Il repose sur :

- une communauté d'usagers, les coworkers (des rôles et des postures) ;
- un territoire de travail et de vie : Saint-Étienne et le sud de la Loire ;
- un processus libre et ouvert de services : conciergerie, coworking, pratiques et
  médiation numériques (EPN), HackerSpace et consommation collaborative.

Au cœur du quartier créatif Manufacture Plaine Achille, à 5 minutes à pied de la Cité
internationale du design, entre deux arrêts de tram et une station VéliVert.
""",
    SectionKey.SERVICES: """\
**Aux personnes** : un espace de coworking, un Espace de Pratiques et de Médiation
Numérique, le HackerSpace CATS, des services de conciergerie et de consommation
collaborative, une Give Box.

**Aux entrepreneurs** : l'incubateur de projets open source de Coworking Sainté, un
processus d'incubation avec les tiers-lieux, et « Construire votre business model innovant
en 48 h chrono ».
""",
    SectionKey.OFFERS: """\
En lui-même, le lieu ne vend rien : il mutualise de l'immobilier, du mobilier et un service
d'accueil pour les résidents et les nomades qui le fréquentent.

OpenScop, la coopérative de production qui porte le Comptoir Numérique, assemble les
compétences des coworkers volontaires et propose des prestations autour des outils,
services et pratiques numériques : conciergeries nomades ou éphémères, tiers-lieux
éphémères, documentation selon la méthodologie Movilab, MediaLab, formats d'animation
innovants, incubation de projets d'innovation sociale.
""",
    SectionKey.GOVERNANCE: """\
L'espace de support et de discussion est la **conciergerie** du Comptoir Numérique.

- **Les concierges** : responsables permanents ou ponctuels ;
- **les résidents** : structures qui portent et soutiennent économiquement le lieu ;
- **les nomades** : coworkers ponctuels ;
- **les voyageurs** : coworkers occasionnels.
""",
    SectionKey.COMMUNITIES: """\
Les résidents fondateurs et permanents : Zoomacom, structure fondatrice et principal
contributeur de l'animation du lieu ; OpenScop, porteur juridique et financier ; la POC
Foundation ; Coworking Sainté ; KoDeal ; Codeur.com ; Karma ; Magique Animation.

Profils principaux : structures de l'économie sociale et solidaire, entrepreneurs sociaux,
start-up, entreprises, collectivités. Profils secondaires : citoyens du quartier
(étudiants, parents, seniors, commerçants), demandeurs d'emploi porteurs de projets.
""",
    SectionKey.TERRITORY: """\
Labellisé Territoire innovant aux Interconnectés 2012.

Les usagers réguliers : indépendants, salariés d'entreprises, d'associations et de
collectivités, demandeurs d'emploi, seniors du quartier, animateurs et médiateurs d'EPN.
Le quartier compte surtout des personnes âgées, des étudiants et des professionnels du
tertiaire. Éducation populaire, emploi, culture, sport, enseignement et recherche, presse,
entrepreneuriat, numérique, environnement : toutes ces structures ont utilisé le lieu.
""",
    SectionKey.ECONOMIC_MODEL: """\
Le Comptoir Numérique est essentiellement financé par OpenScop comme outil de production
pour ses activités propres (80 %), complété par le coworking des résidents (abonnement
mensuel) et des nomades (carnets de tickets).

Nous nous inspirons des modèles économiques des tiers-lieux, de la consommation et de
l'économie collaboratives, de l'économie de la fonctionnalité et de l'économie circulaire.
""",
    SectionKey.PROJECTS: """\
Semaine Tiers-Lieux (Biennale du Design, avril 2015), Event42, le cours « Informatique et
société » de l'École des mines, le développement de Coworking Sainté, l'incubateur de
projets open source, OpenFactory et le HackerSpace, le manifeste des tiers-lieux, la Cigale
du Comptoir Numérique.
""",
    SectionKey.SHARED_RESOURCES: """\
Nous partageons nos guides, nos études et nos outils sous licence libre : voir la
bibliothèque ci-dessous.
""",
    SectionKey.PRESS: """\
Ce que la presse a dit du Comptoir Numérique et des tiers-lieux stéphanois.
""",
    SectionKey.NEXT: """\
**2015 – 2020** : bilan et prospective lors de la Semaine Tiers-Lieux de la Biennale du
Design. Le projet : créer le « GNU/Linux des tiers-lieux ». Le code source : la POC
Foundation. L'ambition : une ville open source, et un processus apprenant.
""",
}

RESOURCES = [
    ("Les trajectoires d'évolution des ERIC en tiers-lieux", "OpenScop", "Accompagnement"),
    ("Le storytelling de Saint-Étienne", "Multitudes", "Territoire"),
    ("Le coworking dans un tiers-lieu", "Imagination for People", "Coworking"),
    ("Tour d'horizon des FabLab", "FING", "Fabrication"),
    ("Modules d'auto-formation pour médiateurs numériques", "CoRAIA", "Médiation"),
    ("Livre blanc du tour de France du télétravail 2012", "Néo-nomade, Zevillage", "Coworking"),
]

PRESS = [
    ("4 outils pour cultiver l'économie collaborative dans les territoires", "Huffington Post"),
    ("Partageons le code source de nos tiers-lieux", "Deskmag"),
    ("Et si on travaillait autrement ?", "Tour de France des alternatives"),
    ("Fini le télétravail, vive le coworking !", "Slate.fr"),
]
