import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { Ajv } from '../ajv.js';
import { PACKAGE_ROOT } from '../paths.js';

/** The body schemas in schemas/bodies/, by file name without `.schema.json`. */
export type BodySchema =
  | 'oci-descriptor'
  | 'oci-image-manifest'
  | 'oci-image-index'
  | 'oci-image-config'
  | 'docker-manifest-v2'
  | 'docker-manifest-list'
  | 'error-body'
  | 'tags-list'
  | 'referrers'
  | 'token-response'
  | 'oauth2-token-response';

const BASE = 'https://oci-har-check.dev/schemas/bodies/';
const MAX_ERRORS = 5;

let validators: Map<string, ValidateFunction> | undefined;

/** Compiles every schema once, on first use (a run that sees no bodies pays nothing). */
function load(): Map<string, ValidateFunction> {
  if (validators) return validators;
  // Stop at the first error: collecting all of them is superlinear on a hostile document
  // (hundreds of thousands of bad entries in a 4 MiB manifest ran for minutes).
  const ajv = new Ajv({ allErrors: false, strict: false });
  const dir = join(PACKAGE_ROOT, 'schemas', 'bodies');
  const names: string[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.schema.json')) continue;
    ajv.addSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object);
    names.push(file.slice(0, -'.schema.json'.length));
  }
  const out = new Map<string, ValidateFunction>();
  for (const name of names) {
    const fn = ajv.getSchema(`${BASE}${name}.schema.json`);
    if (fn) out.set(name, fn);
  }
  validators = out;
  return out;
}

/** Where the document breaks its schema: at most a few `path: problem` lines, safe to print. */
export function validateBody(schema: BodySchema, value: unknown): string[] {
  const validate = load().get(schema);
  if (!validate) throw new Error(`oci-har-check: schema ${schema} missing from schemas/bodies`);
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, MAX_ERRORS).map((e) => {
    const where = e.instancePath === '' ? '(document)' : e.instancePath;
    const allowed = e.keyword === 'const' ? ` ${JSON.stringify((e.params as { allowedValue?: unknown }).allowedValue)}` : '';
    return `${where} ${e.message ?? e.keyword}${allowed}`.slice(0, 200);
  });
}
