// Type-checks every ```ts block of the publishable packages' READMEs, the
// root README and the pages in docs/ in strict mode against the built
// packages, as a user who copies an example would meet it. Run after
// `pnpm build`. (scripts/check-docs.mjs runs this and more.)
//
//   node scripts/check-readme-examples.mjs                   # every README and docs/*.md
//   node scripts/check-readme-examples.mjs packages/remote   # one package only
//
// Each block becomes a module in a git-ignored `.readme-check/<run>/` folder
// inside its package, so `@swarmlift/<pkg>` resolves to the built dist (through
// the package's own node_modules, or a link to any publishable workspace
// package), and the package's dependencies resolve as they do for its users.
// One tsc run checks every block. A block that is deliberately a fragment opts
// out with `<!-- not-checked -->` on the line right before its fence.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { publishablePackages } from './lib/publishable-packages.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const runId = `run-${process.pid}-${Date.now().toString(36)}`;
const checkFolder = '.readme-check';

const workspacePackages = () => publishablePackages(root);

/**
 * The ```ts blocks of a markdown text: `{ line, code, skipped }`, where `line`
 * is the 1-based line of the opening fence. Blocks inside other fences are
 * ignored; indentation of the fence is removed from the code.
 */
function extractTsBlocks(markdown) {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  let open; // { fence, indent, isTs, line, skipped, body }
  let previous = ''; // last non-blank line outside a fence
  for (const [index, text] of lines.entries()) {
    if (open) {
      const close = text.match(/^(\s*)(`{3,}|~{3,})\s*$/);
      if (close && close[2][0] === open.fence[0] && close[2].length >= open.fence.length) {
        if (open.isTs) {
          blocks.push({ line: open.line, code: open.body.join('\n'), skipped: open.skipped });
        }
        open = undefined;
        previous = text;
      } else {
        open.body.push(
          text.startsWith(open.indent) ? text.slice(open.indent.length) : text.trimStart(),
        );
      }
      continue;
    }
    const start = text.match(/^(\s*)(`{3,}|~{3,})\s*([\w-]*)/);
    if (start) {
      open = {
        indent: start[1],
        fence: start[2],
        isTs: /^(ts|typescript|mts)$/i.test(start[3]),
        line: index + 1,
        skipped: /^\s*<!--\s*not-checked\s*-->\s*$/.test(previous),
        body: [],
      };
      continue;
    }
    if (text.trim() !== '') previous = text;
  }
  return blocks;
}

function linkWorkspacePackages(runFolder, packages) {
  for (const { folder, manifest } of packages) {
    const link = join(runFolder, 'node_modules', ...manifest.name.split('/'));
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(folder, link, 'dir');
  }
}

function ensureCheckFolder(base) {
  const folder = join(base, checkFolder);
  mkdirSync(folder, { recursive: true });
  // Ignores itself and everything beside it, without an entry in the repository's .gitignore.
  writeFileSync(join(folder, '.gitignore'), '*\n');
  return folder;
}

function removeRunFolder(base) {
  const folder = join(base, checkFolder);
  rmSync(join(folder, runId), { recursive: true, force: true });
  try {
    if (readdirSync(folder).every((name) => name === '.gitignore')) {
      unlinkSync(join(folder, '.gitignore'));
      rmdirSync(folder);
    }
  } catch {
    // Another run is using the folder; it removes it when done.
    if (existsSync(folder) && !existsSync(join(folder, '.gitignore'))) {
      writeFileSync(join(folder, '.gitignore'), '*\n');
    }
  }
}

const argument = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
const keep = process.argv.includes('--keep');
const packages = workspacePackages();

/** The READMEs to check: `{ base, readme }` where base is the folder holding the README. */
let targets;
if (argument) {
  const base = resolve(argument);
  if (!existsSync(join(base, 'README.md'))) {
    console.error(`✗ ${relative(root, base) || '.'}: no README.md`);
    process.exit(1);
  }
  targets = [{ base, readme: join(base, 'README.md') }];
} else {
  const docs = join(root, 'docs');
  const pages = existsSync(docs)
    ? readdirSync(docs)
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => ({ base: root, readme: join(docs, name) }))
    : [];
  targets = [
    ...packages.map(({ folder }) => ({ base: folder, readme: join(folder, 'README.md') })),
    { base: root, readme: join(root, 'README.md') },
    ...pages,
  ].filter(({ readme }) => existsSync(readme));
}

const files = new Map(); // absolute .mts path → { readme, line }
const skipped = [];
const usedBases = [];
try {
  for (const { base, readme } of targets) {
    const blocks = extractTsBlocks(readFileSync(readme, 'utf8'));
    const checked = blocks.filter((block) => !block.skipped);
    for (const block of blocks.filter((b) => b.skipped)) {
      skipped.push(`${relative(root, readme)}:${block.line}`);
    }
    if (checked.length === 0) continue;
    const runFolder = join(ensureCheckFolder(base), runId);
    // docs/*.md share the root's folder (and its links) with the root README.
    if (!usedBases.includes(base)) {
      usedBases.push(base);
      mkdirSync(runFolder, { recursive: true });
      linkWorkspacePackages(runFolder, packages);
    }
    const stem = relative(base, readme)
      .replace(/\.md$/i, '')
      .replace(/[^\w-]+/g, '-');
    for (const block of checked) {
      const file = join(runFolder, `${stem}-line-${block.line}.mts`);
      // The code keeps its lines, so a diagnostic's line maps straight back to the README.
      writeFileSync(file, `${block.code}\nexport {};\n`);
      files.set(file, { readme: relative(root, readme), line: block.line });
    }
  }

  if (files.size === 0) {
    console.log('✓ README examples: no ts blocks to check');
  } else {
    const tsconfigFolder = join(ensureCheckFolder(root), runId);
    if (!usedBases.includes(root)) usedBases.push(root);
    mkdirSync(tsconfigFolder, { recursive: true });
    const tsconfig = join(tsconfigFolder, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify(
        {
          extends: join(root, 'tsconfig.base.json'),
          compilerOptions: {
            noEmit: true,
            noUnusedLocals: false,
            noUnusedParameters: false,
            sourceMap: false,
            typeRoots: [join(root, 'node_modules', '@types')],
          },
          files: [...files.keys()],
        },
        null,
        2,
      ),
    );
    let output = '';
    let failed = false;
    try {
      execFileSync(
        process.execPath,
        [
          join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          tsconfig,
          '--pretty',
          'false',
        ],
        { cwd: root, encoding: 'utf8', stdio: 'pipe' },
      );
    } catch (error) {
      failed = true;
      output = `${error.stdout ?? ''}${error.stderr ?? ''}` || String(error.message);
    }
    if (!failed) {
      console.log(
        `✓ README examples: ${files.size} block(s) in ${targets.length} README(s) and docs page(s)`,
      );
    } else {
      // One entry per diagnostic; indented lines after it continue its message.
      const diagnostics = [];
      for (const text of output.split('\n')) {
        const match = text.match(/^(.*?)\((\d+),(\d+)\): (error .*)$/);
        if (match) {
          const block = files.get(resolve(root, match[1]));
          const line = block ? block.line + Number(match[2]) : Number(match[2]);
          diagnostics.push({
            readme: block?.readme ?? match[1],
            line,
            text: `  ${block?.readme ?? match[1]}:${line}:${match[3]}${block ? ` (block at line ${block.line})` : ''}: ${match[4]}`,
          });
        } else if (text.trim() !== '') {
          const previous = diagnostics.at(-1);
          if (previous) previous.text += `\n    ${text.trim()}`;
          else diagnostics.push({ readme: '(tsc)', line: 0, text });
        }
      }
      diagnostics.sort((a, b) => a.readme.localeCompare(b.readme) || a.line - b.line);
      const readmes = [...new Set(diagnostics.map((d) => d.readme))];
      for (const readme of readmes) {
        const texts = diagnostics.filter((d) => d.readme === readme).map((d) => d.text);
        console.error(`✗ ${readme}\n${texts.join('\n')}`);
      }
      const missingDist = /Cannot find module '@swarmlift\//.test(output);
      if (missingDist) {
        console.error('hint: a @swarmlift package was not found: build it first (`pnpm build`).');
      }
      process.exitCode = 1;
    }
  }
  if (skipped.length > 0) {
    console.log(`  not checked (<!-- not-checked -->): ${skipped.join(', ')}`);
  }
} finally {
  if (!keep) for (const base of usedBases) removeRunFolder(base);
}
