import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // Quiet: what tests print is shown for failing tests only; libsignal's session dumps (private keys
    // included), which the sandbox's and Baileys' Signal sessions print by themselves, never.
    silent: 'passed-only',
    setupFiles: ['tests/support/quiet-libsignal.ts'],
  },
})
