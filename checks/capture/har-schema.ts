import { defineCheck } from '../../src/check.js';

// HAR 1.2 (W3C draft, "HTTP Archive (HAR) format"): log.entries[] objects with the required
// request/response/timings fields. Producers break it in known ways; we read on, but say so.
export default defineCheck({
  meta: {
    id: 'capture/har-schema',
    title: 'Capture entries follow the HAR 1.2 schema',
    category: 'capture',
    side: 'capture',
    level: 'heuristic',
    severity: 'info',
    requirements: ['HAR-01'],
    spec: 'https://github.com/ahmadnassri/har-spec/blob/3a6b30c7734efb2584bd76cbf41ede1b2742e4c3/versions/1.2.md#entries',
    fix: 'Use a capture tool that writes valid HAR 1.2, or accept the note: the analyzer reads past these defects.',
    messages: {
      invalid: 'Entry does not follow the HAR 1.2 schema: {{detail}}',
    },
  },
  create(ctx) {
    return {
      'capture.noted'({ note }) {
        if (note.code !== 'har-schema' || note.entry === undefined) return;
        ctx.report({
          messageId: 'invalid',
          at: { index: note.entry, pointer: `/log/entries/${note.entry}`, startedDateTime: '', method: '', url: '' },
          data: { detail: note.message },
        });
      },
    };
  },
});
