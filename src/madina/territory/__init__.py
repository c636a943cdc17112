"""The gazetteer: governorates, municipalities and the smart-city perimeters drawn inside them."""
