/**
 * Svelte 5 types for the Jodo tags (`jodo-toolbar/svelte`, types only):
 * `import type {} from 'jodo-toolbar/svelte';` once in the app (its `main.ts`),
 * and svelte-check knows every tag.
 *
 * Each tag's own props come from the manifest (tag-props.ts), as React's do:
 * Svelte 5 also sets a prop as the element's property when the element has
 * one (`{dispositions}`, `dock="bottom"`), writes the others as attributes
 * (`session-url="/jodo/session"`), and adds `on<event-name>` as a listener,
 * here with the event's class (`onjodo-status-change={(event) => …}` gets a
 * `JodoStatusChangeEvent`). This file adds Svelte's own HTML attributes.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { JodoOwnProps, JodoTag } from './tag-props.js';

export type { JodoEventName } from './tag-props.js';

/** A tag's own props, each also `null` (unset), as Svelte's own attributes take it: `dock={docked ? 'top' : null}`. */
type Nullable<Props> = { [Name in keyof Props]?: Props[Name] | null };

/** The attributes of one tag in a Svelte template: its own, and Svelte's HTML attributes (its own win where names meet). */
export type JodoSvelteAttributes<Tag extends JodoTag> = Omit<HTMLAttributes<HTMLElementTagNameMap[Tag]>, keyof JodoOwnProps<Tag>> & Nullable<JodoOwnProps<Tag>>;

/** Every Jodo tag with its attributes. */
export type JodoSvelteElements = { [Tag in JodoTag]: JodoSvelteAttributes<Tag> };

declare module 'svelte/elements' {
  interface SvelteHTMLElements extends JodoSvelteElements {}
}
