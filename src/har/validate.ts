import { createRequire } from 'node:module';

// har-validator is CommonJS and deprecated upstream ("feature complete"); it stays behind this
// one function so it can be swapped for ajv plus a vendored HAR schema.
interface SchemaError {
  keyword: string;
  dataPath?: string;
  message?: string;
}
type EntryCheck = (entry: unknown) => SchemaError[] | undefined;

let check: EntryCheck | undefined;

/**
 * har-validator's entry check. Its `entry()` looks the schema up by URI on every call (a
 * third of its cost), so we build the same validator once — its own ajv and har-schema, set
 * up as its lib/async.js does — and fall back to `entry()` if that layout ever changes.
 */
function load(): EntryCheck {
  if (check) return check;
  const require = createRequire(import.meta.url);
  try {
    const fromValidator = createRequire(require.resolve('har-validator/package.json'));
    const Ajv = fromValidator('ajv') as new (opts: object) => {
      addMetaSchema(schema: unknown): void;
      addSchema(schema: unknown): void;
      getSchema(id: string): ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
    };
    const ajv = new Ajv({ allErrors: true });
    ajv.addMetaSchema(fromValidator('ajv/lib/refs/json-schema-draft-06.json'));
    ajv.addSchema(fromValidator('har-schema'));
    const validate = ajv.getSchema('entry.json');
    check = (entry) => (validate(entry) ? undefined : (validate.errors ?? undefined));
  } catch {
    const validator = require('har-validator/lib/async.js') as {
      entry(data: unknown, next: (error: { errors?: SchemaError[] } | null) => void): boolean;
    };
    check = (entry) => {
      let errors: SchemaError[] | undefined;
      validator.entry(entry, (error) => {
        errors = error?.errors;
      });
      return errors;
    };
  }
  return check;
}

const SHOWN = 3;

/**
 * The HAR 1.2 entry schema on one parsed entry (big strings already replaced by
 * placeholders). Returns a one-line summary of the first complaints, or undefined when valid.
 * About a microsecond for a valid entry; never throws.
 */
export function entrySchemaProblems(entry: unknown): string | undefined {
  let errors: SchemaError[] | undefined;
  try {
    errors = load()(entry);
  } catch (error) {
    return `validator failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!errors?.length) return undefined;
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'oneOf') continue; // restates the branch errors it follows
    const path = e.dataPath ? e.dataPath.replace(/^\./, '') : 'entry';
    seen.add(`${path}: ${e.message ?? e.keyword}`);
  }
  const all = [...seen];
  const more = all.length > SHOWN ? ` (+${all.length - SHOWN} more)` : '';
  return all.slice(0, SHOWN).join('; ') + more;
}
