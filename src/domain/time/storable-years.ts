/** The years a date may name: what Postgres, JavaScript and ISO 8601 without a sign all hold. */
export const STORABLE_YEARS = { min: 1970, max: 9999 } as const

export function isWithinStorableYears(date: Date): boolean {
  const year = date.getUTCFullYear()
  return !Number.isNaN(year) && year >= STORABLE_YEARS.min && year <= STORABLE_YEARS.max
}
