// Small SVG icons of Cytoscape's node shapes, for the legend (drawn with DOM calls, no markup).
const SVG = "http://www.w3.org/2000/svg";

const POLYGONS = {
  diamond: "8,1 15,8 8,15 1,8",
  hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
  "round-octagon": "5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5",
  octagon: "5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5",
  "round-diamond": "8,1 15,8 8,15 1,8",
  "round-heptagon": "8,1 13.5,3.7 15,9.6 11.1,14.5 4.9,14.5 1,9.6 2.5,3.7",
  "round-hexagon": "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
  "round-tag": "1,2 11,2 15,8 11,14 1,14",
  "round-pentagon": "8,1 15,6.5 12.5,15 3.5,15 1,6.5",
  "round-triangle": "8,1.5 15,14.5 1,14.5",
  star: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6",
  vee: "1,1 8,6 15,1 8,15",
  "concave-hexagon": "1,2 15,2 12,8 15,14 1,14 4,8",
};

export function shapeIcon(shape, color) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  let figure;
  if (POLYGONS[shape]) {
    figure = document.createElementNS(SVG, "polygon");
    figure.setAttribute("points", POLYGONS[shape]);
  } else if (shape === "ellipse") {
    figure = document.createElementNS(SVG, "circle");
    figure.setAttribute("cx", "8");
    figure.setAttribute("cy", "8");
    figure.setAttribute("r", "7");
  } else {
    figure = document.createElementNS(SVG, "rect");
    figure.setAttribute("x", "1");
    figure.setAttribute("y", "3");
    figure.setAttribute("width", "14");
    figure.setAttribute("height", "10");
    figure.setAttribute("rx", shape.startsWith("round") || shape === "barrel" ? "3" : "0");
  }
  figure.setAttribute("fill", color);
  svg.append(figure);
  return svg;
}
