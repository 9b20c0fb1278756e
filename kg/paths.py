"""Where the bundled data lives: the ontology, shapes, gazetteer and demo corpus.

They sit at the top of the repository (the design card's layout), beside the ``kg`` package;
``pip install -e .`` keeps them there.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CORPUS = DATA / "corpus"
GAZETTEER = DATA / "gazetteer" / "divisions.csv"
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "policy-kg.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
