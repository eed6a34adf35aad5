# The jxkg API for docker compose (Neo4j engine). Built from this checkout.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY jxkg/ jxkg/
COPY ontology/ ontology/
COPY shapes/ shapes/
COPY ingest/ ingest/
COPY queries/ queries/
COPY graph_api/ graph_api/
COPY data/ data/
RUN pip install --no-cache-dir . && useradd --create-home jxkg
USER jxkg
ENV JXKG_ENGINE=neo4j JXKG_API_HOST=0.0.0.0 JXKG_API_PORT=8000
EXPOSE 8000
CMD ["jxkg", "serve"]
