/**
 * Size: gzip bytes a CRM page downloads for the toolbar, beside a bare Lit
 * element built the same way and the best-known embeddable agent toolbar
 * script (Amazon Connect Streams, its minified release from the npm registry,
 * measured in the same run). Sizes are deterministic: one build is the
 * figure (no median needed), and `.size-limit.js` keeps them in CI.
 * `npx tsx bench/size.ts` runs it alone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
// @ts-expect-error: a plain .mjs build script without types
import { AUTOLOADER_NAME, AUTOLOAD_TAGS, buildAutoload, filesBefore } from '../scripts/autoload.mjs';
// @ts-expect-error: a plain .mjs build script without types
import { buildClassicScript, buildLocaleFiles, buildToolbarBundle } from '../scripts/bundle.mjs';
import { num, runAlone, table, type BenchOptions, type BenchSection, type Figure } from './lib/report.js';

/** kB as size-limit counts them: 1,000 bytes. */
const kB = (bytes: number) => bytes / 1000;
const gzip = (text: string) => gzipSync(text, { level: 9 }).length;

const SCRIPT_TAG_AIM = 20_000;
const ELEMENT_AIM = 12_000;
/** Issue 19: the legacy page's script before its first status paint, the autoloader alone, a provider and a status. */
const FIRST_PAINT_AIM = 20_000;
const LOADER_AIM = 3_000;
const PROVIDER_STATUS_AIM = 16_000;
/** What the legacy page shows before a call: the toolbar's shell, its status and their provider. */
const FIRST_PAINT_TAGS = ['jodo-provider', 'jodo-toolbar', 'jodo-status'];
/** The issue's figure for Amazon Connect Streams v2.20.1, used only when the registry cannot be reached. */
const STREAMS_PUBLISHED = { version: '2.20.1 (published figure: the registry was not reachable)', bytes: 169_000 };
const CACHE = '.jodo/bench-cache';
/** Measured the same way at commit 98df2ed, before this benchmark's fixes (gzip bytes). */
const BEFORE = { commit: '98df2ed', scriptTag: 86_672, status: 21_606 };

/** An ESM entry bundled alone with Lit, as .size-limit.js does it (languages left to their own chunks). */
async function esm(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2021',
    minify: true,
    legalComments: 'none',
    external: ['./locales/*'],
    write: false,
    tsconfig: 'tsconfig.json',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Minified bytes by part, from esbuild's metafile: of its one output, or of the outputs named (paths ending so). */
function composition(metafile: Metafile, outputs?: string[]): Map<string, number> {
  const parts = new Map<string, number>();
  const chosen = outputs ? Object.entries(metafile.outputs).filter(([path]) => outputs.some((name) => path.endsWith(`/${name}`) || path === name)).map(([, output]) => output) : [Object.values(metafile.outputs)[0]!];
  for (const output of chosen) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const part = partOf(file);
      parts.set(part, (parts.get(part) ?? 0) + bytesInOutput);
    }
  }
  return parts;
}

function partOf(file: string): string {
  if (/node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//.test(file)) return 'Lit (lit-html, reactive-element, lit-element)';
  if (file.includes('node_modules/zod/')) return 'zod/mini (request and response schemas)';
  const pkg = /node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(file);
  if (pkg) return `${pkg[1]}`;
  const element = /^src\/elements\/([^/]+)\//.exec(file);
  if (element) return `\`<jodo-${element[1]}>\``;
  const area = /^src\/([^/]+)\//.exec(file);
  return area ? `src/${area[1]}/` : file;
}

/** Amazon Connect Streams' minified release, from the npm registry (cached under .jodo/bench-cache). */
function streams(log: (line: string) => void): { version: string; bytes: number } {
  try {
    mkdirSync(CACHE, { recursive: true });
    const version = execFileSync('npm', ['view', 'amazon-connect-streams', 'version'], { encoding: 'utf8', timeout: 30_000 }).trim();
    const dir = join(CACHE, `amazon-connect-streams-${version}`);
    const file = join(dir, 'package/release/connect-streams-min.js');
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      execFileSync('npm', ['pack', `amazon-connect-streams@${version}`, '--pack-destination', dir, '--silent'], { timeout: 60_000 });
      const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'))!;
      execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
    }
    return { version, bytes: gzip(readFileSync(file, 'utf8')) };
  } catch (error) {
    log(`size: Amazon Connect Streams not fetched (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); using the published figure`);
    return STREAMS_PUBLISHED;
  }
}

const ELEMENTS = ['jodo-status', 'jodo-provider', 'jodo-disposition', 'jodo-recording-player', 'jodo-call-guide', 'jodo-outbox', 'jodo-click-to-call', 'jodo-team-board', 'jodo-toolbar'];

export async function run({ log }: BenchOptions): Promise<BenchSection> {
  log('size: building');
  const { text: script, metafile } = (await buildToolbarBundle({ metafile: true })) as { text: string; metafile: Metafile };
  const languages = (await buildLocaleFiles()) as Record<string, string>;
  const bareIife: string = await buildClassicScript('bench/fixtures/bare-element.ts');
  const bareEsm = await esm('bench/fixtures/bare-element.ts');
  const elements = new Map<string, number>();
  for (const tag of ELEMENTS) elements.set(tag, gzip(await esm(`src/define/${tag}.ts`)));
  const everyElementEsm = gzip(await esm('src/define/index.ts'));
  const parts = composition(metafile);
  const acs = streams(log);
  // Through the autoloader: what a page fetches (file by file, each gzipped, as a browser fetches them).
  const autoload = (await buildAutoload({ metafile: true })) as { files: Map<string, string>; metafile: Metafile };
  const fetched = (tags: string[]) => (filesBefore(autoload.files, tags) as string[]).reduce((sum, file) => sum + gzip(autoload.files.get(file)!), 0);
  const firstPaint = fetched(FIRST_PAINT_TAGS);
  const loaderBytes = gzip(autoload.files.get(AUTOLOADER_NAME)!);
  const providerStatus = fetched(['jodo-provider', 'jodo-status']);
  const firstPaintFiles = (filesBefore(autoload.files, FIRST_PAINT_TAGS) as string[]).filter((file) => file !== AUTOLOADER_NAME);
  const firstPaintParts = composition(autoload.metafile, firstPaintFiles);
  const firstPaintRaw = [...firstPaintParts.values()].reduce((a, b) => a + b, 0);
  const firstPaintShare = (part: string) => ((firstPaint - loaderBytes) * (firstPaintParts.get(part) ?? 0)) / firstPaintRaw;

  const scriptBytes = gzip(script);
  const bareIifeBytes = gzip(bareIife);
  const bareEsmBytes = gzip(bareEsm);
  const status = elements.get('jodo-status')!;
  const figures: Figure[] = [
    {
      name: 'Script-tag bundle (every element and the client), gzip',
      value: kB(scriptBytes),
      unit: 'kB',
      reference: { name: 'a bare Lit element, same build', value: kB(bareIifeBytes) },
      aim: '<= 20 kB',
      met: scriptBytes <= SCRIPT_TAG_AIM,
    },
    {
      name: 'Script-tag bundle against Amazon Connect Streams, gzip',
      value: kB(scriptBytes),
      unit: 'kB',
      reference: { name: `Amazon Connect Streams ${acs.version} (connect-streams-min.js)`, value: kB(acs.bytes) },
    },
    {
      name: "Legacy page's first paint through the autoloader (the loader, `<jodo-provider>`, `<jodo-toolbar>`, `<jodo-status>` and the chunks they import), gzip",
      value: kB(firstPaint),
      unit: 'kB',
      reference: { name: 'a bare Lit element, script tag', value: kB(bareIifeBytes) },
      aim: '<= 20 kB',
      met: firstPaint <= FIRST_PAINT_AIM,
    },
    {
      name: 'The autoloader alone (`jodo-autoloader.js`), gzip',
      value: kB(loaderBytes),
      unit: 'kB',
      reference: { name: 'a bare Lit element, script tag', value: kB(bareIifeBytes) },
      aim: '<= 3 kB',
      met: loaderBytes <= LOADER_AIM,
    },
    {
      name: 'A page with `<jodo-provider>` and `<jodo-status>` only, through the autoloader, gzip',
      value: kB(providerStatus),
      unit: 'kB',
      reference: { name: 'a bare Lit element, script tag', value: kB(bareIifeBytes) },
      aim: '<= 16 kB',
      met: providerStatus <= PROVIDER_STATUS_AIM,
    },
    {
      name: '`<jodo-status>` alone, ESM entry with Lit, gzip',
      value: kB(status),
      unit: 'kB',
      reference: { name: 'a bare Lit element, same build', value: kB(bareEsmBytes) },
      aim: '<= 12 kB',
      met: status <= ELEMENT_AIM,
    },
  ];

  const total = [...parts.values()].reduce((a, b) => a + b, 0);
  const byPart = [...parts.entries()].sort((a, b) => b[1] - a[1]);
  const minShare = (bytes: number) => (100 * bytes) / total;
  const markdown = [
    `Gzip level 9 of minified ES2021, licence comments left out; kB are 1,000 bytes, as size-limit counts them. Sizes do not vary between runs: one build is the figure. \`.size-limit.js\` holds a budget just above each size below, checked in \`npm test\` (test/size/size-budget.node.test.ts), so growth fails CI.`,
    '',
    '### Every entry',
    '',
    table(
      ['what a page loads', 'gzip kB', 'over a bare Lit element'],
      [
        ['`jodo-toolbar.js`: the script tag, every element and the client', kB(scriptBytes), `+${num(kB(scriptBytes - bareIifeBytes))} kB`],
        ...Object.entries(languages).map(([file, text]) => [`\`${file}\`: one language, fetched only when chosen`, kB(gzip(text)), '-']),
        ...[...elements].map(([tag, bytes]) => [`\`jodo-toolbar/define/${tag}\` alone (ESM, Lit included)`, kB(bytes), `+${num(kB(bytes - bareEsmBytes))} kB`]),
        ['`jodo-toolbar/define`: every element (ESM, Lit included)', kB(everyElementEsm), `+${num(kB(everyElementEsm - bareEsmBytes))} kB`],
        ['a bare Lit element, script tag', kB(bareIifeBytes), '-'],
        ['a bare Lit element, ESM', kB(bareEsmBytes), '-'],
        [`Amazon Connect Streams ${acs.version}, \`connect-streams-min.js\` (before its iframe loads)`, kB(acs.bytes), '-'],
      ],
    ),
    '',
    '### Through the autoloader',
    '',
    `\`jodo-autoloader.js\` (${num(kB(loaderBytes))} kB) defines each element when its tag first appears, importing that element's module from beside itself (\`scripts/autoload.mjs\`: one module per tag, the code they share in chunks). What a page fetches for each element, the loader included (chunks shared with elements already on the page are fetched once):`,
    '',
    table(
      ['element', 'gzip kB'],
      [[`the legacy page before its first status paint: ${FIRST_PAINT_TAGS.map((tag) => `\`<${tag}>\``).join(', ')}`, kB(firstPaint)], ...(AUTOLOAD_TAGS as string[]).map((tag): [string, number] => [`\`<${tag}>\``, kB(fetched([tag]))])],
    ),
    '',
    "The legacy page's first paint, by part (minified bytes of the modules in those files; gzip apportioned by them):",
    '',
    table(
      ['part', 'minified kB', '≈ gzip kB'],
      [...firstPaintParts.entries()].sort((a, b) => b[1] - a[1]).filter(([, bytes]) => bytes >= 500).map(([part, bytes]) => [part, kB(bytes), kB(firstPaintShare(part))]),
    ),
    '',
    `**What limits the first paint.** ${num(kB(firstPaint))} kB against 20. Lit with @lit/context and @lit/localize are about ${num(kB(firstPaintShare('Lit (lit-html, reactive-element, lit-element)') + firstPaintShare('@lit/context') + firstPaintShare('@lit/localize')))} kB, the floor of any Lit page with context and translations. zod/mini is no longer in it (${num(kB(firstPaintShare('zod/mini (request and response schemas)')))} kB): the first answers, userStatus and the gateway's session, are checked and read without it (\`src/api/user-status-answer.ts\`, held to the schemas by a test over generated answers, as the page's CSV reader is held to csv-parse), and the schemas come on the client's first other call; zod/mini's own floor is about 6 kB gzip however few schemas use it (the userStatus schemas alone bundle to 6.3 kB), so this took about 10 kB off. Also out of it: the outbox (its queue and IndexedDB store load once the page has started, behind a stand-in: \`src/outbox/lazy-outbox.ts\`) and each method's status tables (\`src/api/method-status.ts\`: about 0.5 kB). What remains of ours, and why each part is needed before the state shows: the client's transport (timeouts, the agent's token and its refresh, the typed errors: userStatus uses all of it, and the other methods add one line each), the status hub (the poller, and the tab link that decides at the first poll whether this tab polls for every tab: loaded later, every tab opened at once would poll on its own), the request log (the client stamps each request with Jodo's clock as it measured it), the session lookup (behind the gateway, the page learns the agent's login from it before it can poll), the keyboard shortcuts (an agent's first key press must work); then the status and the toolbar's shell. 20 kB would leave about 10 kB for everything of ours above Lit, context and translations: a bar drawn without them, which would no longer share one context and one language with the elements around it. The single-file script tag stays for those who want one file.`,
    '',
    '### Before and after',
    '',
    table(
      ['', `before (${BEFORE.commit}) kB`, 'now kB', 'what changed'],
      [
        ['`jodo-toolbar.js`', kB(BEFORE.scriptTag), kB(scriptBytes), 'Hindi and Arabic were inlined (an iife cannot split): each is now a file beside the script, imported from its address when chosen (`src/i18n/locale-loaders.script-tag.ts`)'],
        ['`<jodo-status>` alone', kB(BEFORE.status), kB(status), 'the poller imported one number (`MAX_IDS`) from the schemas module, and with it all of zod; limits and field texts now have modules of their own, and the status-code tables are marked pure so a bundle that reads none leaves them out'],
      ],
    ),
    '',
    '### What the script tag is made of',
    '',
    `Minified bytes of each part in \`jodo-toolbar.js\` (esbuild's metafile); gzip is apportioned by those bytes, so it is an estimate per part (the total is exact: ${num(kB(scriptBytes))} kB).`,
    '',
    table(
      ['part', 'minified kB', 'share', '≈ gzip kB'],
      byPart.map(([part, bytes]) => [part, kB(bytes), `${num(minShare(bytes), 1)}%`, kB((scriptBytes * bytes) / total)]),
    ),
    '',
    `**What limits the script tag.** It is every element and the client in one classic script, as a legacy portal needs it. Lit and @lit/* are ${num(kB((scriptBytes * ((parts.get('Lit (lit-html, reactive-element, lit-element)') ?? 0) + (parts.get('@lit/context') ?? 0) + (parts.get('@lit/localize') ?? 0) + (parts.get('@lit/task') ?? 0))) / total))} kB of it and the request and response schemas (zod/mini, one source of truth for the client and the sandbox) about ${num(kB((scriptBytes * (parts.get('zod/mini (request and response schemas)') ?? 0)) / total))} kB; the rest is the nine elements' own templates, styles and messages, the poller, the outbox and the client, none of which is a copy of another (\`duplicates\` is clean). 20 kB would hold Lit, zod and about two elements. What a page pays is cut by loading only the elements it uses: an app's bundler does that with the ESM entries (\`<jodo-status>\` alone is ${num(kB(status))} kB, within its aim), and the autoloader does it for legacy portals (above). Against the best-known embeddable toolbar script, ours is ${num((100 * scriptBytes) / acs.bytes, 0)}% of Amazon Connect Streams, which loads its agent panel in an iframe on top.`,
  ].join('\n');
  return { title: 'Size', figures, markdown };
}

await runAlone(import.meta.url, run);
