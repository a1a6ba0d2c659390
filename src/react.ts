/**
 * React 19 JSX types for the Jodo tags (`jodo-toolbar/react`, types only):
 * `import type {} from 'jodo-toolbar/react';` once in the app.
 *
 * Each tag's own props come from the manifest (tag-props.ts): its writable
 * properties (React 19 sets a prop as the property when the element has one:
 * `dispositions={[…]}`, `dock="bottom"`), its multi-word attributes
 * (`session-url="/jodo/session"`, which React writes as attributes) and an
 * `on<event-name>` prop per event it fires, with the event's class. This file
 * adds React's own HTML attributes and `ref`.
 */
import type { HTMLAttributes, RefAttributes } from 'react';
import type { JodoOwnProps, JodoTag } from './tag-props.js';

export type { JodoEventName } from './tag-props.js';

/** The props of one tag: its own, React's HTML attributes (its own win where names meet) and a `ref` to the element. */
export type JodoElementProps<Tag extends JodoTag> = Omit<HTMLAttributes<HTMLElementTagNameMap[Tag]>, keyof JodoOwnProps<Tag>> &
  RefAttributes<HTMLElementTagNameMap[Tag]> &
  JodoOwnProps<Tag>;

/** Every Jodo tag with its props. */
export type JodoIntrinsicElements = { [Tag in JodoTag]: JodoElementProps<Tag> };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends JodoIntrinsicElements {}
  }
}
