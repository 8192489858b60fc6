// Preload (node --import ./node-proxy.mjs): sends every plain-HTTP request that node:http
// makes to the forward proxy named by CAPTURE_PROXY (e.g. http://127.0.0.1:8150), in the
// classic way of HTTP forward proxies (RFC 9112 §3.2.2): the connection goes to the proxy,
// the request target is the absolute URL ("GET http://registry.test:5151/v2/ HTTP/1.1") and
// Host stays the origin's. Node's http client ignores HTTP_PROXY (Node 20), and some
// libraries that read it themselves tunnel with CONNECT instead; this way every library's
// requests reach the recording proxy the same way, whatever HTTP stack it uses on top of
// node:http. Nothing else changes: method, headers (their order and case), body, agent.
// https requests are left alone (the capture kit speaks plain HTTP only).
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { URL, urlToHttpOptions } from 'node:url';

const proxy = process.env.CAPTURE_PROXY ? new URL(process.env.CAPTURE_PROXY) : undefined;
if (proxy) {
  const proxyHost = proxy.hostname;
  const proxyPort = Number(proxy.port || 80);
  const originalRequest = http.request;

  // Node's own argument forms: (url[, options][, cb]) or (options[, cb]).
  const normalise = (args) => {
    let [first, second, third] = args;
    let options;
    let callback;
    if (typeof first === 'string' || first instanceof URL) {
      options = urlToHttpOptions(new URL(first));
      if (typeof second === 'function') callback = second;
      else {
        Object.assign(options, second);
        callback = third;
      }
    } else {
      options = { ...first };
      callback = second;
    }
    return { options, callback };
  };

  const hasHeader = (headers, name) =>
    Array.isArray(headers)
      ? headers.some((value, i) => i % 2 === 0 && String(value).toLowerCase() === name)
      : Object.keys(headers).some((key) => key.toLowerCase() === name);

  const request = (...args) => {
    const { options, callback } = normalise(args);
    if (options.socketPath || options.createConnection || (options.protocol && options.protocol !== 'http:')) {
      return originalRequest(options, callback);
    }
    const hostname = (options.hostname || options.host || 'localhost').replace(/^\[(.*)\]$/, '$1');
    const port = Number(options.port || options.defaultPort || 80);
    if ((hostname === proxyHost || hostname === 'localhost') && port === proxyPort) return originalRequest(options, callback);
    const authority = (hostname.includes(':') ? `[${hostname}]` : hostname) + (port === 80 ? '' : `:${port}`);
    const headers = Array.isArray(options.headers) ? [...options.headers] : { ...(options.headers ?? {}) };
    // Node would name the proxy in Host; the origin server is the one meant.
    if (options.setHost !== false && !hasHeader(headers, 'host')) {
      if (Array.isArray(headers)) headers.push('Host', authority);
      else headers.Host = authority;
    }
    const proxied = {
      ...options,
      protocol: 'http:',
      host: proxyHost,
      hostname: proxyHost,
      port: proxyPort,
      // A library that already puts an absolute URL in path (docker-registry-client does, with
      // the upload Location) sends that to the origin server as is: the proxy gets it as is too.
      path: /^https?:\/\//i.test(options.path ?? '') ? options.path : `http://${authority}${options.path || '/'}`,
      headers,
      setHost: false,
    };
    return originalRequest(proxied, callback);
  };

  // http.get calls lib/http.js's own request(), not the exported one: replace it as well.
  const get = (...args) => {
    const req = request(...args);
    req.end();
    return req;
  };

  http.request = request;
  http.get = get;
  syncBuiltinESMExports();
}
