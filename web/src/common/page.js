// What every page starts with: the language (switch in the header, kept in the URL), the API-key
// box, the error line, and the ontology.
import { Language, initialLanguage } from "./i18n.js";
import { KeyBox } from "./keys.js";
import { Ontology } from "./ontology.js";
import { announce, byId } from "./dom.js";

export async function startPage({ onKeyChange }) {
  const language = new Language(initialLanguage());
  // the status line is written again in the new language on a switch: it keeps how to write it,
  // not the words (a server's message inside an error stays as the server wrote it)
  let lastSaid = null;
  const say = (render, kind = "info") => {
    lastSaid = { render, kind };
    announce(render(), kind);
  };
  // a problem the API gives in Chinese too (detailZh) is said in the page's language
  const reportError = (error) =>
    say(() => `${language.t("error")}: ${(language.lang === "zh" && error.problem && error.problem.detailZh) || error.message}`, "error");
  const keys = new KeyBox(language, onKeyChange);
  const switchButton = byId("lang-button");
  switchButton.addEventListener("click", () => language.set(language.lang === "zh" ? "en" : "zh"));
  language.onChange(() => {
    language.apply();
    setUrlParam("lang", language.lang);
    if (lastSaid) announce(lastSaid.render(), lastSaid.kind);
  });
  language.set(language.lang);
  const me = await keys.whoAmI();
  let ontology = null;
  if (me) ontology = await Ontology.load();
  return { language, keys, me, ontology, reportError, say };
}

/** Change one parameter of the page's URL without a reload or a history entry. */
// a named question's parameter in a page's URL (?q=<name>&p.<parameter>=<value as JSON>): the query
// page writes it, the explorer reads it
export const PARAM_PREFIX = "p.";

export function setUrlParam(name, value) {
  const url = new URL(location.href);
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) {
    url.searchParams.delete(name);
  } else if (Array.isArray(value)) {
    url.searchParams.delete(name);
    for (const one of value) url.searchParams.append(name, one);
  } else url.searchParams.set(name, value);
  history.replaceState(null, "", url);
}
