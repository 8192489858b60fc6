import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-manifests-with-subject: "When processing a request for an image manifest with
// the subject field, a registry implementation that supports the referrers API MUST respond
// with the response header OCI-Subject: <subject digest>".
export default defineCheck({
  meta: {
    id: 'push/subject-response-header',
    title: 'A registry with the referrers API confirms subject pushes with OCI-Subject',
    category: 'push',
    side: 'registry',
    level: 'MUST',
    requirements: ['SUBJ-01', 'REF-02'],
    spec: specLink('pushing-manifests-with-subject'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'Answer a manifest PUT whose body has subject with OCI-Subject: <subject digest> whenever the referrers API is enabled.',
    messages: {
      missing: 'Registry answers the referrers API (entry #{{proof}}) but accepted a manifest with subject {{subject}} without OCI-Subject; clients will also maintain a fallback tag.',
      wrongValue: "OCI-Subject '{{header}}' does not name the manifest's subject {{subject}}.",
    },
  },
  create(ctx) {
    const supported = new BoundedMap<string, Exchange>(256);
    const unconfirmed: { at: Exchange; subject: string; origin: string }[] = [];
    return {
      'referrers.listed'({ at }) {
        const origin = at.request.url?.origin;
        if (origin && !supported.has(origin)) supported.set(origin, at);
      },
      'manifest.pushed'({ at, manifest }) {
        if (at.failed || at.response.status < 200 || at.response.status > 299 || !manifest.subject) return;
        const header = at.response.headers.get('oci-subject');
        if (header === undefined) {
          unconfirmed.push({ at, subject: manifest.subject, origin: at.request.origin });
          if (unconfirmed.length > 4096) unconfirmed.shift();
        } else if (header.trim() !== manifest.subject) {
          ctx.report({ messageId: 'wrongValue', at, data: { header, subject: manifest.subject } });
        }
      },
      'capture.end'() {
        for (const { at, subject, origin } of unconfirmed) {
          const proof = supported.get(origin);
          if (proof) ctx.report({ messageId: 'missing', at, data: { subject, proof: proof.index }, related: [proof] });
        }
      },
    };
  },
});
