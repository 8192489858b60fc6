import { defineCheck } from '../../src/check.js';
import { BoundedSet } from '../../src/engine/bounded-map.js';

// HAR 1.2 content.text holds the body "decoded from the transfer encoding"; binary bodies
// need encoding: "base64". Digest rules can only run on bodies kept exactly.
export default defineCheck({
  meta: {
    id: 'capture/body-fidelity',
    title: 'Bodies are captured exactly (so digests can be verified)',
    category: 'capture',
    side: 'capture',
    level: 'heuristic',
    severity: 'info',
    requirements: ['HAR-03'],
    spec: 'https://github.com/ahmadnassri/har-spec/blob/3a6b30c7734efb2584bd76cbf41ede1b2742e4c3/versions/1.2.md#content',
    fix: 'Capture with full bodies (mitmproxy, Playwright recordHar with content "embed", DevTools "with content"), binary as base64.',
    messages: {
      notExact: 'The capture did not keep this entry\'s body exactly ({{detail}}); rules that need its bytes report "not evaluable".',
    },
  },
  create(ctx) {
    const reported = new BoundedSet<number>(65536);
    return {
      'capture.noted'({ note }) {
        if (note.code !== 'body-not-exact' || note.entry === undefined || reported.has(note.entry)) return;
        reported.add(note.entry);
        ctx.report({
          messageId: 'notExact',
          at: { index: note.entry, pointer: `/log/entries/${note.entry}`, startedDateTime: '', method: '', url: '' },
          data: { detail: note.message },
        });
      },
    };
  },
});
