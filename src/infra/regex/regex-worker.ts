/**
 * The thread REGEX rules run in, so that no pattern and no text can block the gateway's event loop:
 * the engine waits for an answer a bounded time, then terminates this thread.
 */
import { parentPort } from 'node:worker_threads'
import type { RE2JS } from 're2js'
import { compileRulePattern, patternProblem } from './rule-pattern.ts'

export type RegexQuestion =
  | { readonly op: 'check'; readonly pattern: string }
  | { readonly op: 'match'; readonly patterns: readonly string[]; readonly text: string }

export type RegexRequest = RegexQuestion & { readonly id: number }

export type RegexReply =
  | { readonly id: number; readonly op: 'check'; readonly problem: string | null }
  | { readonly id: number; readonly op: 'match'; readonly index: number | null; readonly failed: readonly string[] }

/** Compiled patterns, least recently used first: rules are few, messages many. */
const compiled = new Map<string, RE2JS | null>()
const CACHE_SIZE = 1000

function compiledPattern(pattern: string): RE2JS | null {
  let entry = compiled.get(pattern)
  if (entry === undefined) {
    try {
      entry = compileRulePattern(pattern)
    } catch {
      entry = null // checked at creation; a pattern an engine upgrade refuses just never matches
    }
    if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value!)
  } else {
    compiled.delete(pattern)
  }
  compiled.set(pattern, entry)
  return entry
}

function handle(request: RegexRequest): RegexReply {
  if (request.op === 'check') {
    let problem: string | null
    try {
      problem = patternProblem(request.pattern)
    } catch (error) {
      problem = `keyword could not be compiled: ${(error as Error).message}`
    }
    return { id: request.id, op: 'check', problem }
  }
  const failed: string[] = []
  for (const [index, pattern] of request.patterns.entries()) {
    const regex = compiledPattern(pattern)
    if (!regex) {
      failed.push(pattern)
      continue
    }
    try {
      if (regex.test(request.text)) return { id: request.id, op: 'match', index, failed }
    } catch {
      failed.push(pattern)
    }
  }
  return { id: request.id, op: 'match', index: null, failed }
}

parentPort?.on('message', (request: RegexRequest) => parentPort!.postMessage(handle(request)))
// Warm the compiler and matcher up before saying ready: the first real request is then not the one paying for it.
compileRulePattern('^warm(ed)?\\s+up\\b[0-9]*$').test('warm up 1')
parentPort?.postMessage('ready')
