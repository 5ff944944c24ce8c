import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { BuiltinHalt, getBuiltin } from '../../../src/rego/builtins/index.js';
import { fromJSON, toJSONText } from '../../../src/rego/value.js';
import { context, error } from './helpers.js';

// The builtin blocks while a child process makes the request, so the server runs in another process.
const SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.url === '/yaml') { res.setHeader('Content-Type', 'application/yaml'); res.end('a: yes'); return; }
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('X-Test', 'one');
    res.end(JSON.stringify({ method: req.method, body, ct: req.headers['content-type'] ?? null }));
  });
});
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;

let server: ChildProcess;
let port = 0;

beforeAll(async () => {
  server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  port = await new Promise<number>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
});
afterAll(() => {
  server.kill();
});

const send = (req: Record<string, unknown>, allowNetwork = true) =>
  getBuiltin('http.send')!.impl([fromJSON(req)], context({ allowNetwork }));

describe('http.send', () => {
  it('refuses without network access, after validating the request', () => {
    expect(() => send({ method: 'get', url: 'http://127.0.0.1:1' }, false)).toThrow(BuiltinHalt);
    expect(error('http.send', { method: 'get' })).toBe('eval_type_error: operand 1 missing required request parameters(s): {"url"}');
  });

  it('sends requests and shapes responses like OPA', () => {
    const r = send({ method: 'post', url: `http://127.0.0.1:${port}/x`, body: { a: 1 }, headers: { 'X-Y': 'z' } })!;
    const text = toJSONText(r);
    expect(text).toContain('"status_code":200');
    expect(text).toContain('"status":"200 OK"');
    expect(text).toContain('"body":{"body":"{\\"a\\":1}","ct":"application/json","method":"POST"}');
    expect(text).toContain('"x-test":["one"]');
    expect(toJSONText(send({ method: 'get', url: `http://127.0.0.1:${port}/yaml` })!)).toContain('"body":{"a":true}');
  });

  it('answers a repeated request from the query cache', () => {
    const ctx = context({ allowNetwork: true });
    const req = [fromJSON({ method: 'get', url: `http://127.0.0.1:${port}/c` })];
    const first = getBuiltin('http.send')!.impl(req, ctx);
    expect(getBuiltin('http.send')!.impl(req, ctx)).toBe(first);
  });

  it('reports network errors as errors or, with raise_error false, in the response', () => {
    const r = send({ method: 'get', url: 'http://127.0.0.1:1/', raise_error: false, timeout: '2s' })!;
    expect(toJSONText(r)).toMatch(/"error":\{"code":"eval_http_send_network_error","message":"GET http:\/\/127\.0\.0\.1:1\/: .+"\},"status_code":0/);
    expect(() => send({ method: 'get', url: 'http://127.0.0.1:1/', timeout: '2s' })).toThrow(/GET http:\/\/127.0.0.1:1\//);
  });
});
