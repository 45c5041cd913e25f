/**
 * The refusal catalogue, every code reachable (the way TigerBeetle tests every result code):
 * each code of domain/refusal-codes.ts is raised somewhere in domain/, api/, functions/ or
 * local/, and asserted by at least one test. A code nobody raises is dead: delete it; a code
 * no test asserts: add the test that reaches it. Kinds agree with statuses at compile time
 * (domain/refusal.ts); the checks below prove the runtime mapping says the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isDomainRefusalCode,
  kindOf,
  Refusal,
  statusOfKind,
  type DomainRefusalCode,
} from '#domain/refusal.ts';
import { refusalCodes, type RefusalCode } from '#domain/refusal-codes.ts';

const root = join(import.meta.dirname, '..', '..');
const codes = Object.keys(refusalCodes) as RefusalCode[];

function sources(folder: string): { path: string; text: string }[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => {
      const path = relative(root, join(entry.parentPath, entry.name));
      return { path, text: readFileSync(join(root, path), 'utf8') };
    });
}

const quoted = (code: string) => new RegExp(`['"\`]${code}['"\`]`);
const mentioning = (files: { path: string; text: string }[], code: string) =>
  files.filter((file) => quoted(code).test(file.text)).map((file) => file.path);

const catalogueFile = join('domain', 'refusal-codes.ts');
const raisingFiles = ['domain', 'api', 'functions', 'local']
  .flatMap(sources)
  .filter((file) => file.path !== catalogueFile);
const thisFile = relative(root, import.meta.filename);
const testFiles = sources('test').filter((file) => file.path !== thisFile);

describe('the refusal catalogue', () => {
  it('gives every code a status and a zh-CN title', () => {
    expect(codes.length).toBeGreaterThan(150);
    for (const code of codes) {
      expect(code, code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(refusalCodes[code].title, code).toMatch(/\p{Script=Han}/u);
    }
  });

  it('raises every code somewhere in domain/, api/, functions/ or local/', () => {
    const dead = codes.filter((code) => mentioning(raisingFiles, code).length === 0);
    expect(dead, 'codes nobody raises: delete them').toEqual([]);
  });

  it('has every code asserted by at least one test', () => {
    const untested = codes.filter((code) => mentioning(testFiles, code).length === 0);
    expect(untested, 'codes no test asserts: add the test that reaches them').toEqual([]);
  });

  it('lists every UPPER_SNAKE code a source file puts in a refusal or a problem', () => {
    const raised = new Set(
      raisingFiles.flatMap((file) =>
        [
          ...file.text.matchAll(
            /(?:new Refusal\(\s*|problemOf\(\s*|notFound\(\s*|code:\s*|refusalParam\]:\s*)'([A-Z][A-Z0-9_]+)'/g,
          ),
        ].map((match) => match[1]!),
      ),
    );
    expect([...raised].filter((code) => !Object.hasOwn(refusalCodes, code))).toEqual([]);
    expect(raised.size).toBeGreaterThan(100);
  });

  it('gives a Refusal the kind whose status the catalogue gives its code', () => {
    const domainCodes = codes.filter(isDomainRefusalCode);
    // Only the HTTP layer's own answers (401, 403, 413, 500, 503) are no Refusal.
    expect(codes.filter((code) => !isDomainRefusalCode(code)).sort()).toEqual(
      [
        'BODY_TOO_LARGE',
        'FORBIDDEN_ROLE',
        'FORBIDDEN_SCOPE',
        'INTERNAL_ERROR',
        'STARTING',
        'UNAUTHORIZED',
      ].sort(),
    );
    for (const code of domainCodes as DomainRefusalCode[]) {
      expect(statusOfKind[kindOf(code)], code).toBe(refusalCodes[code].status);
      expect(new Refusal(code, '标题').kind, code).toBe(kindOf(code));
    }
    expect(new Refusal('LOAN_CLOSED', '该借款已结清').kind).toBe('refused');
    expect(new Refusal('CURSOR_INVALID', '分页游标无效').kind).toBe('invalid');
    expect(new Refusal('PLAN_STALE', '请重新制定调剂方案').kind).toBe('conflict');
    expect(new Refusal('LOAN_NOT_FOUND', '借款不存在').kind).toBe('not-found');
  });
});
