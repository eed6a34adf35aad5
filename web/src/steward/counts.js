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

/** "Records: 5 made (4 entities, 1 relationship), 2 would load, 3 rejected" from a report. */
export function reportRecordsText(language, report) {
  return language.t("recordsWouldLoad", {
    entities: language.number(report.records.entities),
    relationships: language.number(report.records.relationships),
    passedEntities: language.number(report.passed.entities),
    passedRelationships: language.number(report.passed.relationships),
    rejected: language.number(report.recordsRejected),
  });
}
