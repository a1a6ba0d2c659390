/**
 * The props of each Jodo tag for a framework's templates (types only), shared
 * by `jodo-toolbar/react` and `jodo-toolbar/svelte`: both frameworks set a
 * prop as the element's property when the element has one and add an
 * `on<event-name>` prop as a listener, so one view of the manifest serves both.
 *
 * custom-element-jsx-integration generates `react-jsx.generated.d.ts` from
 * `custom-elements.json` (`npm run manifest`): every writable property, the
 * multi-word attributes (`session-url`, which no property names) and an
 * `on<event-name>` prop per event. This fits them: each handler gets its
 * event's class (`onjodo-status-change` a `JodoStatusChangeEvent`), and a
 * multi-word attribute also takes text.
 */
import type {} from './define/index.js';
import type {} from './events/index.js';
import type { CustomElements } from './react-jsx.generated.js';

/** A Jodo event's name (each is typed in `GlobalEventHandlersEventMap` by `src/events/`). */
export type JodoEventName = Extract<keyof GlobalEventHandlersEventMap, `jodo-${string}`>;

/** Every Jodo tag that has props (all of them). */
export type JodoTag = keyof CustomElements & keyof HTMLElementTagNameMap;

/** The props the generator gives every tag alike (`class`, `style`, `ref`, …): the framework's own types stand for them. */
type GeneratorBase = keyof CustomElements[keyof CustomElements];

/** A tag's own props as generated, each `on<event>` handler with the event's class and each multi-word attribute also as text. */
export type JodoOwnProps<Tag extends keyof CustomElements> = {
  [Name in Exclude<keyof CustomElements[Tag], GeneratorBase>]?: Name extends `on${infer Event extends JodoEventName}`
    ? (event: GlobalEventHandlersEventMap[Event]) => void
    : Name extends `${string}-${string}`
      ? CustomElements[Tag][Name] | string
      : CustomElements[Tag][Name];
};
