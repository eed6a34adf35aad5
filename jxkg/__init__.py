"""jxkg: the knowledge graph of Jiangxi province's science and technology innovation ecosystem."""

__version__ = "0.1.0"
