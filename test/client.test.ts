import { describe, expect, it } from 'vitest';
import { clientLabel, parseUserAgent } from '../src/model/client.js';

const label = (ua: string | undefined) => clientLabel(parseUserAgent(ua));

describe('parseUserAgent', () => {
  it('names a tool by its first product token', () => {
    expect(label('skopeo/1.9.3')).toBe('skopeo/1.9.3');
    expect(label('containerd/1.7.0+unknown')).toBe('containerd/1.7.0+unknown');
    expect(label('docker/24.0.7 go/go1.20.10 git-commit/311b9ff kernel/6.1.0 os/linux arch/amd64 UpstreamClient(Docker-Client/24.0.7 \\(linux\\))')).toBe('docker/24.0.7');
    expect(label('Go-http-client/1.1')).toBe('Go-http-client/1.1');
    expect(label('curl')).toBe('curl');
    expect(label(undefined)).toBe('unknown');
  });

  it('names a browser by its product, not by the Mozilla/5.0 compatibility token', () => {
    // Debian chromium 156, headless, as recorded in samples/real/chromium-playwright.har
    expect(label('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36')).toBe(
      'HeadlessChrome/156.0.0.0',
    );
    expect(label('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36')).toBe('Chrome/120.0.0.0');
    expect(label('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91')).toBe(
      'Edg/120.0.2210.91',
    );
    expect(label('Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0')).toBe('Firefox/120.0');
    expect(label('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15')).toBe(
      'Safari/605.1.15',
    );
    // a product name inside a comment is not a product token
    expect(label('Mozilla/5.0 (compatible; Chrome/1.0) Gecko/1')).toBe('Mozilla/5.0');
    expect(label('Mozilla/5.0')).toBe('Mozilla/5.0');
  });
});
