/** The client as named by its User-Agent: first product token, e.g. `skopeo/1.9.3`. */
export interface ClientId {
  product: string;
  version?: string;
  userAgent?: string;
}

export const UNKNOWN_CLIENT: ClientId = Object.freeze({ product: 'unknown' });

// Linear: one scan for the first token; no regex over the whole header.
export function parseUserAgent(userAgent: string | undefined): ClientId {
  if (!userAgent) return UNKNOWN_CLIENT;
  const ua = userAgent.trim();
  let end = 0;
  while (end < ua.length && ua.charCodeAt(end) > 0x20 && ua[end] !== '(') end++;
  const token = ua.slice(0, end);
  if (!token) return { product: 'unknown', userAgent: ua };
  const slash = token.indexOf('/');
  if (slash <= 0) return { product: token, userAgent: ua };
  const version = token.slice(slash + 1);
  return version
    ? { product: token.slice(0, slash), version, userAgent: ua }
    : { product: token.slice(0, slash), userAgent: ua };
}

export function clientLabel(client: ClientId): string {
  return client.version ? `${client.product}/${client.version}` : client.product;
}
