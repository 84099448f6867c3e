/**
 * The import rule (docs/architecture.md), checked in CI: every relative import is read from
 * the source and each file is placed in a layer. A layer may import only the layers listed
 * for it, and folders must not import each other in a cycle. Exits 1 with one line per break.
 *
 *   domain      src/domain/**            pure rules and types: nothing but domain
 *   locales     locales/**               catalogues: domain
 *   infra       src/infra/**             shared infrastructure: domain, locales (and migrations, which it runs)
 *   feature     src/features/<f>/**      use cases, queries, views, jobs: domain, locales, infra, other features
 *   handlers    handlers/**              one Composer per feature: features (not their *.queries.ts), infra (not db, but its schema types), domain, locales
 *   app         src/{app,bot,main,workers}.ts, src/cli/**: wiring, anything in src and handlers
 *   migrations  migrations/**            frozen: nothing of the application
 *
 * HTML is escaped in one layer: `escapeHtml` may be imported only by the presentation layer
 * (`*.view.ts`, handlers/**, locales/**) and by src/domain/** (which defines it). A use case
 * passes plain data to a view; any other importer under src/ is a break.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

type Layer = 'domain' | 'locales' | 'infra' | 'feature' | 'handlers' | 'app' | 'migrations' | 'other';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const SOURCES = ['src', 'handlers', 'locales', 'migrations'];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

export function layerOf(file: string): Layer {
  if (file.startsWith('src/domain/')) return 'domain';
  if (file.startsWith('locales/')) return 'locales';
  if (file.startsWith('src/infra/')) return 'infra';
  if (file.startsWith('src/features/')) return 'feature';
  if (file.startsWith('handlers/')) return 'handlers';
  if (file.startsWith('migrations/')) return 'migrations';
  if (file.startsWith('src/')) return 'app';
  return 'other';
}

const ALLOWED: Record<Layer, Layer[]> = {
  domain: ['domain'],
  locales: ['domain', 'locales'],
  infra: ['domain', 'locales', 'infra', 'migrations'],
  feature: ['domain', 'locales', 'infra', 'feature'],
  handlers: ['domain', 'locales', 'infra', 'feature', 'handlers'],
  app: ['domain', 'locales', 'infra', 'feature', 'handlers', 'app', 'migrations'],
  migrations: ['migrations'],
  other: [],
};

/** A relative import specifier, resolved to a repository path. */
function resolveSpec(file: string, spec: string): string {
  const rel = relative(root, resolve(root, dirname(file), spec));
  return rel.endsWith('.ts') ? rel : `${rel}.ts`;
}

/** Relative imports of one file, resolved to repository paths. */
function importsOf(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => resolveSpec(file, s));
}

/** The files that may escape HTML: the presentation layer, and the domain where escapeHtml is defined. */
export function mayEscapeHtml(file: string): boolean {
  return file.endsWith('.view.ts') || file.startsWith('handlers/') || file.startsWith('locales/') || file.startsWith('src/domain/');
}

/**
 * The modules a file takes escapeHtml from: by name from any module (`import { escapeHtml as e }`
 * and `export { escapeHtml } from` count, so passing it on through another file does not get
 * round the rule) or through a namespace (`import * as text`, then `text.escapeHtml`).
 */
function escapeHtmlSources(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:import|export)\s+(?:type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g)) {
    const clause = m[1]!;
    const ns = /\*\s*as\s+([\w$]+)/.exec(clause)?.[1];
    if (/\bescapeHtml\b/.test(clause) || (ns && new RegExp(`\\b${ns.replace(/\$/g, '\\$')}\\s*\\.\\s*escapeHtml\\b`).test(text))) {
      out.push(m[2]!.startsWith('.') ? resolveSpec(file, m[2]!) : m[2]!);
    }
  }
  return out;
}

export function check(): string[] {
  const problems: string[] = [];
  const edges = new Map<string, Set<string>>();
  for (const abs of SOURCES.flatMap((d) => walk(join(root, d)))) {
    const file = relative(root, abs);
    const from = layerOf(file);
    const text = readFileSync(abs, 'utf8');
    if (file.startsWith('src/') && !mayEscapeHtml(file)) {
      for (const source of escapeHtmlSources(file, text)) {
        problems.push(`${file}: imports escapeHtml from ${source}; only *.view.ts, handlers/ and locales/ escape HTML (a use case passes plain data to a view)`);
      }
    }
    for (const target of importsOf(file, text)) {
      const to = layerOf(target);
      if (!ALLOWED[from].includes(to)) problems.push(`${file}: a ${from} file may not import ${target} (${to})`);
      if (from === 'handlers' && (target.endsWith('.queries.ts') || (target.startsWith('src/infra/db/') && target !== 'src/infra/db/schema.ts'))) {
        problems.push(`${file}: a handler calls a use case, not ${target} (queries stay inside the feature)`);
      }
      const a = dirname(file);
      const b = dirname(target);
      if (a !== b) {
        if (!edges.has(a)) edges.set(a, new Set());
        edges.get(a)!.add(b);
      }
    }
  }
  for (const cycle of folderCycles(edges)) problems.push(`folders import each other in a cycle: ${cycle.join(' → ')}`);
  return problems;
}

/** Strongly connected folders (Tarjan), each reported as one cycle. */
function folderCycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.reverse());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const problems = check();
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`import rule: ${problems.length} problem(s); see docs/architecture.md`);
    process.exit(1);
  }
  console.log('import rule: ok');
}
