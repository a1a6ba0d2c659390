/**
 * An attribute that holds JSON (outcome lists, templates): no attribute is
 * `undefined`, JSON that does not parse is `null`, which the element shows as
 * a configuration error instead of failing silently.
 */
export const jsonAttribute = {
  fromAttribute(value: string | null): unknown {
    if (!value) return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return null;
    }
  },
};
