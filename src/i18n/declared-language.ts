/** The language the page declares for an element: its own `lang`, else the nearest ancestor's, up to `<html lang>`, across shadow roots. */
export function declaredLanguage(element: Element): string | undefined {
  for (let node: Node | null = element; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    // `lang=""` says "unknown": the browser's preferences decide then.
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang')!.trim() || undefined;
  }
  return undefined;
}
