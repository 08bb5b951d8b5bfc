// The second half of `npm run build` (after `remix build`): server.ts and workers/index.ts, with what
// they import from app/, compiled by esbuild into build/server/ as plain ESM JavaScript, so that
// `npm start` and `npm run worker` run `node` on files instead of transpiling every module with tsx
// at start (docs/decisions/022). node_modules stay external: the image's node_modules are the ones
// the code runs with, and the Remix build (build/index.js) keeps loading them from there too.
import { build } from "esbuild";
import { copyFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const SERVER_BUILD_DIR = path.join(root, "build/server");

rmSync(SERVER_BUILD_DIR, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ["server.ts", "workers/index.ts"],
  // build/server/server.js and build/server/workers/index.js: server.ts imports the worker by its
  // relative path, and each file's `import.meta.url === argv[1]` check still finds its own entry.
  outbase: ".",
  outdir: SERVER_BUILD_DIR,
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  // Readable stack traces as they are (not minified); the maps are there for `node --enable-source-maps`.
  sourcemap: "linked",
  logLevel: "warning",
});
// workers/index.ts reads its crontab next to itself.
copyFileSync(path.join(root, "workers/crontab"), path.join(SERVER_BUILD_DIR, "workers/crontab"));
console.log(`server and worker compiled into ${path.relative(root, SERVER_BUILD_DIR)}/`);
