// Single-file components for the typechecker (tsc reads no .vue; vite compiles them).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<{ me: { login: string; role: string } }>;
  export default component;
}
