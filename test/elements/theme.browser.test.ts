/**
 * Theming: a page's `--jodo-*` tokens reach every element, the theme files
 * force light or dark whatever the system says, each is accessible (axe's
 * contrast rules included), and Windows high contrast keeps every edge.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/jodo-toolbar.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import { BASE_TOKENS } from '../../src/styles/tokens.js';
import { ENDPOINT, clearOutbox, control, until } from '../helpers/browser-sandbox.js';

const DISPOSITIONS = [{ id: 1, name: 'Interested', reasons: [{ id: 1, name: 'Callback requested' }] }];
const token = (name: string, scheme: 'light' | 'dark') => {
  const found = BASE_TOKENS.find((t) => t.name === name)!;
  return scheme === 'dark' ? found.dark ?? found.light : found.light;
};

/** A colour as the browser computes it (`#1b1f27` -> `rgb(27, 31, 39)`). */
function computed(colour: string): string {
  const probe = document.createElement('span');
  probe.style.color = colour;
  document.body.append(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  return value;
}

/** The theme files, linked as a CRM page would. */
async function linkThemes(): Promise<void> {
  for (const scheme of ['light', 'dark']) {
    if (document.querySelector(`link[data-theme=${scheme}]`)) continue;
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: `/src/themes/${scheme}.css` });
    link.dataset['theme'] = scheme;
    const loaded = new Promise((resolve, reject) => ((link.onload = resolve), (link.onerror = reject)));
    document.head.append(link);
    await loaded;
  }
}

async function setup(themeClass = '') {
  const provider = await fixture<JodoProvider>(html`<div class=${themeClass}><jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval="300">
    <jodo-status></jodo-status>
    <jodo-disposition open dispositions=${JSON.stringify(DISPOSITIONS)}></jodo-disposition>
    <jodo-toolbar dispositions=${JSON.stringify(DISPOSITIONS)}></jodo-toolbar>
  </jodo-provider></div>`).then((wrapper) => wrapper.querySelector('jodo-provider')!);
  const status = provider.querySelector('jodo-status')!;
  const disposition = provider.querySelector('jodo-disposition')!;
  const toolbar = provider.querySelector('jodo-toolbar')!;
  await until(() => status.state === 1, 'the agent is Ready');
  const inside = (host: Element, selector: string) => host.shadowRoot!.querySelector<HTMLElement>(selector)!;
  return { provider, status, disposition, toolbar, inside };
}

/** Chromium emulates media features through CDP; false where the browser cannot. */
const emulate = (features: { name: string; value: string }[]) => executeServerCommand<boolean, { features: typeof features }>('jodo-emulate-media', { features });

describe('theming', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    await clearOutbox();
    await linkThemes();
  });
  afterEach(async () => {
    await emulate([{ name: 'prefers-color-scheme', value: '' }, { name: 'forced-colors', value: '' }]);
  });

  it("takes a page's tokens from any ancestor: the brand colour on buttons, the font, the radius", async () => {
    const { provider, disposition, inside } = await setup();
    provider.parentElement!.classList.add('brand');
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.brand { --jodo-accent: rgb(107, 33, 168); --jodo-on-accent: rgb(255, 255, 255); --jodo-radius: 0px; --jodo-font: monospace; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      const submit = inside(disposition, '[part=submit]');
      expect(getComputedStyle(submit).backgroundColor).to.equal('rgb(107, 33, 168)');
      expect(getComputedStyle(submit).borderTopLeftRadius).to.equal('0px');
      expect(getComputedStyle(inside(disposition, '[part=base]')).fontFamily).to.contain('monospace');
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`the ${scheme} theme file themes every element and passes axe, contrast included`, async () => {
      const { status, disposition, toolbar, inside } = await setup(`jodo-theme-${scheme}`);
      expect(getComputedStyle(inside(disposition, '[part=base]')).color).to.equal(computed(token('--jodo-text', scheme)));
      expect(getComputedStyle(inside(disposition, '[part=submit]')).backgroundColor).to.equal(computed(token('--jodo-accent', scheme)));
      expect(getComputedStyle(toolbar).backgroundColor).to.equal(computed(token('--jodo-surface', scheme)));
      // Native controls (selects, date pickers) follow the scheme too.
      expect(getComputedStyle(inside(disposition, 'select')).colorScheme).to.equal(scheme);
      // The state pill keeps its own dark-on-colour text in both schemes.
      expect(getComputedStyle(inside(status, '[part=base]')).color).to.equal(computed(token('--jodo-on-state', scheme)));
      await expect(disposition).to.be.accessible();
      await expect(toolbar).to.be.accessible();
      await expect(status).to.be.accessible();
    });
  }

  it('follows the system scheme without a theme class, and a theme class overrides the system', async function () {
    if (!(await emulate([{ name: 'prefers-color-scheme', value: 'dark' }]))) {
      // Firefox (BiDi) and WebKit (WebDriver) cannot emulate media features here: the system scheme is light there.
      expect(matchMedia('(prefers-color-scheme: dark)').matches).to.be.false;
      const { toolbar } = await setup();
      expect(getComputedStyle(toolbar).backgroundColor).to.equal(computed(token('--jodo-surface', 'light')));
      return;
    }
    expect(matchMedia('(prefers-color-scheme: dark)').matches).to.be.true;
    const system = await setup();
    expect(getComputedStyle(system.toolbar).backgroundColor).to.equal(computed(token('--jodo-surface', 'dark')));
    await expect(system.disposition).to.be.accessible();
    const forced = await setup('jodo-theme-light');
    expect(getComputedStyle(forced.toolbar).backgroundColor).to.equal(computed(token('--jodo-surface', 'light')));
    expect(getComputedStyle(forced.inside(forced.disposition, 'select')).colorScheme).to.equal('light');
  });

  it('in forced colors (Windows high contrast) every control and the state pill keep a visible edge', async () => {
    if (!(await emulate([{ name: 'forced-colors', value: 'active' }]))) {
      // Firefox and WebKit cannot emulate it here; the rules are CSS only, checked in Chromium (Edge's engine).
      expect(matchMedia('(forced-colors: active)').matches).to.be.false;
      return;
    }
    expect(matchMedia('(forced-colors: active)').matches).to.be.true;
    const { status, disposition, toolbar, inside } = await setup();
    const pill = getComputedStyle(inside(status, '[part=base]'));
    expect(pill.borderTopStyle).to.equal('solid');
    expect(parseFloat(pill.borderTopWidth)).to.be.at.least(1);
    for (const control of [inside(disposition, '[part=submit]'), inside(disposition, 'select'), inside(disposition, 'textarea')]) {
      const style = getComputedStyle(control);
      expect(style.borderTopStyle, control.localName).to.equal('solid');
      // The system's colours, not ours: the edge differs from the background.
      expect(style.borderTopColor, control.localName).to.not.equal(style.backgroundColor);
    }
    await expect(disposition).to.be.accessible();
    await expect(toolbar).to.be.accessible();
  });
});
