/**
 * The message catalogue is complete: every message the source uses (as
 * lit-localize extracts it) has a translation in every target language's
 * XLIFF and in the generated locale module, with the same placeholders, and
 * the generated modules say what the XLIFF says (`npm run i18n:build` was
 * run). A new string without a translation fails here.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { readConfigFileAndWriteSchema } from '@lit/localize-tools/lib/config.js';
import type { Message, Placeholder, ProgramMessage } from '@lit/localize-tools/lib/messages.js';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';
import type { RuntimeOutputConfig } from '@lit/localize-tools/lib/types/modes.js';
import { AGENT_STATES, isAgentState } from '../../src/api/codes.js';
import { allLocales, sourceLocale, targetLocales } from '../../src/i18n/locale-codes.js';
import { supportedLocale } from '../../src/i18n/supported-locale.js';
import { agentStateLabel } from '../../src/messages/agent-state-label.js';

const config = readConfigFileAndWriteSchema('lit-localize.json') as ReturnType<typeof readConfigFileAndWriteSchema> & { output: RuntimeOutputConfig };
const localizer = new RuntimeLitLocalizer(config);

/** A `str` or `html` template of a generated module: its static text and the indices of its expressions. */
interface GeneratedTemplate {
  strings: readonly string[];
  values: readonly unknown[];
}
type Generated = string | GeneratedTemplate;

let source: Map<string, ProgramMessage>;
let translations: Map<string, Message[]>;
const generated = new Map<string, Record<string, Generated>>();

const isPlaceholder = (part: string | Placeholder): part is Placeholder => typeof part !== 'string';
/** Placeholders of a message, as the translator must keep them (in any order). */
const placeholdersOf = (message: Message) => message.contents.filter(isPlaceholder).map((p) => p.untranslatable).sort();
/** A placeholder's `${…}` are expressions; the rest of it (markup, the spaces between expressions) is the template's text. */
const EXPRESSION = /\$\{[^}]*\}/g;
const textOf = (message: Message) => message.contents.map((part) => (typeof part === 'string' ? part : part.untranslatable.replace(EXPRESSION, ''))).join('');

before(async () => {
  const extracted = localizer.extractSourceMessages();
  assert.deepEqual(extracted.errors.map((e) => String(e.messageText)), [], 'lit-localize reads every msg() call');
  source = new Map(extracted.messages.map((m) => [m.name, m]));
  translations = localizer.readTranslationsSync().translations;
  for (const locale of targetLocales) {
    const module = (await import(`../../src/i18n/locales/${locale}.ts`)) as { templates: Record<string, Generated> };
    generated.set(locale, module.templates);
  }
});

describe('message catalogue', () => {
  it('finds the messages of every element', () => {
    // A sanity floor: the elements say far more than this; an extraction that finds little is broken.
    assert.ok(source.size > 150, `${source.size} messages`);
    for (const text of ['Ready', 'Customer', 'Save wrap-up', 'Send now', 'Copy link', 'Jodo: not connected']) {
      assert.ok([...source.values()].some((m) => textOf(m) === text), `"${text}" goes through msg()`);
    }
  });

  for (const locale of ['hi', 'ar'] as const) {
    describe(locale, () => {
      it('the XLIFF translates every message, keeping its placeholders', () => {
        const byName = new Map((translations.get(locale) ?? []).map((m) => [m.name, m]));
        const missing: string[] = [];
        for (const [name, message] of source) {
          const translation = byName.get(name);
          if (!translation || textOf(translation).trim() === '' && placeholdersOf(translation).length === 0) {
            missing.push(`${name} "${textOf(message)}"`);
            continue;
          }
          assert.deepEqual(placeholdersOf(translation), placeholdersOf(message), `xliff/${locale}.xlf ${name}: placeholders of "${textOf(message)}"`);
        }
        assert.deepEqual(missing, [], `untranslated in xliff/${locale}.xlf: run npm run i18n:extract and translate`);
      });

      it('the generated module has every message, as the XLIFF says it (npm run i18n:build)', () => {
        const templates = generated.get(locale)!;
        const byName = new Map((translations.get(locale) ?? []).map((m) => [m.name, m]));
        for (const [name, message] of source) {
          const template = templates[name];
          assert.ok(template !== undefined, `src/i18n/locales/${locale}.ts lacks ${name} "${textOf(message)}": run npm run i18n:build`);
          // Expressions with only spaces between them are one placeholder (`${label} ${problem}`).
          const expressions = message.contents.filter(isPlaceholder).reduce((n, p) => n + (p.untranslatable.match(EXPRESSION)?.length ?? 0), 0);
          if (typeof template === 'string') {
            assert.equal(expressions, 0, `${locale} ${name}: a plain string for a message with expressions`);
            assert.equal(template, textOf(byName.get(name)!), `${locale} ${name}: the module is older than the XLIFF`);
          } else {
            assert.deepEqual([...template.values].map(Number).sort(), [...Array(expressions).keys()], `${locale} ${name}: every expression of "${textOf(message)}" once`);
            assert.equal(template.strings.join(''), textOf(byName.get(name)!), `${locale} ${name}: the module is older than the XLIFF`);
          }
        }
      });
    });
  }

  it('the languages of lit-localize.json are the ones the toolbar chooses from', () => {
    assert.equal(config.sourceLocale, sourceLocale);
    assert.deepEqual([...config.targetLocales].sort(), [...targetLocales].sort());
    for (const locale of allLocales) assert.equal(supportedLocale(locale)?.locale, locale);
    assert.equal(supportedLocale('hi-IN')?.locale, 'hi');
    assert.equal(supportedLocale('ar_EG')?.locale, 'ar');
    assert.equal(supportedLocale('fr'), undefined);
  });

  it("agent states' English labels are the codes table's", () => {
    for (const [code, label] of Object.entries(AGENT_STATES)) {
      const state = Number(code);
      assert.ok(isAgentState(state));
      assert.equal(agentStateLabel(state), label, `state ${code}`);
    }
  });
});
