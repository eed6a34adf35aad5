// The analyst's Cypher editor: CodeMirror 6 with the Cypher mode, and completion of the ontology's
// labels and relationship types (after ":") and properties (after "."), from GET /api/v1/schema.
import { autocompletion, closeBrackets } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { StreamLanguage, bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { cypher } from "@codemirror/legacy-modes/mode/cypher";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, placeholder } from "@codemirror/view";

const KEYWORDS = [
  "MATCH", "OPTIONAL MATCH", "WHERE", "RETURN", "WITH", "ORDER BY", "LIMIT", "SKIP", "UNWIND", "DISTINCT",
  "AS", "AND", "OR", "NOT", "IN", "IS NULL", "IS NOT NULL", "CONTAINS", "STARTS WITH", "ENDS WITH",
  "count", "collect", "size", "labels", "type", "coalesce", "head", "nodes", "relationships", "shortestPath",
];

function completions(ontology) {
  const labels = ontology.labelNames().map((name) => ({ label: name, type: "class" }));
  const types = [...ontology.relationships.keys()].map((name) => ({ label: name, type: "type" }));
  const properties = [...ontology.properties.keys()].map((name) => ({ label: name, type: "property" }));
  const keywords = KEYWORDS.map((word) => ({ label: word, type: "keyword" }));
  return (context) => {
    const word = context.matchBefore(/[:.]?[A-Za-z_][\w]*|[:.]/);
    if (!word) return context.explicit ? { from: context.pos, options: keywords } : null;
    if (word.text.startsWith(":")) return { from: word.from + 1, options: [...labels, ...types] };
    if (word.text.startsWith(".")) return { from: word.from + 1, options: properties };
    return { from: word.from, options: keywords };
  };
}

// Typing over a selection that spans styled tokens makes Chrome's own editing keep the deleted
// text's colour in a style attribute, which the CSP blocks (a console error each time); the editor
// replaces the selection itself instead, so the browser edits nothing.
const replaceSelectionOurselves = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.inputType !== "insertText" || event.data === null || view.state.selection.main.empty) return false;
    event.preventDefault();
    view.dispatch(view.state.replaceSelection(event.data), { scrollIntoView: true, userEvent: "input.type" });
    return true;
  },
});

export function cypherEditor(host, { ontology, initial, onRun }) {
  const run = () => {
    onRun();
    return true;
  };
  // In a shadow root CodeMirror styles itself through adopted stylesheets; in the document it would
  // add a <style> element, which the Content-Security-Policy (no inline style) blocks.
  const shadow = host.attachShadow({ mode: "open" });
  const parent = document.createElement("div");
  shadow.append(parent);
  return new EditorView({
    parent,
    root: shadow,
    state: EditorState.create({
      doc: initial,
      extensions: [
        lineNumbers(),
        history(),
        closeBrackets(),
        bracketMatching(),
        StreamLanguage.define(cypher),
        syntaxHighlighting(defaultHighlightStyle),
        autocompletion({ override: [completions(ontology)] }),
        placeholder("MATCH (n:ScienceCity) RETURN n.nameZh LIMIT 10"),
        keymap.of([{ key: "Mod-Enter", run }, ...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        replaceSelectionOurselves,
        EditorView.theme({
          "&": { minHeight: "140px", fontSize: "13px" },
          ".cm-scroller": { fontFamily: "ui-monospace, Menlo, monospace" },
        }),
      ],
    }),
  });
}
