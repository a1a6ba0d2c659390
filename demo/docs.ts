/**
 * The element reference page: one section per element of
 * `custom-elements.json`, with tables of its public API and a live example
 * taken from the page's `<template data-example>` (its markup is shown as
 * written). Built with DOM calls and `textContent` only: the page runs under
 * Trusted Types, and the manifest is data, never markup.
 */
/// <reference types="vite/client" />
import '../src/define/index.js';
import manifestUrl from '../custom-elements.json?url';
import { wireLanguageSwitch, wireThemeSwitch } from './page-switches.js';

interface Described {
  name: string;
  description?: string;
  summary?: string;
  type?: { text: string };
  default?: string;
}
interface Member extends Described {
  kind: string;
  privacy?: string;
  static?: boolean;
  readonly?: boolean;
  attribute?: string;
}
interface Declaration extends Described {
  tagName?: string;
  attributes?: (Described & { fieldName?: string })[];
  members?: Member[];
  events?: Described[];
  slots?: Described[];
  cssParts?: Described[];
  cssProperties?: Described[];
}
interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

wireThemeSwitch(document.querySelector<HTMLSelectElement>('#theme')!);
wireLanguageSwitch(document.querySelector<HTMLSelectElement>('#language')!);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.append(...children);
  return node;
}

/** Manifest prose with `backticks` as code, as text nodes: never parsed as markup. */
function prose(text = ''): Node[] {
  return text.split('`').map((part, i) => (i % 2 ? el('code', part) : document.createTextNode(part)));
}

function table(caption: string, columns: string[], rows: (Node | string)[][]): HTMLElement {
  const head = el('tr', ...columns.map((column) => Object.assign(el('th', column), { scope: 'col' })));
  return el('table', Object.assign(el('caption', caption), { className: 'visually-hidden' }), el('thead', head), el('tbody', ...rows.map((cells) => el('tr', ...cells.map((cell) => el('td', cell))))));
}

const code = (text = '') => el('code', text);
const span = (...nodes: Node[]) => el('span', ...nodes);

/** One API table under its heading, or nothing when the element has none of that kind. */
function apiTable(id: string, title: string, columns: string[], rows: (Node | string)[][]): HTMLElement[] {
  if (!rows.length) return [];
  const heading = Object.assign(el('h3', title), { id });
  const block = table(title, columns, rows);
  block.className = 'api';
  block.dataset['api'] = title.toLowerCase().replace(/\s+/g, '-');
  return [heading, block];
}

function example(tag: string): HTMLElement[] {
  const template = document.querySelector<HTMLTemplateElement>(`template[data-example="${tag}"]`);
  if (!template) return [];
  const source = template.innerHTML.trim();
  const live = el('div');
  live.className = 'example';
  live.dataset['exampleOf'] = tag;
  // The provider example is shown only: this whole page runs inside one.
  if (template.hasAttribute('data-static')) live.append(...prose('This page itself runs inside a `<jodo-provider>`: every example below shares its client and poller.'));
  else live.append(template.content.cloneNode(true));
  return [el('h3', 'Example'), live, el('pre', code(source))];
}

function section(declaration: Declaration): HTMLElement {
  const tag = declaration.tagName!;
  const fields = new Set((declaration.attributes ?? []).map((attribute) => attribute.fieldName));
  const properties = (declaration.members ?? []).filter(
    (member) => member.kind === 'field' && !member.static && member.privacy !== 'private' && member.privacy !== 'protected' && !fields.has(member.name),
  );
  const id = (kind: string) => `${tag}-${kind}`;
  const heading = Object.assign(el('h2', code(`<${tag}>`)), { id: tag });
  const node = el(
    'section',
    heading,
    el('p', el('strong', ...prose(declaration.summary))),
    el('p', ...prose(declaration.description)),
    ...example(tag),
    ...apiTable(id('attributes'), 'Attributes', ['Attribute', 'Property', 'Type', 'Default', 'Description'], (declaration.attributes ?? []).map((a) => [code(a.name), code(a.fieldName), code(a.type?.text), code(a.default), span(...prose(a.description))])),
    ...apiTable(id('properties'), 'Properties', ['Property', 'Type', 'Description'], properties.map((p) => [code(p.name), code(`${p.readonly ? 'readonly ' : ''}${p.type?.text ?? ''}`), span(...prose(p.description))])),
    ...apiTable(id('events'), 'Events', ['Event', 'Description'], (declaration.events ?? []).map((e) => [code(e.name), span(...prose(e.description))])),
    ...apiTable(id('slots'), 'Slots', ['Slot', 'Description'], (declaration.slots ?? []).map((s) => [code(s.name || '(default)'), span(...prose(s.description))])),
    ...apiTable(id('parts'), 'CSS parts', ['Part', 'Description'], (declaration.cssParts ?? []).map((p) => [code(`::part(${p.name})`), span(...prose(p.description))])),
    ...apiTable(id('css-properties'), 'CSS custom properties', ['Property', 'Default', 'Description'], (declaration.cssProperties ?? []).map((p) => [code(p.name), code(p.default), span(...prose(p.description))])),
  );
  node.className = 'element card';
  node.dataset['tag'] = tag;
  node.setAttribute('aria-labelledby', tag);
  return node;
}

const reference = document.querySelector<HTMLElement>('#reference')!;
const status = document.querySelector<HTMLElement>('#reference-status')!;
try {
  const response = await fetch(manifestUrl);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const manifest = (await response.json()) as Manifest;
  const declarations = manifest.modules.flatMap((mod) => mod.declarations ?? []).filter((declaration) => declaration.tagName);
  // The provider first: everything else goes inside it.
  declarations.sort((a, b) => Number(b.tagName === 'jodo-provider') - Number(a.tagName === 'jodo-provider'));
  document.querySelector('#toc')!.append(...declarations.map((d) => el('li', Object.assign(el('a', code(`<${d.tagName}>`)), { href: `#${d.tagName}` }))));
  reference.append(...declarations.map(section));
  status.textContent = `${declarations.length} elements.`;
  status.className = 'visually-hidden';
} catch (error) {
  status.textContent = `custom-elements.json could not be read (${(error as Error).message}): run npm run manifest.`;
  status.className = 'error';
} finally {
  reference.removeAttribute('aria-busy');
}
