import { defineCheck } from '../../src/check.js';

const API_VERSION = 'registry/2.0';

// Docker's api.md "API Version Check": "When a 200 OK or 401 Unauthorized response is returned,
// the Docker-Distribution-API-Version header should be set to registry/2.0". OCI spec.md
// #legacy-docker-support-http-headers calls the header OPTIONAL and says clients SHOULD NOT
// depend on it (BASE-06), so a missing or odd value is only informational.
export default defineCheck({
  meta: {
    id: 'general/api-version-header',
    title: '/v2/ answers 200 and 401 carry Docker-Distribution-API-Version: registry/2.0',
    category: 'general',
    side: 'registry',
    level: 'SHOULD',
    severity: 'info',
    requirements: ['BASE-05'],
    spec: 'https://github.com/distribution/distribution/blob/main/docs/content/spec/api.md#api-version-check',
    fix: 'Send Docker-Distribution-API-Version: registry/2.0 on the 200 and 401 answers to GET /v2/ (proxies must pass it through).',
    messages: {
      missing: '{{status}} answer to GET /v2/ has no Docker-Distribution-API-Version header; old Docker clients take that as "not a v2 registry".',
      wrongValue: "{{status}} answer to GET /v2/ has Docker-Distribution-API-Version '{{value}}', not 'registry/2.0'.",
    },
  },
  create(ctx) {
    return {
      'op:base'({ at }) {
        if (at.failed || at.request.method.toUpperCase() !== 'GET') return;
        const status = at.response.status;
        if (status !== 200 && status !== 401) return;
        const values = at.response.headers.getAll('docker-distribution-api-version');
        if (values.length === 0) {
          ctx.report({ messageId: 'missing', at, data: { status } });
          return;
        }
        const value = values.join(', ');
        if (values.length > 1 || value.trim() !== API_VERSION) {
          ctx.report({ messageId: 'wrongValue', at, data: { status, value: value.length > 80 ? `${value.slice(0, 80)}…` : value } });
        }
      },
    };
  },
});
