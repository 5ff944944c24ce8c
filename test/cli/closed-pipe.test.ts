import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitOnClosedPipe } from '../../src/cli/main.js';

describe('a closed output pipe (syncgate rules | head -1)', () => {
  it('ends the run quietly with the exit code so far', () => {
    const stdout = new EventEmitter();
    const exits: number[] = [];
    const saved = process.exitCode;
    try {
      process.exitCode = 1;
      exitOnClosedPipe([stdout], (code) => exits.push(code));
      stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      expect(exits).toEqual([1]);
    } finally {
      process.exitCode = saved;
    }
  });

  it('leaves other write errors to fail loudly', () => {
    const stdout = new EventEmitter();
    const exits: number[] = [];
    exitOnClosedPipe([stdout], (code) => exits.push(code));
    expect(() => stdout.emit('error', Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))).toThrow('no space left');
    expect(exits).toEqual([]);
  });
});
