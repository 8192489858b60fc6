/** The client as named by its User-Agent: first product token, e.g. `skopeo/1.9.3` (for browsers, the browser's token, e.g. `Chrome/120.0.0.0`). */
export interface ClientId {
  product: string;
  version?: string;
  userAgent?: string;
}

export const UNKNOWN_CLIENT: ClientId = Object.freeze({ product: 'unknown' });

// Browsers all start with the compatibility token `Mozilla/5.0`; the product that names them is
// a later token: the first of these found, in this order (Edge and Opera also say Chrome and
// Safari, Chrome also says Safari).
const BROWSERS = ['Edg', 'OPR', 'Firefox', 'HeadlessChrome', 'Chrome', 'Chromium', 'Safari'];

/** The product tokens of a User-Agent, comments in parentheses skipped. Linear, no regex. */
function productTokens(ua: string): string[] {
  const tokens: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i <= ua.length; i++) {
    const c = i < ua.length ? ua[i]! : ' ';
    const separator = c === '(' || c === ')' || ua.charCodeAt(i) <= 0x20 || i === ua.length;
    if (separator && start >= 0) {
      if (depth === 0) tokens.push(ua.slice(start, i));
      start = -1;
    }
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (!separator && start < 0) start = i;
  }
  return tokens;
}

function clientOf(token: string, ua: string): ClientId {
  const slash = token.indexOf('/');
  if (slash <= 0) return { product: token, userAgent: ua };
  const version = token.slice(slash + 1);
  return version
    ? { product: token.slice(0, slash), version, userAgent: ua }
    : { product: token.slice(0, slash), userAgent: ua };
}

export function parseUserAgent(userAgent: string | undefined): ClientId {
  if (!userAgent) return UNKNOWN_CLIENT;
  const ua = userAgent.trim();
  let end = 0;
  while (end < ua.length && ua.charCodeAt(end) > 0x20 && ua[end] !== '(') end++;
  const token = ua.slice(0, end);
  if (!token) return { product: 'unknown', userAgent: ua };
  if (token.startsWith('Mozilla/')) {
    const tokens = productTokens(ua);
    for (const name of BROWSERS) {
      const found = tokens.find((t) => t.startsWith(`${name}/`));
      if (found) return clientOf(found, ua);
    }
  }
  return clientOf(token, ua);
}

export function clientLabel(client: ClientId): string {
  return client.version ? `${client.product}/${client.version}` : client.product;
}
