"""procdocs: standardized Chinese government procurement documents from one YAML spec."""

__version__ = "0.1.0"
