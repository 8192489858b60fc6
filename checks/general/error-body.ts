import { defineCheck } from '../../src/check.js';
import { isRecord } from '../../src/engine/json-body.js';
import { validateBody } from '../../src/oci/body-schemas.js';
import { errorCodeKind } from '../../src/oci/error-body.js';
import { specLink } from '../../src/spec.js';

// spec.md#error-codes: "A 4XX response code from the registry MAY return a body in any format.
// If the response body is in JSON format, it MUST be in the following format: {"errors": [{
// "code": "<error identifier, see below>", "message": "<message describing condition>",
// "detail": "<unstructured>"}, …]}". "The code field MUST be one of the following".
export default defineCheck({
  meta: {
    id: 'general/error-body',
    title: 'JSON error bodies use the {"errors":[{code,message,detail}]} shape and spec codes',
    category: 'general',
    side: 'registry',
    level: 'MUST',
    requirements: ['ERR-01', 'ERR-02', 'ERR-03'],
    spec: specLink('error-codes'),
    fix: 'Answer 4xx errors with {"errors":[{"code":"<CODE from the spec table>","message":"…","detail":…}]}.',
    messages: {
      badShape: '{{status}} response body is JSON but not {"errors":[…]} ({{problem}}).',
      unknownCode: "{{status}} response uses error code '{{code}}', which is not in the spec's table.",
      legacyCode: "{{status}} response uses legacy Docker error code '{{code}}'; OCI clients may not know it.",
    },
  },
  create(ctx) {
    return {
      'error.returned'({ at, body }) {
        const status = at.response.status;
        if (status < 400 || status > 499) return;
        if (body.kind === 'not-evaluable') {
          ctx.notEvaluable(body.reason, at);
          return;
        }
        if (body.kind !== 'json') return; // non-JSON bodies are allowed
        const value = body.value;
        // The shape (errors array, string code in upper case and underscores, string message)
        // from schemas/bodies/error-body; which codes are allowed is the table below.
        // A string code outside the table is reported once, as unknownCode, not also as shape.
        const schemaErrors = validateBody('error-body', value).filter((e) => !/^\/errors\/\d+\/code must match pattern/.test(e));
        if (schemaErrors.length) ctx.report({ messageId: 'badShape', at, data: { status, problem: schemaErrors.join('; ') } });
        if (!isRecord(value) || !Array.isArray(value.errors)) return;
        for (const item of value.errors as unknown[]) {
          if (!isRecord(item) || typeof item.code !== 'string') continue;
          const kind = errorCodeKind(item.code);
          if (kind === 'legacy' || kind === 'extension') ctx.report({ messageId: 'legacyCode', at, data: { status, code: item.code }, severity: 'info' });
          else if (kind === 'unknown') ctx.report({ messageId: 'unknownCode', at, data: { status, code: item.code } });
        }
      },
    };
  },
});
