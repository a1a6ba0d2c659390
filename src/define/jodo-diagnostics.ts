/** Registers <jodo-diagnostics>: importing this module defines the element (the side-effect entry the package exports). */
import { JodoDiagnostics } from '../elements/diagnostics/diagnostics.js';

JodoDiagnostics.define('jodo-diagnostics');

declare global {
  interface HTMLElementTagNameMap {
    'jodo-diagnostics': JodoDiagnostics;
  }
}
