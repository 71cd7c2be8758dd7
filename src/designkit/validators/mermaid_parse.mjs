// Parse .mmd files with Mermaid's own parser and print what it read, as JSON.
//
//   node mermaid_parse.mjs MERMAID_DIR FILE...   (designkit.validators.diagrams runs it)
//
// MERMAID_DIR holds node_modules with mermaid and jsdom (scripts/fetch-mermaid.sh).
// For each file: {"file", "error"} when Mermaid rejects it, else its diagram type,
// vertices (id -> label), edges (start, end, type, stroke, label) and subgraphs
// (id, title, nodes). Labels are given as Mermaid holds them before drawing: entity
// codes become HTML character references (the caller unescapes them).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, ...files] = process.argv.slice(2);
const require = createRequire(join(resolve(dir), 'package.json'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(pathToFileURL(require.resolve('mermaid')).href);
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

// Mermaid's encodeEntities marks '#name;' as 'ﬂ°name¶ß' and '#35;' as 'ﬂ°°35¶ß'.
const decode = (text) => String(text ?? '').replaceAll('ﬂ°°', '&#').replaceAll('ﬂ°', '&').replaceAll('¶ß', ';');

const results = [];
for (const file of files) {
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(readFileSync(file, 'utf8'));
    const db = diagram.db;
    results.push({
      file,
      type: diagram.type,
      vertices: Object.fromEntries([...db.getVertices()].map(([id, v]) => [id, decode(v.text)])),
      edges: db.getEdges().map((e) => ({
        start: e.start, end: e.end, type: e.type, stroke: e.stroke, label: decode(e.text),
      })),
      subgraphs: db.getSubGraphs().map((s) => ({ id: s.id, title: decode(s.title), nodes: s.nodes })),
    });
  } catch (error) {
    results.push({ file, error: String(error?.message ?? error).split('\n').slice(0, 4).join(' ') });
  }
}
process.stdout.write(JSON.stringify(results));
