from . import eco_organism
