import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * `npm run build`: the app as one ES module, dist/main.mjs, run with `node dist/main.mjs [--role …]`.
 *
 * Why: a process started through tsx spends most of its start-up in tsx's loader, which every
 * module passes through, the ~500 files of node_modules included. Measured on the 2-core machine
 * (2026-12-05, load ~0.8): spawn → configuration read 1.9–2.0 s with `node --import tsx
 * src/main.ts`, 0.9–1.0 s with `node dist/main.mjs`. A supervisor restarting a crashed worker
 * pays that start-up as a pause in sending (bench part 3). The dependencies stay outside the
 * bundle (node loads them from node_modules as usual; better-sqlite3 is native), so the image and
 * `npm ci` are unchanged; only our own TypeScript is bundled.
 *
 * Files found next to a source file (the holiday list, fonts, the dashboard's assets) are found
 * through `import.meta.url`; in the bundle that would be dist/main.mjs, so each source file's
 * `import.meta.url` is rewritten to its own place, relative to the bundle: the repository can
 * move as a whole, as it can with tsx.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLE = resolve(ROOT, 'dist/main.mjs');

export async function buildBundle(outfile = BUNDLE): Promise<string> {
  await build({
    entryPoints: [resolve(ROOT, 'src/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [
      {
        name: 'own-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, (args) => {
            const source = readFileSync(args.path, 'utf8');
            if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
            const rel = relative(dirname(outfile), args.path).split('\\').join('/');
            return { contents: source.split('import.meta.url').join(`new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
          });
        },
      },
    ],
  });
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = await buildBundle(process.argv[2] ? resolve(process.argv[2]) : BUNDLE);
  console.log(`built ${relative(process.cwd(), out)}`);
}
