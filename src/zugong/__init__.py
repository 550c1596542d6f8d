"""zugong (组工): the information system of a district organization department."""

__version__ = "0.1.0"
