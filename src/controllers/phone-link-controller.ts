import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { findPhoneNumbers } from '../phone/find-phone-numbers.js';

/** Where numbers are never linked: form fields, code, editable text, links and buttons, and what the page opts out. */
export const NO_LINK_SELECTOR = [
  'a',
  'button',
  'input',
  'textarea',
  'select',
  'option',
  'script',
  'style',
  'template',
  'noscript',
  'code',
  'pre',
  'kbd',
  'samp',
  'svg',
  'math',
  '[contenteditable]:not([contenteditable="false"])',
  '[data-jodo-no-dial]',
].join(', ');

/** After the page stops changing its content for this long, the changed parts are scanned. */
const DEBOUNCE_MS = 100;
const MAX_WAIT_MS = 500;

export interface PhoneLinkOptions {
  /** Whether the host scans now. */
  enabled: () => boolean;
  /** The element standing for one number found in the text, with that text inside. */
  link: (written: string) => Element;
}

/**
 * Turns the phone numbers in its host's light DOM into links: each number in
 * a text node is replaced by `link(number)`, the text around it kept as it
 * was, so the page's markup and styles stay. Skips `NO_LINK_SELECTOR` and
 * links made before (it is idempotent), and scans again what the page adds
 * or changes, debounced. Nothing is observed while disconnected or disabled.
 */
export class PhoneLinkController implements ReactiveController {
  private observer: MutationObserver | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly pending = new Set<Node>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: PhoneLinkOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdated(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Scans everything now (it is also done on its own, after changes). */
  scanNow(): void {
    this.pending.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.scan(this.host);
    this.observer?.takeRecords();
  }

  private sync(): void {
    const wanted = this.host.isConnected && this.options.enabled();
    if (wanted && !this.observer) {
      this.observer = new MutationObserver((records) => this.changed(records));
      this.observer.observe(this.host, { childList: true, subtree: true, characterData: true });
      this.scanNow();
    } else if (!wanted && this.observer) this.stop();
  }

  private stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.firstPending = undefined;
  }

  private changed(records: MutationRecord[]): void {
    for (const record of records) {
      if (record.type === 'characterData') this.pending.add(record.target);
      else record.addedNodes.forEach((node) => this.pending.add(node));
    }
    if (this.pending.size === 0) return;
    // Debounced, but never longer than MAX_WAIT_MS: content that changes all the time still gets its numbers linked.
    this.firstPending ??= Date.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), Date.now() - this.firstPending >= MAX_WAIT_MS - DEBOUNCE_MS ? 0 : DEBOUNCE_MS);
  }

  private firstPending: number | undefined;

  private flush(): void {
    this.timer = undefined;
    this.firstPending = undefined;
    const nodes = [...this.pending];
    this.pending.clear();
    for (const node of nodes) if (node.isConnected && this.host.contains(node) && !this.excluded(node.parentNode)) this.scan(node);
    // What the scan itself changed needs no scan.
    this.observer?.takeRecords();
  }

  /** A node under an element of `NO_LINK_SELECTOR` (or a link made before), up to the host. */
  private excluded(node: Node | null): boolean {
    for (let element = node instanceof Element ? node : node?.parentElement; element && element !== this.host; element = element.parentElement) {
      if (this.skips(element)) return true;
    }
    return false;
  }

  private skips(element: Element): boolean {
    return element.localName === this.host.localName || element.matches(NO_LINK_SELECTOR) || (element instanceof HTMLElement && element.isContentEditable);
  }

  private scan(root: Node): void {
    const texts: Text[] = [];
    if (root instanceof Text) texts.push(root);
    else if (root instanceof Element && root !== this.host && this.skips(root)) return;
    else {
      const walker = (root.ownerDocument ?? document).createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
        acceptNode: (node) => (node instanceof Element ? (this.skips(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP) : NodeFilter.FILTER_ACCEPT),
      });
      for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
    }
    for (const text of texts) this.link(text);
  }

  private link(text: Text): void {
    const content = text.data;
    if (!/\d/.test(content)) return;
    const found = findPhoneNumbers(content);
    if (found.length === 0) return;
    const parts: (string | Node)[] = [];
    let at = 0;
    for (const { start, end, text: written } of found) {
      if (start > at) parts.push(content.slice(at, start));
      parts.push(this.options.link(written));
      at = end;
    }
    if (at < content.length) parts.push(content.slice(at));
    text.replaceWith(...parts);
  }
}
