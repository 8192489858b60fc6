import type { Operation } from './oci/operation.js';

/** Names the workflow an operation belongs to, the way the spec groups them, plus the repository. */
export function workflowOf(op: Operation | undefined): string {
  if (!op) return 'other';
  const repo = 'name' in op ? ` ${op.name}` : '';
  switch (op.kind) {
    case 'manifest.get':
    case 'manifest.head':
    case 'blob.get':
    case 'blob.head':
      return `pull${repo}`;
    case 'manifest.put':
    case 'upload.start':
    case 'upload.mount':
    case 'upload.chunk':
    case 'upload.close':
    case 'upload.status':
    case 'upload.cancel':
      return `push${repo}`;
    case 'tags.list':
    case 'referrers.list':
    case 'catalog':
    case 'extensions':
      return `discovery${repo}`;
    case 'manifest.delete':
    case 'blob.delete':
      return `management${repo}`;
    case 'base':
      return 'base';
    case 'token':
      return 'auth';
    case 'redirect-target':
      return 'redirect';
    case 'unknown-v2':
    case 'unknown':
      return 'other';
  }
}
