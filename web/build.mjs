// Builds the browser pages' assets into jxkg/graph_api/static: one bundle per page (esbuild), the
// stylesheet, and Swagger UI's own files for /docs. Everything the pages load comes from there, so
// nothing is fetched from another host at run time (the Content-Security-Policy forbids it anyway).
//
//   node build.mjs          build
//   node build.mjs --watch  rebuild on change (development)
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { constants, gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "jxkg", "graph_api", "static");
const watch = process.argv.includes("--watch");

// The names the pages load (explorer.js, jxkg.css) -> the built files' names. A build names each
// file by its content (explorer.5KX3ZQ2B.js), so the server may let browsers keep it for a year
// (`immutable`); --watch keeps the plain names, whose lifetime is short (jxkg/graph_api/pages.py).
const MANIFEST = "assets.json";

const options = {
  entryPoints: {
    explorer: join(here, "src", "explorer", "main.js"),
    // the explorer's Web Worker (the whole view's layout): named by explorer.html, hashed like the rest
    "explorer-layout": join(here, "src", "common", "layout_worker.js"),
    queries: join(here, "src", "queries", "main.js"),
    steward: join(here, "src", "steward", "main.js"),
    docs: join(here, "src", "docs.js"),
    jxkg: join(here, "src", "styles.css"),
  },
  outdir: out,
  bundle: true,
  format: "esm",
  target: ["chrome110", "firefox110", "safari16"],
  minify: !watch,
  entryNames: watch ? "[name]" : "[name].[hash]",
  metafile: true,
  sourcemap: "linked",
  legalComments: "linked", // each bundle's licences in <bundle>.LEGAL.txt beside it
  logLevel: "info",
};

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "swagger"), { recursive: true });
for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"]) {
  copyFileSync(join(here, "node_modules", "swagger-ui-dist", file), join(out, "swagger", file));
}

copyFileSync(join(here, "public", "favicon.svg"), join(out, "favicon.svg"));

// Each script and stylesheet beside its gzipped copy (<file>.gz, level 9): the server sends that to a
// browser that accepts gzip instead of compressing the file again on every request (jxkg/graph_api/pages.py).
// Not in --watch mode, whose rebuilds would leave the copies stale (the server then compresses on the fly).
function precompress(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(js|css)$/.test(entry.name)) {
      const file = join(entry.parentPath ?? entry.path, entry.name);
      writeFileSync(file + ".gz", gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }));
    }
  }
}

// each entry's output, by the name the pages use for it: `explorer` + `.js`
function writeManifest(metafile) {
  const names = {};
  for (const [output, info] of Object.entries(metafile.outputs)) {
    const entry = Object.entries(options.entryPoints).find(
      ([, source]) => info.entryPoint && source.endsWith(info.entryPoint),
    );
    const file = output.split("/").pop();
    if (entry && !file.endsWith(".map")) names[entry[0] + file.slice(file.lastIndexOf("."))] = file;
  }
  writeFileSync(join(out, MANIFEST), JSON.stringify(names, null, 2) + "\n");
}

if (watch) {
  const plainName = ([name, source]) => name + source.slice(source.lastIndexOf("."));
  const plain = Object.fromEntries(Object.entries(options.entryPoints).map((entry) => [plainName(entry), plainName(entry)]));
  writeFileSync(join(out, MANIFEST), JSON.stringify(plain, null, 2) + "\n");
  const context = await esbuild.context(options);
  await context.watch();
} else {
  const result = await esbuild.build(options);
  writeManifest(result.metafile);
  precompress(out);
  // the stamp make checks: the assets are as new as the sources that built them
  writeFileSync(join(out, ".built"), new Date().toISOString() + "\n");
}
