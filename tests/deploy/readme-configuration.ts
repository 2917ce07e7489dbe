import { readFileSync } from 'node:fs'

/** The variable names in README.md's "Configuration" table (first column, e.g. "`PORT` / `HOST`"). */
export function readmeConfigurationVariables(readme = readFileSync('README.md', 'utf8')): Set<string> {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Configuration'))
  if (!section) throw new Error('README.md has no "## Configuration" section')
  const names = new Set<string>()
  for (const line of section.split('\n')) {
    const firstCell = /^\|([^|]+)\|/.exec(line)?.[1]
    if (!firstCell) continue
    for (const m of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(m[1]!)
  }
  return names
}
