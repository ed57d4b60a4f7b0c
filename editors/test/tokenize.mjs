// Tokenises .neg plans with the VS Code extension's TextMate grammar, using
// the same libraries as VS Code (vscode-textmate, vscode-oniguruma), and
// fails on any text that no rule of the grammar matched.
//
//   node tokenize.mjs            every shipped plan: examples/, stdlib/, benches/scenarios/
//   node tokenize.mjs FILE…      these files
//
// Run it through ./run.sh, which installs the two packages first. Quiet on
// success; on failure it prints FILE:LINE:COL and the text, and exits 1.

import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const extension = join(root, 'editors', 'vscode');

const failures = [];
function fail(message) {
    failures.push(message);
}

// ------------------------------------------------------------ the manifest

function readJson(path) {
    try {
        return JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
        fail(`${relative(root, path)}: ${e.message}`);
        return null;
    }
}

/** The extension's package.json points at files that exist and agree. */
function checkManifest() {
    const manifest = readJson(join(extension, 'package.json'));
    if (!manifest) return null;
    const where = 'editors/vscode/package.json';
    const exists = (p) => typeof p === 'string' && existsSync(join(extension, p));
    if (!exists(manifest.main)) fail(`${where}: main ${manifest.main} does not exist`);
    if (!(manifest.activationEvents ?? []).includes('onLanguage:neg')) {
        fail(`${where}: no activation event onLanguage:neg`);
    }
    const languages = manifest.contributes?.languages ?? [];
    const neg = languages.find((l) => l.id === 'neg');
    if (!neg) fail(`${where}: no contributes.languages entry with id "neg"`);
    else {
        if (!(neg.extensions ?? []).includes('.neg')) fail(`${where}: language neg lacks .neg`);
        if (!exists(neg.configuration)) {
            fail(`${where}: language configuration ${neg.configuration} does not exist`);
        } else {
            readJson(join(extension, neg.configuration));
        }
    }
    const grammars = manifest.contributes?.grammars ?? [];
    const entry = grammars.find((g) => g.language === 'neg');
    if (!entry) {
        fail(`${where}: no contributes.grammars entry for language neg`);
        return null;
    }
    if (!exists(entry.path)) {
        fail(`${where}: grammar ${entry.path} does not exist`);
        return null;
    }
    const grammar = readJson(join(extension, entry.path));
    if (grammar && grammar.scopeName !== entry.scopeName) {
        fail(`${where}: scopeName ${entry.scopeName}, the grammar says ${grammar.scopeName}`);
    }
    const settings = manifest.contributes?.configuration?.properties ?? {};
    for (const key of ['neg.path', 'neg.trace.server']) {
        if (!(key in settings)) fail(`${where}: no setting ${key}`);
    }
    return grammar && { raw: grammar, scopeName: entry.scopeName };
}

// ------------------------------------------------------------ tokenising

async function loadGrammar(raw, scopeName) {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s) => new oniguruma.OnigString(s),
    }));
    const registry = new vsctm.Registry({
        onigLib,
        // Only our grammar: `source.rhai` (embedded hook code) is missing, as
        // it is in a VS Code without a Rhai extension.
        loadGrammar: async (name) => (name === scopeName ? vsctm.parseRawGrammar(JSON.stringify(raw), 'neg.tmLanguage.json') : null),
    });
    return registry.loadGrammar(scopeName);
}

/** Each line's tokens: { line, tokens: [{ text, start, scopes }] }; and the state at the end. */
function tokenise(grammar, text) {
    let stack = vsctm.INITIAL;
    const lines = text.split(/\r\n|\r|\n/);
    const out = lines.map((line, i) => {
        const r = grammar.tokenizeLine(line, stack);
        stack = r.ruleStack;
        const tokens = r.tokens.map((t) => ({
            text: line.slice(t.startIndex, t.endIndex),
            start: t.startIndex,
            scopes: t.scopes,
        }));
        return { line: i + 1, text: line, tokens };
    });
    return { lines: out, endDepth: stack.depth };
}

/** Non-blank text whose only scope is the grammar's own: no rule matched it. */
function unknownTokens(grammar, text) {
    const found = [];
    for (const { line, tokens } of tokenise(grammar, text).lines) {
        for (const t of tokens) {
            if (t.scopes.length === 1 && /\S/.test(t.text)) {
                const lead = t.text.length - t.text.trimStart().length;
                found.push({ line, col: t.start + lead + 1, text: t.text.trim() });
            }
        }
    }
    return found;
}

// ------------------------------------------------------------ known scopes

const SAMPLE = [
    '/// A doc comment with `code`.',
    'scenario "A \\"quoted\\" title"',
    'party vc "Granite" { batna 45  care 10% for at }',
    'party at { discount 0.95 }',
    'issue equity : 15% .. 30% step 1%',
    'issue price : $2M .. $3M step €3k',
    'issue term : 1mo .. 6mo step 1mo',
    'prefs vc as greedy 60% {',
    '    equity = linear(15% -> 0, 30% -> 100)  // an end-of-line comment',
    '    price = if price > 2.5e6 then 1 else 0',
    '}',
    'hook rhai { fn f(x) { "}" } }',
    'offer opening by vc { equity: 27%, count: on }',
    'assert utility(vc, opening) == 48 and not false',
    '/* a block /* nested */ still a comment */ evaluate opening',
].join('\n');

/** [line, text, n-th occurrence in the line, scope every token of it must have] */
const EXPECTED = [
    [1, '/// A doc comment', 0, 'comment.line.documentation.neg'],
    [1, '`code`', 0, 'markup.inline.raw.neg'],
    [2, 'scenario', 0, 'storage.type.declaration.neg'],
    [2, '"A \\"quoted\\" title"', 0, 'string.quoted.double.neg'],
    [2, '\\"', 0, 'constant.character.escape.neg'],
    [3, 'party', 0, 'storage.type.declaration.neg'],
    [3, 'vc', 0, 'entity.name.type.party.neg'],
    [3, '"Granite"', 0, 'string.quoted.double.neg'],
    [3, 'batna', 0, 'keyword.other.neg'],
    [3, '45', 0, 'constant.numeric.neg'],
    [3, '{', 0, 'punctuation.section.braces.begin.neg'],
    [3, '10%', 0, 'constant.numeric.neg'],
    [3, '%', 0, 'keyword.other.unit.percent.neg'],
    [3, 'at', 0, 'keyword.other.neg'], // a name spelt like a keyword: the price of a grammar without a parser
    [4, 'at', 0, 'entity.name.type.party.neg'],
    [5, 'equity', 0, 'entity.name.variable.issue.neg'],
    [5, ':', 0, 'punctuation.separator.colon.neg'],
    [5, '..', 0, 'keyword.operator.range.neg'],
    [5, 'step', 0, 'keyword.other.neg'],
    [6, '$2M', 0, 'constant.numeric.neg'],
    [6, '$', 0, 'keyword.other.unit.currency.neg'],
    [6, /(?<=\$2)M/, 0, 'keyword.other.unit.magnitude.neg'],
    [6, '€3k', 0, 'constant.numeric.neg'],
    [7, '6mo', 0, 'constant.numeric.neg'],
    [7, /(?<=6)mo/, 0, 'keyword.other.unit.duration.neg'],
    [8, 'prefs', 0, 'storage.type.declaration.neg'],
    [8, 'vc', 0, 'entity.name.type.party.neg'],
    [8, 'as', 0, 'keyword.other.neg'],
    [8, 'greedy', 0, 'entity.name.type.hypothesis.neg'],
    [9, 'equity', 0, 'variable.other.property.neg'],
    [9, '=', 0, 'keyword.operator.assignment.neg'],
    [9, 'linear', 0, 'keyword.other.neg'],
    [9, '(', 0, 'punctuation.section.parens.begin.neg'],
    [9, '->', 0, 'keyword.operator.arrow.neg'],
    [9, '// an end-of-line comment', 0, 'comment.line.double-slash.neg'],
    [10, 'if', 0, 'keyword.control.conditional.neg'],
    [10, '>', 0, 'keyword.operator.comparison.neg'],
    [10, '2.5e6', 0, 'constant.numeric.neg'],
    [10, 'price', 1, 'variable.other.neg'],
    [12, 'hook', 0, 'storage.type.declaration.neg'],
    [12, 'rhai', 0, 'support.type.language.neg'],
    [12, 'fn f(x) ', 0, 'meta.embedded.block.rhai'],
    [12, '"}"', 0, 'string.quoted.double.rhai'],
    [12, '}', 2, 'punctuation.section.embedded.end.neg'],
    [13, 'opening', 0, 'entity.name.constant.offer.neg'],
    [13, 'by', 0, 'keyword.other.neg'],
    [13, 'count', 0, 'variable.other.property.neg'],
    [14, 'assert', 0, 'keyword.control.command.neg'],
    [14, 'utility', 0, 'entity.name.function.call.neg'],
    [14, 'opening', 0, 'variable.other.neg'],
    [14, '==', 0, 'keyword.operator.comparison.neg'],
    [14, 'and', 0, 'keyword.operator.word.neg'],
    [14, 'not', 0, 'keyword.operator.word.neg'],
    [14, 'false', 0, 'constant.language.boolean.neg'],
    [15, 'nested', 0, 'comment.block.neg'],
    [15, 'still a comment', 0, 'comment.block.neg'],
    [15, 'evaluate', 0, 'keyword.control.command.neg'],
];

/** Where the n-th match of needle starts, and its length: a word-like string
 * matches whole words only; a RegExp is used as it is. */
function nthMatch(text, needle, n) {
    const source = needle instanceof RegExp
        ? needle.source
        : needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(/^\w+$/.test(needle) ? `\\b${source}\\b` : source, 'gu');
    const all = [...text.matchAll(re)];
    return n < all.length ? { at: all[n].index, length: all[n][0].length } : null;
}

function checkSample(grammar) {
    const { lines } = tokenise(grammar, SAMPLE);
    for (const [lineNo, needle, n, scope] of EXPECTED) {
        const { text, tokens } = lines[lineNo - 1];
        const found = nthMatch(text, needle, n);
        if (!found) {
            fail(`sample line ${lineNo}: no ${needle} (#${n}) in ${JSON.stringify(text)}`);
            continue;
        }
        const { at, length } = found;
        const covering = tokens.filter((t) => t.start < at + length && t.start + t.text.length > at);
        for (const t of covering) {
            if (!t.scopes.includes(scope)) {
                fail(`sample line ${lineNo}: ${JSON.stringify(t.text)} of ${needle} is ${t.scopes.join(' ')}, not ${scope}`);
            }
        }
    }
    for (const u of unknownTokens(grammar, SAMPLE)) fail(`sample:${u.line}:${u.col}: unknown token ${JSON.stringify(u.text)}`);
    // The check finds what no rule matches, so a pass above means something.
    const bad = unknownTokens(grammar, 'offer o { a: @b }\nissue p : 1e3k .. 2 step 1');
    const got = bad.map((u) => `${u.line}:${u.col}:${u.text}`).join(', ');
    if (got !== '1:14:@, 2:11:1e') fail(`unknown tokens of the bad sample: ${got || 'none'}`);
}

/** Each word of KEYWORDS in src/syntax/keywords.rs, alone on a line, is a keyword. */
function checkKeywords(grammar) {
    const source = readFileSync(join(root, 'src', 'syntax', 'keywords.rs'), 'utf8');
    const list = source.match(/pub const KEYWORDS: &\[&str\] = &\[([^\]]*)\]/);
    const words = list ? [...list[1].matchAll(/"(\w+)"/g)].map((m) => m[1]) : [];
    if (words.length < 50) fail(`src/syntax/keywords.rs: found only ${words.length} keywords`);
    const keywordScope = /^(storage\.type|keyword\.control|keyword\.other|keyword\.operator\.word|constant\.language)\./;
    for (const w of words) {
        const [{ tokens }] = tokenise(grammar, w).lines;
        if (tokens.length !== 1 || !tokens[0].scopes.some((s) => keywordScope.test(s))) {
            fail(`keyword ${w}: ${tokens.map((t) => `${JSON.stringify(t.text)} ${t.scopes.join(' ')}`).join(', ')}`);
        }
    }
}

// ------------------------------------------------------------ the plans

function negFiles(dir) {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
        .sort()
        .flatMap((name) => {
            const path = join(dir, name);
            if (statSync(path).isDirectory()) return negFiles(path);
            return name.endsWith('.neg') ? [path] : [];
        });
}

function checkFile(grammar, path) {
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    const name = relative(process.cwd(), path);
    for (const u of unknownTokens(grammar, text)) {
        fail(`${name}:${u.line}:${u.col}: unknown token ${JSON.stringify(u.text)}`);
    }
    const { endDepth } = tokenise(grammar, text);
    if (endDepth !== 1) fail(`${name}: the file ends inside a region (a comment, string or hook code left open)`);
}

const manifest = checkManifest();
if (manifest) {
    const grammar = await loadGrammar(manifest.raw, manifest.scopeName);
    if (!grammar) fail('the grammar did not load');
    else {
        checkSample(grammar);
        checkKeywords(grammar);
        const args = process.argv.slice(2);
        const files = args.length
            ? args.map((a) => resolve(a))
            : ['examples', 'stdlib', join('benches', 'scenarios')].flatMap((d) => negFiles(join(root, d)));
        if (files.length === 0) fail('no .neg files to tokenise');
        for (const f of files) checkFile(grammar, f);
    }
}
if (failures.length) {
    for (const f of failures) console.error(f);
    console.error(`editors/test: ${failures.length} failure(s)`);
    process.exit(1);
}
