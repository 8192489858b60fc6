import { defineCheck } from '../../src/check.js';
import type { OperationEvent } from '../../src/engine/events.js';
import type { OperationKind } from '../../src/oci/operation.js';
import { specLink } from '../../src/spec.js';

const MAX_WARNING_BYTES = 4096;

/** `299 - "<text>"`: code 299, agent `-`, a quoted text, no date (linear scan, no regex). */
function isSpecWarning(value: string): boolean {
  const v = value.trim();
  if (!v.startsWith('299 - "') || !v.endsWith('"') || v.length < 8) return false;
  for (let i = 7; i < v.length - 1; i++) {
    if (v[i] === '\\') i++;
    else if (v[i] === '"') return false;
  }
  return true;
}

// spec.md#warnings (v1.1.0+): "Registries MAY include a Warning header … The warn-code MUST be
// 299 and the warn-agent MUST be -" with no warn-date, and "the total size of all warning
// header values MUST be 4096 bytes or less".
export default defineCheck({
  meta: {
    id: 'general/warning-header',
    title: 'Warning headers use the 299 - "text" form, 4096 bytes at most',
    category: 'general',
    side: 'registry',
    level: 'MUST',
    requirements: ['BASE-11'],
    spec: specLink('warnings'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'Send each warning as Warning: 299 - "<text>" (no date), all of them together under 4096 bytes.',
    messages: {
      badForm: "Warning '{{value}}' is not of the form 299 - \"<text>\".",
      tooLong: 'Warning headers total {{bytes}} bytes; at most 4096 are allowed.',
    },
  },
  create(ctx) {
    const check = ({ at }: OperationEvent) => {
      if (at.failed) return;
      const values = at.response.headers.getList('warning');
      if (values.length === 0) return;
      let bytes = 0;
      for (const value of values) {
        bytes += Buffer.byteLength(value);
        if (!isSpecWarning(value)) ctx.report({ messageId: 'badForm', at, data: { value: value.length > 120 ? `${value.slice(0, 120)}…` : value } });
      }
      if (bytes > MAX_WARNING_BYTES) ctx.report({ messageId: 'tooLong', at, data: { bytes } });
    };
    const kinds: OperationKind[] = [
      'base', 'manifest.get', 'manifest.head', 'manifest.put', 'manifest.delete', 'blob.get', 'blob.head', 'blob.delete',
      'upload.start', 'upload.mount', 'upload.chunk', 'upload.close', 'upload.status', 'upload.cancel',
      'tags.list', 'referrers.list', 'catalog', 'extensions', 'unknown-v2',
    ];
    return Object.fromEntries(kinds.map((k) => [`op:${k}`, check]));
  },
});
