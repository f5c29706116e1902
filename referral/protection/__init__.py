"""Protection measures for the victim and for family at home, and European Protection Orders."""
