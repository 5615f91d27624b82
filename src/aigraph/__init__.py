"""aigraph: knowledge graphs of AI-governance news, every fact traceable to its sentence."""

__version__ = "0.1.0"
