#!/usr/bin/env node
// docs/API.md: the reference of the construct library, generated from what src/index.ts exports
// and the TSDoc comments of the declarations, with the TypeScript compiler API.
// `node scripts/api-docs.js` writes it; `npm run docs` also refreshes the environment JSON Schema.
// test/scripts/api-docs.test.ts fails when the committed file differs from a fresh run.
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const OUT = path.join(root, 'docs', 'API.md');
const KIND_ORDER = ['Constructs', 'Props and other interfaces', 'Functions', 'Constants', 'Types'];

/** The text of a TSDoc comment without tags, on one paragraph per blank line. */
function docOf(node) {
  const jsDoc = (node.jsDoc ?? []).at(-1);
  if (!jsDoc || jsDoc.comment === undefined) return '';
  const text = typeof jsDoc.comment === 'string' ? jsDoc.comment : jsDoc.comment.map((c) => c.text).join('');
  return text.replace(/\r/g, '').split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).join('\n\n');
}

function tagOf(node, name) {
  for (const doc of node.jsDoc ?? []) {
    for (const tag of doc.tags ?? []) {
      if (tag.tagName.text === name) {
        const c = tag.comment;
        return (typeof c === 'string' ? c : (c ?? []).map((x) => x.text).join('')).replace(/\s*\n\s*/g, ' ').trim();
      }
    }
  }
  return undefined;
}

const cell = (s) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const code = (s) => `\`${s.replace(/\s*\n\s*/g, ' ').replace(/`/g, "'")}\``;

function memberRows(members, checker, isClass) {
  const rows = [];
  for (const m of members) {
    if (!ts.isPropertySignature(m) && !ts.isPropertyDeclaration(m)) continue;
    const mods = ts.getCombinedModifierFlags(m);
    if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
    const optional = Boolean(m.questionToken);
    const def = tagOf(m, 'default');
    const required = isClass ? (optional ? 'readonly, optional' : 'readonly') : optional ? (def !== undefined ? `optional; default ${def}` : 'optional') : 'required';
    const type = m.type ? m.type.getText() : checker.typeToString(checker.getTypeAtLocation(m));
    rows.push(`| ${code(m.name.getText())} | ${cell(code(type))} | ${cell(required)} | ${cell(docOf(m))} |`);
  }
  return rows;
}

/** Markdown of every export of src/index.ts, grouped by kind and sorted by name. */
function apiMarkdown() {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const entry = path.join(root, 'src', 'index.ts');
  const program = ts.createProgram([entry], { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
  const sections = new Map(KIND_ORDER.map((k) => [k, []]));
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (!decl) continue;
    const name = exported.name;
    const where = path.relative(root, decl.getSourceFile().fileName).split(path.sep).join('/');
    const lines = [];
    if (ts.isClassDeclaration(decl)) {
      const base = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.getText();
      lines.push(`### ${name}`, '', `\`class ${name}${base ? ` extends ${base}` : ''}\` (${where})`, '');
      if (docOf(decl)) lines.push(docOf(decl), '');
      const ctor = decl.members.find(ts.isConstructorDeclaration);
      if (ctor) lines.push('```ts', `new ${name}(${ctor.parameters.map((p) => p.getText().replace(/\s*\n\s*/g, ' ')).join(', ')})`, '```', '');
      const rows = memberRows(decl.members, checker, true);
      if (rows.length > 0) lines.push('| Property | Type | | Description |', '| --- | --- | --- | --- |', ...rows, '');
      sections.get('Constructs').push([name, lines]);
    } else if (ts.isInterfaceDeclaration(decl)) {
      lines.push(`### ${name}`, '', `\`interface ${name}\` (${where})`, '');
      if (docOf(decl)) lines.push(docOf(decl), '');
      const rows = memberRows(decl.members, checker, false);
      if (rows.length > 0) lines.push('| Property | Type | Required / default | Description |', '| --- | --- | --- | --- |', ...rows, '');
      sections.get('Props and other interfaces').push([name, lines]);
    } else if (ts.isFunctionDeclaration(decl)) {
      const params = decl.parameters.map((p) => p.getText().replace(/\s*\n\s*/g, ' ')).join(', ');
      lines.push(`### ${name}`, '', '```ts', `function ${name}(${params})${decl.type ? `: ${decl.type.getText()}` : ''}`, '```', '', `(${where})`, '');
      if (docOf(decl)) lines.push(docOf(decl), '');
      sections.get('Functions').push([name, lines]);
    } else if (ts.isVariableDeclaration(decl)) {
      const statement = decl.parent.parent;
      const type = decl.type ? decl.type.getText() : checker.typeToString(checker.getTypeAtLocation(decl));
      lines.push(`### ${name}`, '', `\`const ${name}${type.length <= 100 ? `: ${type.replace(/\s*\n\s*/g, ' ')}` : ''}\` (${where})`, '');
      if (docOf(statement)) lines.push(docOf(statement), '');
      sections.get('Constants').push([name, lines]);
    } else if (ts.isTypeAliasDeclaration(decl)) {
      lines.push(`### ${name}`, '', `\`type ${name} = ${decl.type.getText().replace(/\s*\n\s*/g, ' ')}\` (${where})`, '');
      if (docOf(decl)) lines.push(docOf(decl), '');
      sections.get('Types').push([name, lines]);
    }
  }
  const out = [
    '# enterprise-flyte API reference',
    '',
    '<!-- Generated by scripts/api-docs.js from src/index.ts and its TSDoc comments: do not edit; run "npm run docs". -->',
    '',
    'What `require(\'enterprise-flyte\')` / `import ... from \'enterprise-flyte\'` exports (see [Using the constructs in your own app](constructs.md#using-the-constructs-in-your-own-app)).',
    '',
  ];
  for (const [kind, entries] of sections) {
    if (entries.length === 0) continue;
    out.push(`## ${kind}`, '');
    for (const [, lines] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out.push(...lines);
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

module.exports = { apiMarkdown, OUT };

if (require.main === module) {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, apiMarkdown());
  console.log(`wrote ${path.relative(root, OUT)}`);
}
