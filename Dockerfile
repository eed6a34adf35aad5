# The jxkg API for docker compose (Neo4j engine). Built from this checkout.

# The browser pages' assets: the exact packages of web/package-lock.json, bundled by esbuild.
FROM node:20-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json web/.npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY web/build.mjs ./
COPY web/src/ src/
COPY web/public/ public/
# build.mjs writes beside web/: /src/jxkg/graph_api/static
RUN node build.mjs

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY jxkg/ jxkg/
COPY --from=web /src/jxkg/graph_api/static/ jxkg/graph_api/static/
COPY data/ data/
RUN pip install --no-cache-dir . && useradd --create-home jxkg
USER jxkg
ENV JXKG_ENGINE=neo4j JXKG_API_HOST=0.0.0.0 JXKG_API_PORT=8000
EXPOSE 8000
CMD ["jxkg", "serve"]
