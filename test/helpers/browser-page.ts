/** Driving Debian's Chromium and Firefox ESR from Node tests (puppeteer-core; no browser downloads). */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export type Engine = 'chromium' | 'firefox';

/** Launches an engine headless, without its background network traffic (the network here is closed). */
export function launchBrowser(engine: Engine, extraChromiumArgs: string[] = []): Promise<Browser> {
  return engine === 'firefox'
    ? puppeteer.launch({ browser: 'firefox', executablePath: process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr', headless: true })
    : puppeteer.launch({
        executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraChromiumArgs],
      });
}

/** Walks a path of selectors through shadow roots; the text (or a property) of what it finds. */
export async function deep(page: Page, path: string[], property = 'textContent'): Promise<string | null> {
  return page.evaluate(
    (path, property) => {
      let node: Element | Document | null = document;
      for (const selector of path) {
        const root: ParentNode = node instanceof Element && node.shadowRoot ? node.shadowRoot : (node as ParentNode);
        node = root.querySelector(selector);
        if (!node) return null;
      }
      // An element's text is what it renders, in its shadow root.
      const source = property === 'textContent' && node instanceof Element && node.shadowRoot ? node.shadowRoot : node;
      const value = (source as unknown as Record<string, unknown>)[property];
      return value === undefined || value === null ? null : String(value);
    },
    path,
    property,
  );
}

/** Acts on the element at the end of a shadow path: `click`, `choose` a value (a change event) or `type` one (an input event). */
export function onDeep(page: Page, path: string[], action: string, value?: string): Promise<void> {
  return page.evaluate(
    (path, action, value) => {
      let node: Element | Document | null = document;
      for (const selector of path) {
        const root: ParentNode = node instanceof Element && node.shadowRoot ? node.shadowRoot : (node as ParentNode);
        node = root.querySelector(selector);
        if (!node) throw new Error(`no ${selector}`);
      }
      const el = node as HTMLInputElement;
      if (action === 'click') el.click();
      if (action === 'choose') {
        el.value = value!;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }
      if (action === 'type') {
        el.value = value!;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
    },
    path,
    action,
    value,
  );
}

export async function waitForDeep(page: Page, path: string[], pattern: RegExp, property = 'textContent', timeout = 20000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await deep(page, path, property);
    if (value !== null && pattern.test(value)) return value;
    if (Date.now() > deadline) throw new Error(`${path.join(' >> ')} ${property} never matched ${pattern}: ${value}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Records every Content-Security-Policy violation of the pages the tab loads from now on (read with `violations`). */
export function recordViolations(page: Page): Promise<unknown> {
  return page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const store = ((window as unknown as { __violations?: string[] }).__violations ??= []);
      store.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
}

export function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);
}
