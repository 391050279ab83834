// Bundles the console into the jar's static/assets (the Maven build passes the folder; default: target/classes).
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = process.env.FEDIFLOW_ASSETS_DIR || path.join(here, '../../../target/classes/static/assets');

await esbuild.build({
  entryPoints: { app: path.join(here, 'src/main.js') },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  target: ['es2020'],
  outdir,
  loader: { '.woff': 'file', '.woff2': 'file', '.eot': 'file', '.ttf': 'file', '.svg': 'file' },
  assetNames: '[name]-[hash]',
  logLevel: 'warning',
});
console.log('console assets written to ' + outdir);
