// The pages' captions in Chinese and English. Names of entities and ontology labels come from the
// data and the ontology (both languages there); this table holds only the pages' own words.
const STRINGS = {
  appTitle: { zh: "江西科技创新知识图谱", en: "Jiangxi S&T innovation knowledge graph" },
  navExplorer: { zh: "关系探索", en: "Explorer" },
  navQueries: { zh: "查询", en: "Queries" },
  navDocs: { zh: "接口文档", en: "API docs" },
  language: { zh: "语言", en: "Language" },
  switchLanguage: { zh: "English", en: "中文" },
  // short enough for the 260 px box; the examples are on the first screen
  searchPlaceholder: { zh: "搜索名称或拼音（按 / 键）", en: "Search a name or pinyin (press /)" },
  searchLabel: { zh: "搜索实体", en: "Search entities" },
  noMatches: { zh: "没有匹配的实体", en: "No matching entity" },
  // how a suggestion matched (the API's closed set of `matched`), shown as its tooltip
  matched_exact: { zh: "完全匹配", en: "Exact match" },
  matched_normalised: { zh: "规范化后匹配（繁简、全半角、连字符、省略词）", en: "Matched once normalised (script, width, dashes, dropped words)" },
  matched_pinyin: { zh: "拼音匹配", en: "Matched by pinyin" },
  matched_prefix: { zh: "名称以此开头", en: "The name starts with it" },
  matched_substring: { zh: "名称包含此文字", en: "The name contains it" },
  matched_partial: { zh: "部分匹配", en: "Partial match" },
  matched_fuzzy: { zh: "近似匹配（可能有错字）", en: "Close match (a typo?)" },
  matched_words: { zh: "各词均在名称中", en: "Each word is in a name" },
  entityParamHint: { zh: "输入名称，从建议中选择", en: "Type a name and pick a suggestion" },
  searching: { zh: "搜索中…", en: "Searching…" },
  emptyGraph: {
    zh: "搜索一个实体开始探索：单击节点展开其邻居，双击聚焦。",
    en: "Search for an entity to start: click a node to expand its neighbours, double-click to focus.",
  },
  filters: { zh: "筛选", en: "Filters" },
  entityTypes: { zh: "实体类型", en: "Entity types" },
  relationshipTypes: { zh: "关系类型", en: "Relationship types" },
  legend: { zh: "图例", en: "Legend" },
  legendSynthetic: { zh: "合成数据（虚线边框）", en: "Synthetic data (dashed border)" },
  legendInferred: { zh: "推断关系（虚线）", en: "Inferred link (dashed)" },
  legendCurated: { zh: "人工整理（点线）", en: "Curated link (dotted)" },
  legendDocumented: { zh: "文件记载（实线）", en: "Documented link (solid)" },
  details: { zh: "详情", en: "Details" },
  nothingSelected: { zh: "选择一个节点或关系查看详情。", en: "Select a node or a relationship to see its details." },
  properties: { zh: "属性", en: "Properties" },
  provenance: { zh: "来源", en: "Provenance" },
  quote: { zh: "原文", en: "Quoted passage" },
  source: { zh: "出处", en: "Source" },
  note: { zh: "说明", en: "Note" },
  sourceRow: { zh: "源文件行", en: "Source row" },
  mentions: { zh: "提及该实体的段落", en: "Passages that name it" },
  relationships: { zh: "关系", en: "Relationships" },
  kind_documented: { zh: "文件记载", en: "documented" },
  kind_curated: { zh: "人工整理", en: "curated" },
  kind_inferred: { zh: "规则推断", en: "inferred" },
  kind_synthetic: { zh: "合成数据", en: "synthetic" },
  kind_reference: { zh: "参考数据", en: "reference" },
  kind_unknown: { zh: "未记录", en: "not recorded" },
  kindExplained_documented: { zh: "该事实出自来源文件，附原文。", en: "Read from a source document, with its passage." },
  kindExplained_curated: { zh: "由数据管理员整理，未直接出自文件。", en: "Curated by a data steward, not stated by a document." },
  kindExplained_inferred: { zh: "由规则从其他事实推断。", en: "Derived by a rule from other facts." },
  kindExplained_synthetic: { zh: "合成生成器制造的演示数据，并非真实事实。", en: "Made by the synthetic data generator: not a real fact." },
  kindExplained_reference: { zh: "来自参考数据集。", en: "From a reference dataset." },
  kindExplained_unknown: { zh: "未记录来源。", en: "No provenance recorded." },
  derivedBy: { zh: "推断规则", en: "Rule" },
  expand: { zh: "展开邻居", en: "Expand neighbours" },
  focus: { zh: "聚焦", en: "Focus" },
  remove: { zh: "从视图移除", en: "Remove from view" },
  pathFrom: { zh: "设为路径起点", en: "Path from here" },
  pathTo: { zh: "设为路径终点", en: "Path to here" },
  path: { zh: "路径", en: "Path" },
  pathStart: { zh: "起点", en: "From" },
  pathEnd: { zh: "终点", en: "To" },
  findPath: { zh: "查找最短路径", en: "Find shortest paths" },
  maxHops: { zh: "最多跳数", en: "Max hops" },
  noPath: { zh: "在该跳数内没有路径。", en: "No path within that many hops." },
  pathsFound: { zh: "找到 {n} 条最短路径（{hops} 跳）", en: "{n} shortest path(s) found ({hops} hops)" },
  pickTwo: { zh: "请先选定起点和终点。", en: "Choose both ends first." },
  pathsListed: { zh: "找到的路径（点击节点以聚焦）", en: "Paths found (click a node to focus it)" },
  pathsCut: {
    zh: "还有更多同样短的路径未列出：减少跳数或换一个终点可缩小范围。",
    en: "More paths as short exist and are not listed: fewer hops or another end narrows them down.",
  },
  export: { zh: "导出", en: "Export" },
  exportPng: { zh: "导出 PNG", en: "Export PNG" },
  exportJson: { zh: "导出 JSON", en: "Export JSON" },
  clear: { zh: "清空视图", en: "Clear view" },
  fit: { zh: "适应窗口", en: "Fit to screen" },
  relayout: { zh: "重新布局", en: "Re-layout" },
  copyLink: { zh: "复制链接", en: "Copy link" },
  linkCopied: { zh: "已复制当前视图的链接。", en: "Link to this view copied." },
  neighboursShown: { zh: "已显示 {shown} / {total} 个邻居", en: "{shown} of {total} neighbours shown" },
  showMore: { zh: "再显示 {n} 个", en: "Show {n} more" },
  showGroup: { zh: "显示 {n} 个", en: "Show {n}" },
  largeNeighbourhood: {
    zh: "{name} 有 {total} 个邻居，只画出前 {shown} 个：",
    en: "{name} has {total} neighbours; only the first {shown} are drawn:",
  },
  summaryRow: { zh: "{count} 个{type}（{rel}）", en: "{count} {type} ({rel})" },
  loading: { zh: "加载中…", en: "Loading…" },
  apiKey: { zh: "API 密钥", en: "API key" },
  apiKeyPrompt: {
    zh: "该服务需要 API 密钥。密钥只保存在本标签页中。",
    en: "This server needs an API key. It is kept in this browser tab only.",
  },
  apiKeySave: { zh: "使用该密钥", en: "Use this key" },
  apiKeyForget: { zh: "清除密钥", en: "Forget the key" },
  role: { zh: "角色", en: "Role" },
  error: { zh: "出错了", en: "Something went wrong" },
  keyboardHelp: {
    zh: "键盘：/ 搜索 · E 展开 · F 聚焦 · Delete 移除 · Esc 取消选择",
    en: "Keys: / search · E expand · F focus · Delete remove · Esc deselect",
  },
  nodesInView: { zh: "视图中的节点", en: "Nodes in view" },
  // explorer (issue 25)
  role_reader: { zh: "读者", en: "reader" },
  role_analyst: { zh: "分析员", en: "analyst" },
  role_steward: { zh: "数据管理员", en: "data steward" },
  // the closed sets of values (sh:in of jxkg/shapes) shown in the details panel; the graph keeps the English value
  value_stage_built: { zh: "已建成", en: "built" },
  value_stage_planned: { zh: "规划中", en: "planned" },
  value_stage_approved: { zh: "已获批", en: "approved" },
  value_stage_candidate: { zh: "候选", en: "candidate" },
  value_stage_launched: { zh: "已启动", en: "launched" },
  value_stage_ongoing: { zh: "建设中", en: "ongoing" },
  value_stage_pilot: { zh: "试点", en: "pilot" },
  "value_stage_agreement signed": { zh: "已签约", en: "agreement signed" },
  value_level_national: { zh: "国家级", en: "national" },
  value_level_provincial: { zh: "省级", en: "provincial" },
  value_level_municipal: { zh: "市级", en: "municipal" },
  value_certainty_doubtful: { zh: "存疑", en: "doubtful" },
  value_certainty_probable: { zh: "很可能", en: "probable" },
  value_comparator_qualitative: { zh: "定性目标", en: "qualitative" },
  value_comparator_increase: { zh: "增加", en: "increase" },
  value_comparator_approx: { zh: "约", en: "approximately" },
  value_comparator_between: { zh: "介于", en: "between" },
  value_role_bridgehead: { zh: "桥头堡", en: "bridgehead" },
  "value_role_core engine": { zh: "核心引擎", en: "core engine" },
  "value_role_draws resources from": { zh: "汇聚资源", en: "draws resources from" },
  value_role_gateway: { zh: "门户", en: "gateway" },
  "value_role_growth pole": { zh: "增长极", en: "growth pole" },
  "value_role_lead goose": { zh: "领头雁", en: "lead goose" },
  value_status_HighTechEnterprise: { zh: "高新技术企业", en: "high-tech enterprise" },
  value_status_SciTechSME: { zh: "科技型中小企业", en: "S&T-based SME" },
  value_status_UnicornPotential: { zh: "潜在独角兽企业", en: "potential unicorn" },
  value_status_UnicornSeed: { zh: "种子独角兽企业", en: "seed unicorn" },
  // whether a figure's year is the source's, a curator's or the graph's own count (yearBasis)
  value_yearBasis_stated: { zh: "来源明言", en: "stated" },
  value_yearBasis_assigned: { zh: "整理者推定", en: "assigned" },
  value_yearBasis_counted: { zh: "图谱计数", en: "counted" },
  value_status_Gazelle: { zh: "瞪羚企业", en: "gazelle enterprise" },
  value_status_InnovativeLeadingEnterprise: { zh: "创新型领军企业", en: "innovative leading enterprise" },
  value_true: { zh: "是", en: "yes" },
  value_false: { zh: "否", en: "no" },
  // the inference rules (derivedBy), by name, and what each says
  "rule_host-location": { zh: "依托单位所在地", en: "host's location" },
  "ruleExplained_host-location": {
    zh: "平台或机构没有自己的所在地时，取其依托单位的所在地（依托于，再取其位于）。",
    en: "A platform or organization with no location of its own is where its host is (hosted by, then its location).",
  },
  noteInEnglish: { zh: "（整理者的英文原注）", en: "" },
  neighbourhood: { zh: "邻居概况", en: "Neighbourhood" },
  closeSummary: { zh: "关闭邻居概况（Esc）", en: "Close the neighbourhood summary (Esc)" },
  startTitle: { zh: "从这里开始", en: "Where to start" },
  startHeadline: {
    zh: "核心问题：哪些实验室和平台支撑哪个科创城的哪条产业链？（在查询页打开）",
    en: "The headline question: which labs and platforms support which chain of which science city? (opens the query page)",
  },
  startCities: { zh: "江西的科创城：点击画出", en: "Jiangxi's science cities: click to draw one" },
  startAllCities: { zh: "全部画出", en: "Draw them all" },
  startExamples: { zh: "试试搜索", en: "Try a search" },
  startSteward: { zh: "数据管理员：上传与校验数据 →", en: "Data stewards: upload and validate data →" },
  startNoCities: { zh: "图中还没有科创城。", en: "The graph holds no science city yet." },
  // the query page
  questions: { zh: "问题目录", en: "Questions" },
  parameters: { zh: "参数", en: "Parameters" },
  run: { zh: "运行", en: "Run" },
  running: { zh: "运行中…", en: "Running…" },
  downloadCsv: { zh: "下载 CSV", en: "Download CSV" },
  downloadXlsx: { zh: "下载 XLSX", en: "Download XLSX" },
  rowsCount: { zh: "{n} 行，用时 {ms} 毫秒", en: "{n} rows in {ms} ms" },
  truncated: { zh: "结果已截断（上限 {limit} 行）", en: "Cut at the row limit ({limit})" },
  resolvedTo: { zh: "“{given}”按“{name}”查询", en: "“{given}” read as “{name}”" },
  unresolvedNone: {
    zh: "参数 {parameter}：没有名为“{given}”的实体，也没有相近的名称。",
    en: "Parameter {parameter}: nothing is named “{given}”, nor anything close to it.",
  },
  unresolvedSome: {
    zh: "参数 {parameter}：“{given}”无法确定指哪一个。相近的有：{candidates}。请选其一或输入其编号。",
    en: "Parameter {parameter}: “{given}” does not name one entity. The nearest: {candidates}. Pick one or give its id.",
  },
  unknownQuestion: {
    zh: "没有名为“{name}”的问题{nearest}。下面显示的是第一个问题。",
    en: "There is no question named “{name}”{nearest}. The first question is shown instead.",
  },
  didYouMean: { zh: "；是否要找：{names}", en: "; did you mean {names}" },
  badParameterValue: {
    zh: "参数 {parameter}：“{given}”不是{type}，未运行。请改正后再运行。",
    en: "Parameter {parameter}: “{given}” is not {type}; nothing was run. Correct it and run again.",
  },
  type_integer: { zh: "整数", en: "an integer" },
  type_number: { zh: "数字", en: "a number" },
  type_boolean: { zh: "是/否（true 或 false）", en: "true or false" },
  table: { zh: "表格", en: "Table" },
  graph: { zh: "子图", en: "Subgraph" },
  noRows: { zh: "没有结果。", en: "No rows." },
  cypherEditor: { zh: "Cypher 编辑器（分析员）", en: "Cypher editor (analyst)" },
  cypherHelp: {
    zh: "只读执行；Ctrl+Enter 运行，Ctrl+空格 补全标签、关系类型与属性。",
    en: "Runs read-only; Ctrl+Enter runs it, Ctrl+Space completes labels, relationship types and properties.",
  },
  cypherLocked: {
    zh: "Cypher 编辑器需要分析员密钥。",
    en: "The Cypher editor needs an analyst key.",
  },
  openInExplorer: { zh: "在探索器中打开", en: "Open in the explorer" },
  namedQuestion: { zh: "命名问题", en: "Named question" },
  yourCypher: { zh: "自定义 Cypher", en: "Your Cypher" },
  groupCaption: { zh: "另有{type} {n} 个", en: "{n} more: {type}" },
  groupDrawn: { zh: "又画出 {n} 个。", en: "{n} more drawn." },
  graphTruncated: { zh: "子图只画出前 {n} 个实体。", en: "Only the first {n} entities are drawn." },
  // the steward page
  navSteward: { zh: "数据管理", en: "Data stewards" },
  stewardOnly: {
    zh: "此页面需要数据管理员（steward）密钥。",
    en: "This page needs a data steward's key.",
  },
  upload: { zh: "上传文件", en: "Upload a file" },
  uploadHelp: {
    zh: "CSV、XLSX、JSON、JSON Lines（需映射文件）；Turtle、JSON-LD。拖放到此处或选择文件。",
    en: "CSV, XLSX, JSON, JSON Lines (with a mapping); Turtle, JSON-LD. Drop it here or choose it.",
  },
  dataFile: { zh: "数据文件", en: "Data file" },
  mappingFile: { zh: "映射文件（YAML，RDF 以外的格式需要）", en: "Mapping (YAML; needed for all but RDF)" },
  validate: { zh: "校验（不写入）", en: "Validate (writes nothing)" },
  ingestRun: { zh: "导入", en: "Load into the graph" },
  chooseFile: { zh: "请先选择数据文件。", en: "Choose a data file first." },
  report: { zh: "校验报告", en: "Report" },
  conforms: { zh: "全部符合规则。", en: "Everything conforms." },
  rejectedRows: { zh: "{n} 行将被拒绝（隔离）。", en: "{n} rows would be rejected (quarantined)." },
  findings: { zh: "{n} 条", en: "{n} findings" },
  oneFinding: { zh: "{n} 条", en: "{n} finding" },
  firstRows: { zh: "（显示前 {n} 条）", en: "(first {n} shown)" },
  row: { zh: "行", en: "Row" },
  field: { zh: "字段", en: "Field" },
  value: { zh: "值", en: "Value" },
  message: { zh: "说明", en: "Message" },
  notices: { zh: "提示", en: "Notices" },
  linkedByName: { zh: "按名称关联（{n}）", en: "Linked by name ({n})" },
  linkedByNameItem: {
    zh: "第 {row} 行 {field}：「{value}」→ {name}（{id}），匹配方式 {matched}，匹配名称「{form}」",
    en: "row {row}, {field}: “{value}” → {name} ({id}), {matched} match of “{form}”",
  },
  job: { zh: "导入任务", en: "Ingest job" },
  jobState_queued: { zh: "排队中", en: "queued" },
  jobState_running: { zh: "运行中", en: "running" },
  jobState_succeeded: { zh: "已完成", en: "succeeded" },
  jobState_failed: { zh: "失败", en: "failed" },
  jobState_interrupted: { zh: "已中断", en: "interrupted" },
  jobProgress: {
    zh: "{stage}：读取 {read} 行，校验 {validated}/{toValidate}，写入 {written}/{toWrite}",
    en: "{stage}: {read} rows read, {validated}/{toValidate} validated, {written}/{toWrite} written",
  },
  anotherJob: { zh: "另一个导入任务正在运行：{job}", en: "Another ingest is running: {job}" },
  follow: { zh: "跟踪它", en: "Follow it" },
  downloadQuarantine: { zh: "下载被拒绝的行（附原因）", en: "Download the rejected rows (with reasons)" },
  downloadReport: { zh: "下载报告（JSON）", en: "Download the report (JSON)" },
  runs: { zh: "导入历史", en: "Ingest history" },
  refresh: { zh: "刷新", en: "Refresh" },
  runStarted: { zh: "开始", en: "Started" },
  runBy: { zh: "操作者", en: "By" },
  runFiles: { zh: "文件", en: "Files" },
  runUnfinished: { zh: "未完成", en: "not finished" },
  runChanges: { zh: "该批次新建或更新的实体", en: "What this run created or changed" },
  change_created: { zh: "新建", en: "created" },
  change_updated: { zh: "更新", en: "updated" },
  change_written: { zh: "写入", en: "written" },
  openAllInExplorer: { zh: "在探索器中打开全部", en: "Open them all in the explorer" },
  audit: { zh: "审计全图", en: "Audit the whole graph" },
  auditHelp: {
    zh: "用全部规则检查图中现有数据（包括规则收紧之前导入的数据）。",
    en: "Check the data already in the graph against every shape (data loaded before a shape was tightened too).",
  },
  auditResult: {
    zh: "检查 {entities} 个实体：{violations} 个违规，{warnings} 个警告。",
    en: "{entities} entities checked: {violations} violations, {warnings} warnings.",
  },
  // steward (issue 25)
  countTerms: {
    zh: "行：文件中的一行数据；记录：由行生成的一个实体或一条关系。",
    en: "A row is a data row of the file; a record is an entity or relationship made from rows.",
  },
  reportFile: { zh: "{file}（{kind}）", en: "{file} ({kind})" },
  rowsCounts: { zh: "行：读取 {read}，拒绝 {rejected}", en: "Rows: {read} read, {rejected} rejected" },
  rowsUnknown: { zh: "行：—（非上传）", en: "Rows: — (not an upload)" },
  recordsCounts: {
    zh: "记录：新建 {created}，更新 {updated}，未变 {unchanged}，拒绝 {rejected}",
    en: "Records: {created} created, {updated} updated, {unchanged} unchanged, {rejected} rejected",
  },
  recordsWouldLoad: {
    zh: "记录：生成 {entities} 个实体、{relationships} 条关系，可写入 {passedEntities} 个实体、{passedRelationships} 条关系，拒绝 {rejected}（其中 {unmade} 条因单元格无法读取而未能生成）",
    en: "Records: {entities} entities and {relationships} relationships made, {passedEntities} entities and {passedRelationships} relationships would load, {rejected} rejected ({unmade} of them never made: a cell could not be read)",
  },
  runRows: { zh: "行", en: "Rows" },
  runRecords: { zh: "记录", en: "Records" },
  runFilesCount: { zh: "{n} 个文件", en: "{n} files" },
  runOneFile: { zh: "1 个文件", en: "1 file" },
  apiKeyNotNeeded: { zh: "无需密钥", en: "No key needed" },
  apiKeyNotNeededPrompt: {
    zh: "该服务不需要 API 密钥：每位访问者都是数据管理员（steward）。",
    en: "This server needs no API key: every caller is a data steward.",
  },
  cancel: { zh: "取消", en: "Cancel" },
  templatesHelp: {
    zh: "没有映射文件？下载某一类的映射模板：CSV 表头（每列一个属性或关系）与读取它的映射文件。填好行后与映射文件一起上传。",
    en: "No mapping yet? Download a class's mapping template: the CSV header (a column per property or relationship) and the mapping that reads it. Fill in rows, then upload both.",
  },
  templateClass: { zh: "类", en: "Class" },
  templateCsv: { zh: "下载 CSV 表头", en: "Download the CSV header" },
  templateMapping: { zh: "下载映射文件", en: "Download the mapping" },
};

const STORAGE_KEY = "jxkg.lang";

export function initialLanguage() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (fromUrl === "zh" || fromUrl === "en") return fromUrl;
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "zh" || stored === "en") return stored;
  return (navigator.language || "zh").toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** A value of a closed set (a stage, a level, …) of `property` in the language's words; null when
 * the value is no such value. The graph keeps the English value: only what is shown changes. */
export function closedValueText(language, property, value) {
  const key = `value_${property}_${value}`;
  return language.has(key) ? language.t(key) : null;
}

/** A caption by key in `lang`, with {name} placeholders filled from `values` (for text drawn in
 * both languages at once, as a graph's captions are). */
export function translate(lang, key, values = {}) {
  const entry = STRINGS[key];
  const text = entry ? entry[lang] : key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

// a formatter is costly to build (more than drawing a node with its caption): one per language
const NUMBER_FORMATS = { zh: new Intl.NumberFormat("zh-CN"), en: new Intl.NumberFormat("en-GB") };

/** A number written the way `lang` writes it (2,314), for text drawn in both languages at once. */
export function formatNumber(lang, n) {
  return NUMBER_FORMATS[lang].format(n);
}

/** The pages' language: one object a page owns, passed to whoever draws text. */
export class Language {
  constructor(lang) {
    this.lang = lang;
    this.listeners = [];
  }

  set(lang) {
    this.lang = lang;
    localStorage.setItem(STORAGE_KEY, lang);
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    for (const listener of this.listeners) listener(lang);
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  has(key) {
    return key in STRINGS;
  }

  /** A caption by key, with {name} placeholders filled from `values`. */
  t(key, values = {}) {
    return translate(this.lang, key, values);
  }

  /** Pick the caption of a `{zh, en}` pair, or of an object with captionZh/captionEn. */
  pick(pair) {
    if (!pair) return "";
    if ("captionZh" in pair) return this.lang === "zh" ? pair.captionZh : pair.captionEn;
    return (this.lang === "zh" ? pair.zh : pair.en) || pair.zh || pair.en || "";
  }

  /** The description of what the API gives in both languages as `description` (English) and
   * `descriptionZh` (a named question, its parameters). */
  described(item) {
    return (this.lang === "zh" && item.descriptionZh) || item.description || "";
  }

  /** Fill every element marked data-i18n (text), data-i18n-placeholder, data-i18n-title, data-i18n-aria. */
  apply(root = document) {
    for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = this.t(el.dataset.i18n);
    for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = this.t(el.dataset.i18nPlaceholder);
    for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = this.t(el.dataset.i18nTitle);
    for (const el of root.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", this.t(el.dataset.i18nAria));
    document.title = `${this.t(document.body.dataset.pageTitle || "appTitle")} · jxkg`;
  }

  /** A number written the way the language writes it (2,314). */
  number(n) {
    return formatNumber(this.lang, n);
  }
}
