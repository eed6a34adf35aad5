// What the pages know of the ontology, read from GET /api/v1/schema: each class's labels in both
// languages, its parents, and from those its family — the nearest abstract class above it (or the
// class itself under the root) — which picks its colour and shape (a few classes have their own, CLASS_STYLE). A class added to the ontology
// is drawn in its family's style without a change here.
import { getJson } from "./api.js";

// colour and shape per family; a family not listed gets a colour from its name
const FAMILY_STYLE = {
  Laboratory: { color: "#c0392b", shape: "diamond" },
  Platform: { color: "#e67e22", shape: "round-rectangle" },
  Organization: { color: "#2471a3", shape: "ellipse" },
  InnovationZone: { color: "#17a589", shape: "hexagon" },
  Region: { color: "#7d8c8d", shape: "round-octagon" },
  Place: { color: "#95a5a6", shape: "round-octagon" },
  IndustryChain: { color: "#8e44ad", shape: "round-tag" },
  TechnologyField: { color: "#a569bd", shape: "round-tag" },
  Person: { color: "#27ae60", shape: "ellipse" },
  Team: { color: "#52be80", shape: "ellipse" },
  InnovationConsortium: { color: "#d35400", shape: "round-pentagon" },
  Achievement: { color: "#b7950b", shape: "round-triangle" },
  Patent: { color: "#d4ac0d", shape: "round-triangle" },
  Project: { color: "#5d6d7e", shape: "round-rectangle" },
  Programme: { color: "#34495e", shape: "round-rectangle" },
  TalentProgramme: { color: "#1e8449", shape: "round-rectangle" },
  Recognition: { color: "#af601a", shape: "star" },
  Target: { color: "#cb4335", shape: "vee" },
  Indicator: { color: "#5499c7", shape: "barrel" },
  Observation: { color: "#85c1e9", shape: "barrel" },
  KeyTechnologyProblem: { color: "#943126", shape: "concave-hexagon" },
  SourceDocument: { color: "#616a6b", shape: "rectangle" },
  Passage: { color: "#aab7b8", shape: "rectangle" },
  ChainSegment: { color: "#bb8fce", shape: "round-tag" },
  IngestRun: { color: "#566573", shape: "rectangle" },
};

// Classes whose family is too broad for one style: the places (a country, a province, a city are
// different things on a map) and the zones, told apart within their family's shape group
const CLASS_STYLE = {
  Country: { color: "#1b2631", shape: "octagon" },
  CooperationRegion: { color: "#7f8c8d", shape: "round-diamond" },
  Province: { color: "#6e2c00", shape: "round-octagon" },
  PrefectureCity: { color: "#a04000", shape: "round-octagon" },
  County: { color: "#e59866", shape: "round-octagon" },
  MetropolitanArea: { color: "#9a7d0a", shape: "round-heptagon" },
  NewArea: { color: "#d68910", shape: "round-heptagon" },
  ScienceCity: { color: "#117a65", shape: "hexagon" },
  ScienceIsland: { color: "#45b39d", shape: "hexagon" },
  HighTechZone: { color: "#1a5276", shape: "round-hexagon" },
  AgriculturalHighTechZone: { color: "#7d9b2f", shape: "round-hexagon" },
  AgriculturalSciencePark: { color: "#a9c46c", shape: "round-hexagon" },
  IndependentInnovationDemonstrationZone: { color: "#5b2c6f", shape: "round-hexagon" },
  CooperationDemonstrationZone: { color: "#2e86c1", shape: "hexagon" },
  InnovationCorridor: { color: "#0e6251", shape: "round-hexagon" },
  // provenance, not a subject: drawn small (the size is in graphstyle.js)
  Passage: { color: "#bfc9ca", shape: "round-rectangle" },
};

function hashedColour(name) {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return `hsl(${hash % 360}, 45%, 45%)`;
}

export class Ontology {
  constructor(schema) {
    this.schema = schema;
    this.types = new Map(schema.node_types.map((t) => [t.name, t]));
    this.relationships = new Map(schema.relationship_types.map((r) => [r.type, r]));
    this.properties = new Map(schema.properties.map((p) => [p.name, p]));
  }

  static async load() {
    return new Ontology(await getJson("/schema"));
  }

  /** The nearest abstract class above `name` (itself if abstract), or the class right under the root. */
  family(name) {
    let current = this.types.get(name);
    while (current) {
      if (current.abstract && current.name !== this.schema.root) return current.name;
      const parent = current.parents[0];
      if (!parent || parent === this.schema.root) return current.name;
      current = this.types.get(parent);
    }
    return name;
  }

  style(name) {
    if (CLASS_STYLE[name]) return CLASS_STYLE[name];
    const family = this.family(name);
    return FAMILY_STYLE[family] || { color: hashedColour(family), shape: "ellipse" };
  }

  typeLabel(name, language) {
    const type = this.types.get(name);
    return type ? language.pick(type.label) : name;
  }

  relationshipLabel(type, language) {
    const rel = this.relationships.get(type);
    return rel ? language.pick(rel.label) : type;
  }

  propertyLabel(name, language) {
    const prop = this.properties.get(name);
    return prop ? language.pick(prop.label) : name;
  }

  /** The classes and their labels, for completion in the Cypher editor. */
  labelNames() {
    return [...new Set(this.schema.node_types.flatMap((t) => [t.name, ...t.labels]))].sort();
  }
}
