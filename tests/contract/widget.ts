// A small relationship widget written against the client openapi-typescript generates from jxkg's
// OpenAPI document with its default settings (tests/api/test_typed_client.py type-checks it with
// `tsc --strict`): every read operation called through openapi-fetch, its answer used as the
// documents describe it. No cast, no `any`: if the document loosens a shape (a required field made
// optional, a closed set made a plain string), this file stops type-checking.
import createClient from "openapi-fetch";
import type { components, paths } from "./api";

type Schemas = components["schemas"];
type Kind = "documented" | "curated" | "reference" | "synthetic" | "inferred";

// JSON answers only: the question run also answers CSV, as its own media type
const api = createClient<paths, "application/json">({ baseUrl: "http://127.0.0.1:8000", headers: { "X-API-Key": "k" } });

function must<T>(data: T | undefined, error: Schemas["Problem"] | undefined): T {
  if (data === undefined) throw new Error(error ? `${error.status} ${error.title}: ${error.detail}` : "no answer");
  return data;
}

function caption(node: Schemas["GraphNode"], lang: "zh" | "en"): string {
  const kind: Kind | null = node.provenance.kind;
  const synthetic: boolean = node.provenance.synthetic;
  const group: number | null = node.group === null ? null : node.group.count;
  const name = lang === "zh" ? node.captionZh : node.captionEn;
  return `${name} (${node.type}${kind ? `, ${kind}` : ""}${synthetic ? ", synthetic" : ""}${group === null ? "" : ` ×${group}`})`;
}

function edgeLine(edge: Schemas["GraphEdge"]): string {
  const quote: string | null = edge.provenance.quote;
  return `${edge.source} -[${edge.type}]-> ${edge.target}${quote ? `: ${quote}` : ""}`;
}

export async function widget(): Promise<string[]> {
  const lines: string[] = [];

  const health = must(...unpack(await api.GET("/api/v1/health")));
  const reachable: boolean = health.reachable;
  const nodes: number | null = health.nodes;
  lines.push(`${health.engine} ${reachable ? "up" : "down"} ${nodes ?? "?"}`);

  const found = must(...unpack(await api.GET("/api/v1/search", { params: { query: { q: "稀金", limit: 5 } } })));
  const searchTotal: string = `${found.total}${found.moreMayMatch ? "+" : ""}`;
  const moreFound: string | null = found.nextCursor;
  if (moreFound !== null) {
    const query = { q: "稀金", limit: 5, quotes: 0, cursor: moreFound };
    const next = must(...unpack(await api.GET("/api/v1/search", { params: { query } })));
    lines.push(`${next.results.length} more of ${searchTotal}`);
  }
  for (const result of found.results) {
    const matched: "exact" | "normalised" | "pinyin" | "prefix" | "substring" | "partial" | "fuzzy" | "words" = result.matched;
    const score: number = result.score;
    lines.push(`${caption(result.node, "zh")} ${matched} ${score} ${result.matchedName}`);
  }
  const quotesTotal: number = found.quotes.total;
  lines.push(`${quotesTotal} quotes${found.quotes.truncated ? " (more)" : ""}`);
  const first = found.results[0];
  if (!first) return lines;
  const id = first.node.id;

  const detail = must(...unpack(await api.GET("/api/v1/entities/{entity_id}", { params: { path: { entity_id: id } } })));
  for (const count of detail.relationshipCounts) {
    const direction: "in" | "out" = count.direction;
    lines.push(`${count.relationship} ${direction} ${count.type} ${count.count}`);
  }
  for (const source of detail.sources) lines.push(`${source.document?.titleZh ?? source.file} ${source.section ?? ""}`);
  for (const mention of detail.mentions) lines.push(`${mention.captionZh}: ${mention.quote ?? ""}`);

  let cursor: string | null = null;
  do {
    const query: { limit: number; cursor?: string } = cursor === null ? { limit: 50 } : { limit: 50, cursor };
    const page: Schemas["Subgraph"] = must(
      ...unpack(await api.GET("/api/v1/entities/{entity_id}/neighbors", { params: { path: { entity_id: id }, query } })),
    );
    const total: number | null = page.total;
    const truncated: boolean = page.truncated;
    lines.push(`${page.nodes.length} of ${total ?? "?"}${truncated ? " (cut)" : ""}`);
    for (const group of page.summary) lines.push(`${group.relationship}|${group.direction}|${group.type}: ${group.count}`);
    page.edges.forEach((edge) => lines.push(edgeLine(edge)));
    cursor = page.nextCursor;
  } while (cursor !== null);

  const paths = must(
    ...unpack(await api.GET("/api/v1/paths", { params: { query: { from: id, to: "360700", maxHops: 3 } } })),
  );
  const hops: number = paths.maxHops;
  for (const path of paths.paths) lines.push(`${hops}: ${path.nodes.map((n) => n.captionZh).join(" → ")}`);

  const drawn = must(...unpack(await api.POST("/api/v1/subgraph", { body: { ids: [id, "360700"] } })));
  lines.push(`${drawn.nodes.length} nodes, ${drawn.edges.length} edges`);

  const questions = must(...unpack(await api.GET("/api/v1/queries")));
  const headline = questions[0];
  if (!headline) return lines;
  const question = must(...unpack(await api.GET("/api/v1/queries/{name}", { params: { path: { name: headline.name } } })));
  for (const parameter of question.parameters) lines.push(`${parameter.name}: ${parameter.type} ${parameter.required}`);
  const summarise = question.graph.summarise;
  if (summarise !== null) lines.push(`${summarise.around} ${summarise.direction}`);
  const answer = must(
    ...unpack(
      await api.POST("/api/v1/queries/{name}/run", {
        params: { path: { name: headline.name } },
        body: { params: { scienceCity: "赣州稀金科创城" }, graph: true },
      }),
    ),
  );
  const elapsed: number = answer.elapsedMs;
  const cut: boolean = answer.truncated;
  lines.push(`${answer.rows.length} rows in ${elapsed} ms${cut ? " (cut)" : ""}`);
  if (answer.graph !== null) answer.graph.nodes.forEach((node) => lines.push(caption(node, "en")));

  // a question's rows typed by the columns its catalog header declares: the name narrows the answer
  const labs = must(
    ...unpack(
      await api.POST("/api/v1/queries/{name}/run", {
        params: { path: { name: "labs-by-chain" } },
        body: { params: { chain: "绿色食品" } },
      }),
    ),
  );
  if (labs.name === "labs-by-chain") {
    for (const row of labs.rows) {
      const count: number = row.laboratoryCount;
      const chain: string | null = row.chain;
      for (const lab of row.labs) {
        const kind: Kind | null = lab.provenance.kind;
        const title: string | null = lab.provenance.document === null ? null : lab.provenance.document.titleZh;
        lines.push(`${chain ?? "—"} (${count}): ${lab.nameZh} ${lab.link ?? ""} ${kind ?? ""} ${title ?? ""}`);
      }
    }
  }

  const schema = must(...unpack(await api.GET("/api/v1/schema")));
  for (const type of schema.node_types) lines.push(`${type.name}: ${type.label.zh} / ${type.label.en}`);
  const stats = must(...unpack(await api.GET("/api/v1/stats")));
  lines.push(`${stats.nodes} nodes, ${stats.relationships} relationships`);
  const me = must(...unpack(await api.GET("/api/v1/me")));
  lines.push(`${me.name} ${me.role} ${me.keyless}`);

  const runs = must(...unpack(await api.GET("/api/v1/runs", { params: { query: { limit: 5 } } })));
  const runTotal: number = runs.total;
  const moreRuns: string | null = runs.nextCursor;
  if (moreRuns !== null) {
    const page = must(...unpack(await api.GET("/api/v1/runs", { params: { query: { limit: 5, cursor: moreRuns } } })));
    lines.push(`${page.runs.length} older runs`);
  }
  const newest = runs.runs[0];
  if (newest) {
    const run = must(...unpack(await api.GET("/api/v1/runs/{run}", { params: { path: { run: newest.runId } } })));
    lines.push(`${run.runId} of ${runTotal}: ${run.files.join(", ")}${run.truncated ? " (cut)" : ""}`);
  }
  return lines;
}

/** openapi-fetch's answer as the (data, error) pair `must` takes. */
function unpack<T>(answer: { data?: T; error?: unknown }): [T | undefined, Schemas["Problem"] | undefined] {
  return [answer.data, isProblem(answer.error) ? answer.error : undefined];
}

function isProblem(value: unknown): value is Schemas["Problem"] {
  return typeof value === "object" && value !== null && "status" in value && "title" in value;
}

// what the document must keep closed: each line below has to be a type error
// @ts-expect-error: a provenance kind the ontology does not allow
export const badKind: Schemas["Provenance"]["kind"] = "guessed";
// @ts-expect-error: a direction is in or out
export const badDirection: Schemas["NeighbourCount"]["direction"] = "both";
// @ts-expect-error: a search result matched in one of the documented ways
export const badMatch: Schemas["SearchResult"]["matched"] = "somehow";
// @ts-expect-error: a subgraph always says whether it was cut
export const noTruncated: Schemas["Subgraph"] = { nodes: [], edges: [], nextCursor: null, total: 0, summary: [] };
// @ts-expect-error: a problem leaves its empty members out, so a member may be absent
export const chineseDetail = (problem: Schemas["Problem"]): string | null => problem.detailZh;
// @ts-expect-error: a search answer always says whether there is a next page (null on the last)
export const noNextPage: Schemas["SearchAnswer"] = {
  query: "",
  results: [],
  total: 0,
  moreMayMatch: false,
  quotes: { hits: [], total: 0, truncated: false },
};
// @ts-expect-error: a column labs-by-chain does not declare
export const badColumn = (row: Schemas["LabsByChainRow"]): number => row.laboratories;
// @ts-expect-error: laboratoryCount is a number
export const badCount = (row: Schemas["LabsByChainRow"]): string => row.laboratoryCount;
// @ts-expect-error: a chain may be null (the laboratories linked to no chain)
export const badChain = (row: Schemas["LabsByChainRow"]): string => row.chain;
