import { defineCheck } from '../../src/check.js';

// HAR 1.2: a capture is one JSON document. A file cut off by a killed tool or a size limit
// still holds complete entries; we analyze those and must say where the evidence stops.
export default defineCheck({
  meta: {
    id: 'capture/truncated-capture',
    title: 'The capture file is complete',
    category: 'capture',
    side: 'capture',
    level: 'heuristic',
    severity: 'warning',
    requirements: ['HAR-02'],
    spec: 'https://github.com/ahmadnassri/har-spec/blob/3a6b30c7734efb2584bd76cbf41ede1b2742e4c3/versions/1.2.md#log',
    fix: 'Stop the capture tool cleanly (mitmdump: SIGINT; browsers: wait for the export) so it finishes writing the file.',
    messages: {
      truncated: 'The capture ends early ({{reason}}) at byte {{offset}}, after {{entries}} complete entries; later traffic is missing and "absent" findings may be false.',
    },
  },
  create(ctx) {
    return {
      'capture.end'({ info }) {
        const stop = info.stoppedAt;
        if (!stop) return;
        ctx.report({
          messageId: 'truncated',
          at: { index: stop.entry, pointer: `/log/entries/${stop.entry}`, startedDateTime: '', method: '', url: '' },
          data: { reason: stop.reason, offset: stop.offset, entries: stop.entry },
        });
      },
    };
  },
});
