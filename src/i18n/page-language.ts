/**
 * Keeps the page's one locale in step with what the page declares: the
 * first connected `<jodo-provider>`'s `lang`, else its nearest `[lang]`
 * ancestor (`<html lang>`), else the browser's languages. One
 * MutationObserver watches `lang` attributes while any provider is
 * connected, and is disconnected when the last one goes.
 */
import { declaredLanguage } from './declared-language.js';
import { switchLocale } from './localization.js';
import { chooseLocale } from './supported-locale.js';

/** Connected providers in order: the first one decides the page's language. */
const providers = new Set<Element>();
let observer: MutationObserver | undefined;

function browserLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

function follow(): void {
  const [decider] = providers;
  if (!decider) return;
  void switchLocale(chooseLocale(declaredLanguage(decider), browserLanguages()));
}

/** Follows the page's language for as long as `provider` is connected; call the returned function on disconnection. */
export function followPageLanguage(provider: Element): () => void {
  providers.add(provider);
  observer ??= new MutationObserver(follow);
  const watch = { attributes: true, attributeFilter: ['lang'] };
  observer.observe(document.documentElement, { ...watch, subtree: true });
  // A provider inside a shadow root is outside the document's subtree: watched itself too.
  observer.observe(provider, watch);
  follow();
  return () => {
    if (!providers.delete(provider)) return;
    if (providers.size) {
      follow();
      return;
    }
    observer?.disconnect();
    observer = undefined;
  };
}
