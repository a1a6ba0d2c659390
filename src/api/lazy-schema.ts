/**
 * A schema built the first time it is used instead of when its module runs.
 * zod/mini builds every schema object as the module is evaluated, and the
 * nine methods' request and response schemas are much of the script tag's
 * start-up (bench/RESULTS.md, start-up); a page that sends one method pays
 * for one. The proxy hands every operation to the built schema, so callers
 * (`safeParse`, `z.array(x)`, `instanceof`) cannot tell the difference.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = () => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    // The stand-in target has none of the schema's properties: each is reported configurable, as a proxy must.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
