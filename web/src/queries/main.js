// The query page at /queries: the catalog's questions (the headline first), a form for the chosen
// one's typed parameters, and its answer as a table and as a subgraph side by side; CSV and XLSX downloads;
// for an analyst, a Cypher editor. The question and its parameters are kept in the URL.
import { getJson, postForFile, postJson } from "../common/api.js";
import { announce, byId, clear, download, h } from "../common/dom.js";
import { PARAM_PREFIX, setUrlParam, startPage } from "../common/page.js";
import { Suggest } from "../common/suggest.js";
import { cypherEditor } from "./editor.js";
import { AnswerGraph, explorerLink } from "./graph.js";
import { answerTable } from "./table.js";

const ANALYST_ROLES = new Set(["analyst", "steward"]);
// the media types the API answers a spreadsheet for (docs/api.md, "Spreadsheet answers")
const CSV = "text/csv";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function main() {
  const page = await startPage({ onKeyChange: () => location.reload() });
  if (!page.ontology) return;
  const { language, ontology, me, reportError } = page;
  const list = byId("question-list");
  const paramsBox = byId("question-params");
  const meta = byId("answer-meta");
  const graph = new AnswerGraph(byId("answer-graph"), { ontology, language, onError: reportError });
  let current = null; // the NamedQuery shown
  let lastAnswer = null;

  const questions = await getJson("/queries");

  function renderList() {
    clear(list);
    for (const question of questions) {
      list.append(
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              className: current && current.name === question.name ? "link current" : "link",
              dataset: { name: question.name },
              ariaCurrent: current && current.name === question.name ? "true" : undefined,
              onclick: () => choose(question.name, {}),
            },
            language.pick(question.title),
          ),
        ),
      );
    }
  }

  async function choose(name, given) {
    try {
      current = await getJson(`/queries/${encodeURIComponent(name)}`);
    } catch (error) {
      reportError(error);
      return;
    }
    setUrlParam("q", name);
    renderList();
    renderQuestion(given);
  }

  function renderQuestion(given) {
    byId("question-title").textContent = language.pick(current.title);
    clear(byId("question-description")).append(...withCode(language.described(current)));
    clear(paramsBox);
    for (const parameter of current.parameters) {
      paramsBox.append(parameterField(parameter, given[parameter.name], language));
      const input = byId(`param-${parameter.name}`);
      // a parameter naming an entity suggests entities of its class, as the explorer's search box does;
      // the picked one's Chinese name fills the field (the API resolves it to the entity)
      if (parameter.entityClass && input.type === "text" && parameter.type === "string") {
        input.dataset.i18nPlaceholder = "entityParamHint"; // kept in the page's language by language.apply()
        input.placeholder = language.t("entityParamHint");
        new Suggest(input, {
          language,
          ontology,
          onError: reportError,
          type: parameter.entityClass,
          fill: (node) => node.captionZh,
          onPick: () => input.dispatchEvent(new Event("change")),
        });
      }
    }
    if (!current.parameters.length) paramsBox.append(h("p", { className: "muted" }, "—"));
  }

  /** The form's typed values; a value that is not of its parameter's type is a BadValue, not dropped. */
  function formValues() {
    const values = {};
    for (const parameter of current.parameters) {
      const input = byId(`param-${parameter.name}`);
      input.removeAttribute("aria-invalid");
      const value = readField(parameter, input);
      if (value instanceof BadValue) {
        input.setAttribute("aria-invalid", "true");
        throw value;
      }
      if (value !== null) values[parameter.name] = value;
    }
    return values;
  }

  /** What each field holds, as typed (kept across a re-render, a bad value included). */
  function fieldTexts() {
    const texts = {};
    for (const parameter of current.parameters) {
      const input = byId(`param-${parameter.name}`);
      texts[parameter.name] = input.type === "checkbox" ? input.checked : input.value;
    }
    return texts;
  }

  function badValue(error) {
    const type = language.t(`type_${error.type}`);
    announce(language.t("badParameterValue", { parameter: error.parameter, given: error.given, type }), "error");
  }

  async function runNamed() {
    let params;
    try {
      params = formValues();
    } catch (error) {
      if (error instanceof BadValue) return badValue(error);
      throw error;
    }
    const url = new URL(location.href);
    for (const key of [...url.searchParams.keys()]) if (key.startsWith(PARAM_PREFIX)) url.searchParams.delete(key);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(PARAM_PREFIX + name, JSON.stringify(value));
    history.replaceState(null, "", url);
    await show(() => postJson(`/queries/${encodeURIComponent(current.name)}/run`, { params, graph: true }));
  }

  async function show(request) {
    announce(language.t("running"));
    const runButton = byId("run-button");
    runButton.disabled = true;
    try {
      lastAnswer = await request();
      renderAnswer();
      announce("");
    } catch (error) {
      if (error.problem && error.problem.error === "UnresolvedNameError") announce(unresolved(error.problem), "error");
      else reportError(error);
    } finally {
      runButton.disabled = false;
    }
  }

  /** An unknown question in the URL: said, with the nearest names the catalog offers (the API's 404). */
  async function unknownQuestion(name) {
    let suggestions = [];
    try {
      await getJson(`/queries/${encodeURIComponent(name)}`);
    } catch (error) {
      suggestions = (error.problem && error.problem.suggestions) || [];
    }
    const titles = suggestions.map((n) => {
      const question = questions.find((q) => q.name === n);
      return question ? `${language.pick(question.title)}（${n}）` : n;
    });
    const nearest = titles.length ? language.t("didYouMean", { names: titles.join(language.lang === "zh" ? "、" : "; ") }) : "";
    return language.t("unknownQuestion", { name, nearest });
  }

  /** A name that names nothing, or several: said in the page's language, with the nearest names. */
  function unresolved(problem) {
    const named = { parameter: problem.parameter, given: problem.given };
    if (!problem.candidates.length) return language.t("unresolvedNone", named);
    const [open, close, separator] = language.lang === "zh" ? ["（", "）", "、"] : [" (", ")", "; "];
    const candidates = problem.candidates.map((c) => `${c.name}${open}${c.id}${close}`).join(separator);
    return language.t("unresolvedSome", { ...named, candidates });
  }

  function renderAnswer() {
    const answer = lastAnswer;
    if (!answer) return;
    const parts = [language.t("rowsCount", { n: language.number(answer.rows.length), ms: Math.round(answer.elapsedMs) })];
    if (answer.truncated) parts.push(language.t("truncated", { limit: answer.rowLimit }));
    for (const resolved of Object.values(answer.resolved || {})) {
      if (resolved.given !== resolved.id) parts.push(language.t("resolvedTo", { given: resolved.given, name: resolved.name }));
    }
    if (answer.graph && answer.graph.truncated) parts.push(language.t("graphTruncated", { n: answer.graph.nodes.length }));
    meta.textContent = parts.join(" · ");
    // a named question's columns by their labels (the Cypher tab's by their names)
    const declared = current && answer.name === current.name ? current.columns : [];
    const labels = Object.fromEntries(declared.filter((c) => c.label).map((c) => [c.name, c.label]));
    clear(byId("answer-table")).append(answerTable(answer.columns, answer.rows, language, ontology, labels));
    const link = byId("open-explorer");
    link.hidden = true;
    // the graph in a task of its own: the table shows first, and neither blocks the page for both
    setTimeout(async () => {
      try {
        if (!(await graph.draw(answer))) return; // no graph, or another answer came meanwhile
        link.href = explorerLink(answer, language);
        link.hidden = false;
      } catch (error) {
        reportError(error);
      }
    }, 0);
  }

  language.onChange(() => {
    renderList();
    if (current) renderQuestion(fieldTexts());
    renderAnswer();
  });

  byId("question-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runNamed();
  });
  // the server's spreadsheet as it is (the page builds none of its own): CSV or XLSX by Accept
  const downloadNamed = async (accept) => {
    try {
      const file = await postForFile(`/queries/${encodeURIComponent(current.name)}/run`, { params: formValues() }, accept);
      download(file.blob, file.filename);
    } catch (error) {
      if (error instanceof BadValue) badValue(error);
      else reportError(error);
    }
  };
  byId("csv-button").addEventListener("click", () => downloadNamed(CSV));
  byId("xlsx-button").addEventListener("click", () => downloadNamed(XLSX));

  // the Cypher tab: the editor for analysts, a note for everyone else
  let editor = null;
  const runCypher = () =>
    show(() => postJson("/cypher", { query: editor.state.doc.toString(), graph: true }));
  const analyst = me && ANALYST_ROLES.has(me.role);
  byId("cypher-locked").hidden = analyst;
  byId("cypher-area").hidden = !analyst;
  function showTab(tab) {
    const cypherTab = tab === "cypher";
    byId("named-pane").hidden = cypherTab;
    byId("cypher-pane").hidden = !cypherTab;
    byId("tab-named").setAttribute("aria-selected", String(!cypherTab));
    byId("tab-cypher").setAttribute("aria-selected", String(cypherTab));
    setUrlParam("tab", cypherTab ? "cypher" : null);
    if (cypherTab && analyst && !editor) {
      editor = cypherEditor(byId("cypher-editor"), {
        ontology,
        initial: "MATCH (c:ScienceCity)-[:FOCUSES_ON]->(chain:IndustryChain)\nRETURN c.id AS id, c.nameZh AS scienceCity, chain.nameZh AS chain\nLIMIT 25",
        onRun: runCypher,
      });
    }
  }
  byId("tab-named").addEventListener("click", () => showTab("named"));
  byId("tab-cypher").addEventListener("click", () => showTab("cypher"));
  byId("cypher-run").addEventListener("click", runCypher);
  const downloadCypher = async (accept) => {
    try {
      const file = await postForFile("/cypher", { query: editor.state.doc.toString() }, accept);
      download(file.blob, file.filename);
    } catch (error) {
      reportError(error);
    }
  };
  byId("cypher-csv").addEventListener("click", () => downloadCypher(CSV));
  byId("cypher-xlsx").addEventListener("click", () => downloadCypher(XLSX));

  const params = new URLSearchParams(location.search);
  const given = {};
  for (const [key, value] of params) {
    if (!key.startsWith(PARAM_PREFIX)) continue;
    try {
      given[key.slice(PARAM_PREFIX.length)] = JSON.parse(value);
    } catch {
      given[key.slice(PARAM_PREFIX.length)] = value;
    }
  }
  const wanted = params.get("q");
  if (wanted && !questions.some((q) => q.name === wanted)) {
    await choose(questions[0].name, {});
    announce(await unknownQuestion(wanted), "error"); // said, never a silent swap to another question
  } else await choose(wanted || questions[0].name, given);
  showTab(params.get("tab") === "cypher" ? "cypher" : "named");
  byId("run-button").disabled = false;
  document.body.dataset.ready = "true";
}

/** An input for one typed parameter: its default or the URL's value filled in, its allowed values as a list. */
function parameterField(parameter, given, language) {
  const id = `param-${parameter.name}`;
  const value = given !== undefined ? given : parameter.default;
  let input;
  if (parameter.allowed && parameter.allowed.length) {
    input = h("select", { id });
    if (parameter.default === null || parameter.default === undefined) input.append(h("option", { value: "" }, "—"));
    for (const option of parameter.allowed) {
      input.append(h("option", { value: String(option), selected: String(option) === String(value) }, String(option)));
    }
  } else if (parameter.type === "boolean") {
    input = h("input", { id, type: "checkbox", checked: value === true });
  } else if ((parameter.type === "integer" || parameter.type === "number") && !isNumberText(value, parameter.type)) {
    // a value from the URL that is no number: shown as given (a number field would blank it) and
    // refused when the question runs
    input = h("input", { id, type: "text", value: String(value), ariaInvalid: "true" });
  } else if (parameter.type === "integer" || parameter.type === "number") {
    input = h("input", {
      id,
      type: "number",
      step: parameter.type === "integer" ? "1" : "any",
      min: parameter.minimum ?? undefined,
      max: parameter.maximum ?? undefined,
      value: value === null || value === undefined ? "" : String(value),
    });
  } else {
    const text = Array.isArray(value) ? value.join(", ") : value === null || value === undefined ? "" : String(value);
    input = h("input", { id, type: "text", value: text });
  }
  input.dataset.type = parameter.type;
  return h(
    "div",
    { className: "param" },
    h("label", { htmlFor: id }, h("code", {}, parameter.name), ` (${parameter.type})`),
    input,
    h("p", { className: "hint" }, ...withCode(language.described(parameter))),
  );
}

/** A catalog text's parts, each `name` it quotes (a column, a parameter) as code. */
function withCode(text) {
  return text.split("`").map((part, i) => (i % 2 ? h("code", {}, part) : part));
}

/** A value that is not of its parameter's type: what was given, and the type it should have. */
class BadValue extends Error {
  constructor(parameter, given, type) {
    super(`${parameter}: ${given}`);
    this.parameter = parameter;
    this.given = given;
    this.type = type;
  }
}

/** Whether `value` (empty, a number, or text) can be read as a number of `type` (empty can: the default). */
function isNumberText(value, type) {
  if (value === null || value === undefined || value === "") return true;
  const text = String(value).trim();
  return type === "integer" ? /^[+-]?\d+$/.test(text) : text !== "" && Number.isFinite(Number(text));
}

/** The typed value of a field, null when it is left empty (the catalog's default then applies), a
 * BadValue when it cannot be read as its type (a number field the browser could not read, text
 * that is no number). */
function readField(parameter, input) {
  if (parameter.type === "boolean" && input.type === "checkbox") return input.checked;
  if (input.validity && input.validity.badInput) return new BadValue(parameter.name, input.value, parameter.type);
  const text = input.value.trim();
  if (!text) return null;
  if (parameter.type === "integer" || parameter.type === "number") {
    if (!isNumberText(text, parameter.type)) return new BadValue(parameter.name, text, parameter.type);
    return parameter.type === "integer" ? Number.parseInt(text, 10) : Number(text);
  }
  if (parameter.type === "string[]") return text.split(",").map((s) => s.trim()).filter(Boolean);
  if (parameter.type === "integer[]") {
    const items = text.split(",").map((s) => s.trim());
    const bad = items.find((item) => !isNumberText(item, "integer"));
    if (bad !== undefined) return new BadValue(parameter.name, bad, "integer");
    return items.map((item) => Number.parseInt(item, 10));
  }
  return text;
}

main().catch((error) => announce(`${error.message}`, "error"));
