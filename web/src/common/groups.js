// A node that stands for neighbours an answer's graph does not draw (the API's GraphNode.group: an
// entity's neighbours by relationship and class, with their count): its captions, and the read that
// draws the next batch of them (the entity's neighbourhood page for that relationship and class).
import { getJson } from "./api.js";
import { formatNumber, translate } from "./i18n.js";

export const GROUP_PAGE = 50; // neighbours drawn per click on a group node

/** Captions in both languages for a group of `count` neighbours not drawn. */
export function groupCaptions(group, ontology) {
  const type = ontology.types.get(group.type);
  const label = (lang) => (type ? type.label[lang] || type.name : group.type);
  const number = (lang) => formatNumber(lang, group.count);
  return {
    captionZh: translate("zh", "groupCaption", { type: label("zh"), n: number("zh") }),
    captionEn: translate("en", "groupCaption", { type: label("en"), n: number("en") }),
  };
}

/** The next page of a group's neighbours; `cursor`: what the last page said (null for the first). */
export function groupPage(group, cursor) {
  const params = { rel: group.relationship, label: group.type, limit: GROUP_PAGE };
  if (cursor) params.cursor = cursor;
  return getJson(`/entities/${encodeURIComponent(group.entity)}/neighbors`, params);
}
