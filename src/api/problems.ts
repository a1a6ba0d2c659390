/**
 * What is wrong with a request, field by field, read from its schema: the one
 * classification both the client (to name every bad field before sending)
 * and the sandbox (to answer the document's code for it) use.
 */
import type { JodoMethod } from './codes.js';
import type { ValidationIssue } from './errors.js';
import { MESSAGES } from './field-messages.js';
import { CallInput, REQUEST_SCHEMAS } from './schemas.js';

/** `missing`: absent or null; `blank`: only white space; `wrong-type`: not the JSON type the field takes; `invalid`: a bad value. */
export type ProblemKind = 'missing' | 'blank' | 'wrong-type' | 'invalid';

export interface RequestProblem {
  /** Where the problem is (`['data', 0, 'mobilenumber']`). */
  path: PropertyKey[];
  /** The path dotted (`data.0.mobilenumber`); `request` for the request as a whole. */
  field: string;
  kind: ProblemKind;
  /** What a person should fix, to follow the field name. */
  message: string;
}

interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  errors?: SchemaIssue[][];
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** True when the value has the wrong JSON type altogether (not a bad value of the right type). */
function isTypeIssue(issue: SchemaIssue): boolean {
  if (issue.code === 'invalid_type') return true;
  if (issue.code === 'invalid_union') return (issue.errors ?? []).every((branch) => branch.every(isTypeIssue));
  return false;
}

function classify(issue: SchemaIssue, request: unknown): RequestProblem {
  const value = valueAt(request, issue.path);
  const field = issue.path.map(String).join('.') || 'request';
  const problem = (kind: ProblemKind, message: string): RequestProblem => ({ path: issue.path, field, kind, message });
  // A rule that says why a value is needed ("required when searchparam is daterange") says it best.
  if (value === undefined || value === null) return problem('missing', issue.code === 'custom' ? issue.message : MESSAGES.required);
  if (typeof value === 'string' && value.trim() === '') return problem('blank', MESSAGES.filled);
  if (isTypeIssue(issue)) return problem('wrong-type', MESSAGES.wrongType);
  const specific = issue.code === 'invalid_union' ? issue.errors?.flat().find((i) => !isTypeIssue(i)) : issue;
  return problem('invalid', specific?.message ?? issue.message);
}

function problemsOf(schema: { safeParse(input: unknown): { success: boolean; error?: { issues: unknown[] } } }, input: unknown): RequestProblem[] {
  const result = schema.safeParse(input);
  return result.success ? [] : (result.error!.issues as SchemaIssue[]).map((issue) => classify(issue, input));
}

/** Every problem of a method's request, in the schema's (the document's) field order; empty when it is valid. */
export function requestProblems(method: JodoMethod, request: unknown): RequestProblem[] {
  return problemsOf(REQUEST_SCHEMAS[method], request);
}

/** Every problem of a call the page or a dialer names (`CallInput`: the fields' request rules); empty when it is valid. */
export function callProblems(call: unknown): RequestProblem[] {
  return problemsOf(CallInput, call);
}

/** Validates a method's parameters; the issues name every bad field, in order. */
export function validateRequest(method: JodoMethod, params: unknown): ValidationIssue[] {
  return requestProblems(method, params).map(({ field, message }) => ({ field, message }));
}
