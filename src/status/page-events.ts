/**
 * The page events the status hub follows while anyone listens: the browser
 * going online or offline, the page going into the back/forward cache or frozen
 * and coming back, and the tab coming into view.
 */
/** Arrow functions: the first three are the listeners themselves. */
export interface PageEventHandlers {
  online: () => void;
  offline: () => void;
  /** Into the back/forward cache, or frozen. */
  hide: () => void;
  /** Back from the back/forward cache, or unfrozen (a first load's pageshow is not told). */
  show: () => void;
  /** The tab came into view. */
  visible: () => void;
}

/** Follows the page's events until the function it returns is called. */
export function watchPage(on: PageEventHandlers): () => void {
  const doc = globalThis.document;
  const show = (event: Event) => {
    if (!(event instanceof PageTransitionEvent && !event.persisted)) on.show();
  };
  const events: [EventTarget | undefined, string, (event: Event) => void][] = [
    [globalThis, 'online', on.online],
    [globalThis, 'offline', on.offline],
    [globalThis, 'pagehide', on.hide],
    [globalThis, 'pageshow', show],
    [doc, 'visibilitychange', () => doc?.visibilityState === 'visible' && on.visible()],
    [doc, 'freeze', on.hide],
    [doc, 'resume', show],
  ];
  for (const [target, type, handler] of events) target?.addEventListener?.(type, handler);
  return () => {
    for (const [target, type, handler] of events) target?.removeEventListener?.(type, handler);
  };
}
