import { createRequire } from 'node:module';

// har-validator is CommonJS and deprecated upstream ("feature complete"); it stays behind this
// one function so it can be swapped for ajv plus a vendored HAR schema.
interface SchemaError {
  keyword: string;
  dataPath?: string;
  message?: string;
}
interface HarValidator {
  entry(data: unknown, next: (error: { errors?: SchemaError[] } | null, valid: boolean) => void): boolean;
}

let validator: HarValidator | undefined;

function load(): HarValidator {
  // the callback flavour is synchronous and hands back ajv's error list
  validator ??= createRequire(import.meta.url)('har-validator/lib/async.js') as HarValidator;
  return validator;
}

const SHOWN = 3;

/**
 * har-validator's HAR 1.2 entry schema on one parsed entry (big strings already replaced by
 * placeholders). Returns a one-line summary of the first complaints, or undefined when valid.
 * Costs about a microsecond for a valid entry; never throws.
 */
export function entrySchemaProblems(entry: unknown): string | undefined {
  let errors: SchemaError[] | undefined;
  try {
    load().entry(entry, (error) => {
      errors = error?.errors;
    });
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
