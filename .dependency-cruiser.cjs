// Import direction (docs: ARCHITECTURE.md "Layout"; issue 10): imports point inwards,
// domain ← actors/projections ← http/realtime; infra implements the ports the inner layers declare;
// only the composition root (src/main.ts, src/gateway.ts and its pieces in src/composition) knows every adapter.
// `npm run lint:imports` checks src/ against these rules, skipping the violations recorded in
// .dependency-cruiser-known-violations.json (issue 10's to-do; README "Architecture in one screen"), so a
// NEW upward import fails it, and `npm test` runs it (tests/architecture/import-direction.test.ts).
// Reactors reach sessions through the SessionCommands port, never src/actors; every aggregate runs
// on the one command handler in src/domain/decider.
// Known today: none (the baseline is empty; `npm run lint:imports:baseline` rewrites it from the tree).

// Tests and contract suites beside the code may reach for fixtures anywhere; the rules are for the code.
const TESTS = '\\.(test|contract)\\.ts$'
const COMPOSITION_ROOT = '^src/((main|gateway)\\.ts$|composition/)'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-domain',
      comment: 'src/domain is pure: it imports nothing of ours outside src/domain.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: TESTS },
      to: { path: '^(src|scripts|tests|bench|web)/', pathNot: '^src/domain/' },
    },
    {
      name: 'no-circular-in-domain',
      comment: 'No import cycles inside src/domain.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/domain/', circular: true },
    },
    {
      name: 'actors-projections-not-outwards',
      comment: 'Actors, consumers, projections and reactors do not import the edges (http, realtime, app) or the composition root.',
      severity: 'error',
      from: { path: '^src/(actors|consumers|projections|reactors)/', pathNot: TESTS },
      to: { path: ['^src/(http|realtime|app)/', COMPOSITION_ROOT] },
    },
    {
      name: 'reactors-reach-sessions-through-the-port',
      comment: 'A reactor reaches sessions through the SessionCommands port (src/domain/ports/session-commands.ts), never the actors themselves.',
      severity: 'error',
      from: { path: '^src/reactors/', pathNot: TESTS },
      to: { path: '^src/actors/' },
    },
    {
      name: 'projections-only-read',
      comment: 'A read model (src/projections) folds events into tables; it does not act: no reactors, no actors.',
      severity: 'error',
      from: { path: '^src/projections/', pathNot: TESTS },
      to: { path: '^src/(reactors|actors)/' },
    },
    {
      name: 'consumers-know-no-consumer',
      comment: 'The consumer engine (src/consumers: catch-up, checkpoints, parking, the runner) runs any projection or reactor and knows none.',
      severity: 'error',
      from: { path: '^src/consumers/', pathNot: TESTS },
      to: { path: '^src/(projections|reactors|actors)/' },
    },
    {
      name: 'http-not-realtime',
      comment: 'src/http does not import src/realtime or the composition root.',
      severity: 'error',
      from: { path: '^src/http/', pathNot: TESTS },
      to: { path: ['^src/realtime/', '^src/gateway\\.ts$'] },
    },
    {
      name: 'realtime-not-http',
      comment: 'src/realtime does not import src/http or the composition root.',
      severity: 'error',
      from: { path: '^src/realtime/', pathNot: TESTS },
      to: { path: ['^src/http/', '^src/gateway\\.ts$'] },
    },
    {
      name: 'infra-implements-ports-only',
      comment: 'src/infra (the adapters) does not import the layers that use it.',
      severity: 'error',
      from: { path: '^src/infra/', pathNot: TESTS },
      to: { path: '^src/(http|realtime|app|actors|consumers|projections|reactors)/' },
    },
    {
      name: 'sandbox-only-from-root-and-tooling',
      comment: 'The WhatsApp emulator is reached only from scripts/, tests/, bench/ and the composition root.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/sandbox/', COMPOSITION_ROOT, TESTS] },
      to: { path: '^src/sandbox/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    // TypeScript 7 has no JavaScript API for dependency-cruiser, so it parses with swc, which also
    // keeps type-only imports: a type from an outer layer is still an upward dependency.
    parser: 'swc',
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    cache: false,
  },
}
