import { JodoDiagnostics } from '../elements/diagnostics/diagnostics.js';

JodoDiagnostics.define('jodo-diagnostics');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-diagnostics': JodoDiagnostics;
  }
}
