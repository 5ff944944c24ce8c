import { describe, expect, it } from 'vitest';
import { call, error } from './helpers.js';

const render = (t: string, data: Record<string, unknown>) => call('strings.render_template', t, data);

describe('strings.render_template (Go text/template subset)', () => {
  const data = { name: 'x', items: ['a', 'b'], m: { b: 2, a: 1 }, n: 0, flag: true, nested: { k: 'v' } };

  it('renders fields, ranges and conditionals', () => {
    expect(render('{{range $i, $name := .items}}{{if $i}},{{end}}hello {{$name}}{{end}}', data)).toBe('hello a,hello b');
    expect(render('{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}', data)).toBe('a=1;b=2;');
    expect(render('{{if .n}}yes{{else if .flag}}flag{{else}}no{{end}}', data)).toBe('flag');
    expect(render('{{with .nested}}{{.k}}{{end}} {{$.name}}', data)).toBe('v x');
    expect(render('{{range .missing}}x{{else}}empty{{end}}', data)).toBe('empty');
  });

  it('calls builtin functions and trims whitespace', () => {
    expect(render('{{len .items}} {{index .items 1}} {{index .m "b"}}', data)).toBe('2 b 2');
    expect(render('{{.name | printf "%q"}} {{printf "%s-%d" .name 5}}', data)).toBe('"x" x-5');
    expect(render('a  {{- " b " -}}  c', data)).toBe('a b c');
    expect(render('{{if and .flag (eq .name "x")}}ok{{end}}{{/* comment */}}', data)).toBe('ok');
  });

  it('prints values as Go does and missing keys as <undefined>', () => {
    expect(render('{{.items}} {{.m}} {{.flag}}', data)).toBe('[a b] map[a:1 b:2] true');
    expect(render('test {{.foo}} {{.n}}', data)).toBe('test <undefined> 0');
    expect(error('strings.render_template', '{{nope}}', {})).toMatch(/function "nope" not defined/);
  });
});
