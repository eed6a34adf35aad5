// The data stewards' page at /steward: drop a file, read its report grouped by rule, load it as a
// job with a progress bar, download its rejected rows with the reasons, follow the ingest history
// and what each run changed, audit the whole graph. A face over the steward endpoints of /api/v1.
import { ApiError, getFile, postForm, postJson, streamEvents } from "../common/api.js";
import { add, announce, byId, clear, download, h } from "../common/dom.js";
import { recordsText, rowsText } from "./counts.js";
import { startPage } from "../common/page.js";
import { renderReport } from "./report.js";
import { RunHistory } from "./runs.js";
import { Templates } from "./templates.js";

async function main() {
  const page = await startPage({ onKeyChange: () => location.reload() });
  if (!page.ontology) return;
  const { language, ontology, me, reportError } = page;
  if (!me || me.role !== "steward") {
    byId("steward-only").hidden = false;
    document.body.dataset.ready = "true";
    return;
  }
  const t = (key, values) => language.t(key, values);
  const fileInput = byId("upload-file");
  const mappingInput = byId("upload-mapping");
  const history = new RunHistory({ language, ontology, onError: reportError });
  const templates = new Templates({ language, ontology, onError: reportError });
  // an upload refused: the server's words in the page's language; a refusal that names where the
  // fix is (a missing mapping: the templates) points at it on the page
  const refused = (error) => {
    const problem = error instanceof ApiError ? error.problem : null;
    if (!problem || !problem.detail) return reportError(error);
    announce(`${t("error")}: ${language.lang === "zh" && problem.detailZh ? problem.detailZh : problem.detail}`, "error");
    const pointed = problem.see === "/api/v1/templates";
    byId("templates").classList.toggle("pointed", pointed);
    if (pointed) byId("template-class").focus();
  };
  let lastReport = null;
  let lastJob = null;

  function form() {
    const file = fileInput.files[0];
    if (!file) {
      announce(t("chooseFile"), "error");
      return null;
    }
    const data = new FormData();
    data.append("file", file, file.name);
    if (mappingInput.files[0]) data.append("mapping", mappingInput.files[0], mappingInput.files[0].name);
    return data;
  }

  function showReport() {
    if (!lastReport) return;
    byId("report").hidden = false;
    renderReport(lastReport, language, {
      summary: byId("report-summary"),
      verdict: byId("report-verdict"),
      rules: byId("report-rules"),
      notices: byId("report-notices"),
    });
  }

  byId("upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = form();
    if (!data) return;
    announce(t("loading"));
    try {
      lastReport = await postForm("/validate", data);
      showReport();
      announce("");
    } catch (error) {
      refused(error);
    }
  });

  function showJob() {
    const job = lastJob;
    if (!job) return;
    const p = job.progress;
    byId("job").hidden = false;
    byId("job-title").textContent = `${job.file} · ${job.id} · ${t(`jobState_${job.state}`)}`;
    byId("job").dataset.state = job.state;
    const bar = byId("job-bar");
    bar.max = Math.max(p.rowsToWrite, 1);
    bar.value = job.state === "succeeded" ? bar.max : p.rowsWritten;
    byId("job-progress").textContent = t("jobProgress", {
      stage: p.stage,
      read: language.number(p.rowsRead),
      validated: language.number(p.rowsValidated),
      toValidate: language.number(p.rowsToValidate),
      written: language.number(p.rowsWritten),
      toWrite: language.number(p.rowsToWrite),
    });
    const counts = byId("job-counts");
    if (job.counts) {
      add(clear(counts),
        h("span", { className: "count-rows", dataset: { read: p.rowsRead, rejected: job.rejectedRows } },
          rowsText(language, p.rowsRead, job.rejectedRows)),
        h("span", { className: "count-records", dataset: { rejected: job.counts.rejected } }, recordsText(language, job.counts)),
      );
    } else counts.textContent = job.error || "";
    byId("quarantine-button").hidden = !job.quarantine;
    byId("report-button").hidden = !["succeeded"].includes(job.state);
  }

  async function follow(jobId) {
    try {
      await streamEvents(`/ingest/${encodeURIComponent(jobId)}/events`, (name, job) => {
        lastJob = job;
        showJob();
        if (name === "end") history.load();
      });
    } catch (error) {
      reportError(error);
    }
  }

  byId("ingest-button").addEventListener("click", async () => {
    const data = form();
    if (!data) return;
    try {
      lastJob = await postForm("/ingest", data);
      showJob();
      await follow(lastJob.id);
    } catch (error) {
      const running = error instanceof ApiError && error.status === 409 && error.problem && error.problem.job;
      if (running) {
        announce(t("anotherJob", { job: running }), "error");
        await follow(running);
      } else refused(error);
    }
  });
  byId("quarantine-button").addEventListener("click", async () => {
    try {
      const file = await getFile(`/ingest/${encodeURIComponent(lastJob.id)}/quarantine`, `${lastJob.id}-rejected`);
      download(file.blob, file.filename);
    } catch (error) {
      reportError(error);
    }
  });
  byId("report-button").addEventListener("click", async () => {
    try {
      const file = await getFile(`/ingest/${encodeURIComponent(lastJob.id)}/report`, `${lastJob.id}-report.json`);
      download(file.blob, file.filename.endsWith(".json") ? file.filename : `${lastJob.id}-report.json`);
    } catch (error) {
      reportError(error);
    }
  });
  byId("audit-button").addEventListener("click", async () => {
    announce(t("loading"));
    try {
      const audit = await postJson("/audit", {});
      byId("audit-result").textContent = t("auditResult", {
        entities: language.number(audit.entities),
        violations: language.number(audit.counts.Violation || 0),
        warnings: language.number(audit.counts.Warning || 0),
      });
      announce("");
    } catch (error) {
      reportError(error);
    }
  });

  // a file dropped anywhere on the zone goes into the data-file input
  const zone = byId("drop-zone");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    if (event.dataTransfer.files.length) fileInput.files = event.dataTransfer.files;
  });

  language.onChange(() => {
    showReport();
    showJob();
  });
  await Promise.all([history.load(), templates.load()]);
  for (const id of ["validate-button", "ingest-button", "audit-button"]) byId(id).disabled = false;
  document.body.dataset.ready = "true";
}

main().catch((error) => announce(`${error.message}`, "error"));
