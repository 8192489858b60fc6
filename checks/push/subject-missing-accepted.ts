import { defineCheck } from '../../src/check.js';
import { parseErrorBody } from '../../src/oci/error-body.js';
import { specLink } from '../../src/spec.js';

const UNKNOWN_CODES = new Set(['MANIFEST_BLOB_UNKNOWN', 'BLOB_UNKNOWN', 'MANIFEST_UNKNOWN']); // bounded: constant table

// spec.md#push (v1.1.0): a registry MUST accept an otherwise valid manifest whose `subject`
// names a manifest it does not have (yet) (PUSH-01): referrers are often pushed before, or
// without, their subject. A refusal for missing content is judged to be about the subject when
// its error names the subject's digest (observed), or when every other descriptor of the
// manifest is known to exist in the repository from this capture (inferred).
export default defineCheck({
  meta: {
    id: 'push/subject-missing-accepted',
    title: 'A manifest is not refused because its subject does not exist',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    versions: ['1.1.0', '1.1.1', 'main'],
    requirements: ['PUSH-01'],
    spec: specLink('push'),
    fix: 'Do not require the subject of a manifest to exist: store the manifest and index it as a referrer of that digest.',
    messages: {
      namedSubject: 'Manifest push was refused ({{status}} {{code}}) naming its subject {{subject}}, which the spec says need not exist.',
      onlySubjectMissing:
        'Manifest push was refused ({{status}} {{code}}) for missing content, but every blob and manifest it references is known to exist in {{repo}}; only its subject {{subject}} may be missing, which the spec says must be accepted.',
    },
  },
  create(ctx) {
    return {
      'manifest.pushed'({ at, op, manifest, missingBefore }) {
        const subject = manifest.subject;
        const status = at.response.status;
        if (!subject || at.failed || status < 400 || status >= 500 || [401, 403, 413, 429].includes(status)) return;
        const text = at.response.body.text;
        if (text === undefined) {
          ctx.notEvaluable('the refusal of a manifest with a subject has no captured error body', at);
          return;
        }
        const parsed = parseErrorBody(text);
        const entry = parsed.entries.find((e) => e.code !== undefined && UNKNOWN_CODES.has(e.code));
        if (!entry) return;
        const data = { status, code: entry.code, subject, repo: op.name };
        const mentions = parsed.entries.some((e) => (e.message ?? '').includes(subject) || JSON.stringify(e.detail ?? null).includes(subject));
        if (mentions) ctx.report({ messageId: 'namedSubject', at, data });
        else if (missingBefore.length === 0) ctx.report({ messageId: 'onlySubjectMissing', at, data, confidence: 'inferred' });
      },
    };
  },
});
