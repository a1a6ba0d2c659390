/**
 * React 19 JSX types for the Jodo tags (`jodo-toolbar/react`, types only):
 * `import type {} from 'jodo-toolbar/react';` once in the app.
 *
 * The props of each tag are generated from `custom-elements.json` by
 * custom-element-jsx-integration (`npm run manifest` writes
 * `react-jsx.generated.d.ts`): the element's writable properties (React 19 sets
 * a prop as the property when the element has one: `dispositions={[…]}`,
 * `dock="bottom"`), its multi-word attributes (`session-url="/jodo/session"`,
 * which React writes as attributes) and an `on<event-name>` prop per event it
 * fires. This file fits them to React: React's own HTML attributes and `ref`,
 * each handler given its event's class (`onjodo-status-change={(event) => …}`
 * gets a `JodoStatusChangeEvent`), and attributes taking text as well.
 */
import type { HTMLAttributes, RefAttributes } from 'react';
import type {} from './define/index.js';
import type {} from './events/index.js';
import type { CustomElements } from './react-jsx.generated.js';

/** A Jodo event's name (each is typed in `GlobalEventHandlersEventMap` by `src/events/`). */
export type JodoEventName = Extract<keyof GlobalEventHandlersEventMap, `jodo-${string}`>;

/** The props the generator gives every tag alike (`class`, `style`, `ref`, …): React's own types stand for them. */
type GeneratorBase = keyof CustomElements[keyof CustomElements];

/** A tag's own props as generated, each `on<event>` handler with the event's class and each multi-word attribute also as text. */
type OwnProps<Tag extends keyof CustomElements> = {
  [Name in Exclude<keyof CustomElements[Tag], GeneratorBase>]?: Name extends `on${infer Event extends JodoEventName}`
    ? (event: GlobalEventHandlersEventMap[Event]) => void
    : Name extends `${string}-${string}`
      ? CustomElements[Tag][Name] | string
      : CustomElements[Tag][Name];
};

/** The props of one tag: its own, React's HTML attributes (its own win where names meet) and a `ref` to the element. */
export type JodoElementProps<Tag extends keyof CustomElements & keyof HTMLElementTagNameMap> = Omit<HTMLAttributes<HTMLElementTagNameMap[Tag]>, keyof OwnProps<Tag>> &
  RefAttributes<HTMLElementTagNameMap[Tag]> &
  OwnProps<Tag>;

/** Every Jodo tag with its props. */
export type JodoIntrinsicElements = { [Tag in keyof CustomElements & keyof HTMLElementTagNameMap]: JodoElementProps<Tag> };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends JodoIntrinsicElements {}
  }
}
