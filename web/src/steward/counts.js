// Rows and records, named and written one way in the report, the job and the history (the API's
// terms): a row is a data row of the file, a record an entity or relationship made from rows.
// The report says what would happen; the job and the history what did.

/** "Rows: 4 read, 2 rejected" (a run loaded from folders has no rows of an upload: null). */
export function rowsText(language, rowsRead, rowsRejected) {
  if (rowsRead === null || rowsRead === undefined) return language.t("rowsUnknown");
  return language.t("rowsCounts", { read: language.number(rowsRead), rejected: language.number(rowsRejected ?? 0) });
}

/** "Records: 4 created, 0 updated, 0 unchanged, 3 rejected" from a run's counts (job, history). */
export function recordsText(language, counts) {
  return language.t("recordsCounts", {
    created: language.number(counts.created),
    updated: language.number(counts.updated),
    unchanged: language.number(counts.unchanged),
    rejected: language.number(counts.rejected),
  });
}

/** "Records: 4 entities and 3 relationships made, 3 and 2 would load, 4 rejected (2 never made)" from a
 * report: the rejected count is the job's, which also counts what a row never became. */
export function reportRecordsText(language, report) {
  const made = report.records.entities + report.records.relationships;
  const passed = report.passed.entities + report.passed.relationships;
  return language.t("recordsWouldLoad", {
    unmade: language.number(report.recordsRejected - (made - passed)),
    entities: language.number(report.records.entities),
    relationships: language.number(report.records.relationships),
    passedEntities: language.number(report.passed.entities),
    passedRelationships: language.number(report.passed.relationships),
    rejected: language.number(report.recordsRejected),
  });
}
