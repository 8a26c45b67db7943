"""ita-docs: official Thai government documents for the ITA assessment."""
